/// The KPI score of SPEC §3.3: six dimensions, weighted, re-weighted over those present, capped.
enum KPIScoring {
    static func score(_ r: inout AgentResult, kpi: KPIRow?, growthTarget: Fraction?, plan: Plan) {
        let cap = plan.kpiCap
        let hundred = Fraction(100)
        func clamp(_ x: Fraction) -> Fraction { Fraction.min(Fraction.max(x, .zero), cap) }
        var scores = DimensionTable<Fraction>()
        if let a = r.attainment { scores[.volume] = clamp(hundred * a) }
        if r.priorBasis.cents > 0 {
            let denominator = r.priorBasis.fraction * (Fraction.one + (growthTarget ?? .zero))
            if !denominator.isZero { scores[.growth] = clamp(hundred * r.premiumBasis.fraction / denominator) }
        }
        if let kpi {
            for d in [KPIDimension.planning, .process, .admin, .attitude] {
                if let v = kpi.score(d) { scores[d] = Fraction(v) / hundred }
            }
        }
        for d in KPIDimension.allCases { r.dimensionScores[d] = scores[d].map { $0.scaled(2, plan.rounding) } }
        var weighted = Fraction.zero
        var weightSum = Fraction.zero
        for d in KPIDimension.allCases {
            guard let w = r.weights[d], w > .zero, let s = scores[d] else { continue }
            weighted = weighted + w * s
            weightSum = weightSum + w
        }
        r.kpiScore = weightSum.isZero ? nil : (weighted / weightSum).scaled(2, plan.rounding)
    }
}
