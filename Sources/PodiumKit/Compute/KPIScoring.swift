/// The KPI score of SPEC §3.3: six dimensions, weighted, re-weighted over those present, capped.
enum KPIScoring {
    private static let hundred = Fraction(100)

    /// `visits`: the agent's visit figures (nil without any); with `[kpi] process_source =
    /// "visits"` the process dimension is 100 × visit_compliance (SPEC §7.1), not kpi.csv's.
    ///
    /// `weights`: the dimensions weighted above zero for the agent's role and market (its
    /// `PayRules`), in any order and any common scale — the sums are exact and only the weights'
    /// ratios count (`PayRules` passes them as whole numbers).
    static func score(_ r: inout AgentResult, kpi: KPIRow?, visits: VisitTotals?, growthTarget: Fraction?,
                      weights: [(dimension: KPIDimension, weight: Fraction)], plan: Plan) {
        let cap = plan.kpiCap
        func clamp(_ x: Fraction) -> Fraction { Fraction.min(Fraction.max(x, .zero), cap) }
        var volume: Fraction?, growth: Fraction?
        if let a = r.attainment { volume = clamp(hundred * a) }
        if r.priorBasis.cents > 0 {
            let denominator = r.priorBasis.fraction * (Fraction.one + (growthTarget ?? .zero))
            if !denominator.isZero { growth = clamp(hundred * r.premiumBasis.fraction / denominator) }
        }
        let process: Fraction? = plan.processFromVisits ? visits?.compliance.map { clamp(hundred * $0) } : nil
        r.dimensionScores[.volume] = volume?.scaled(2, plan.rounding)
        r.dimensionScores[.growth] = growth?.scaled(2, plan.rounding)
        // A manager-assessed score is v/100 with v in hundredths: shown as v itself, and weighted
        // as Σ w·v / 100 (one division for the four instead of one each; the sum is exact either way).
        var assessedSum = Fraction.zero
        var weighted = Fraction.zero
        var weightSum = Fraction.zero
        for (d, w) in weights {
            switch d {
            case .volume:
                if let s = volume { weighted = weighted + w * s; weightSum = weightSum + w }
            case .growth:
                if let s = growth { weighted = weighted + w * s; weightSum = weightSum + w }
            case .process where plan.processFromVisits:
                if let s = process { weighted = weighted + w * s; weightSum = weightSum + w }
            case .planning, .process, .admin, .attitude:
                if let v = kpi?.score(d) { assessedSum = assessedSum + w * Fraction(v); weightSum = weightSum + w }
            }
        }
        if let kpi {
            for d in KPIDimension.assessed { r.dimensionScores[d] = kpi.score(d).map(Int64.init) }
        }
        if plan.processFromVisits { r.dimensionScores[.process] = process?.scaled(2, plan.rounding) }
        if !assessedSum.isZero { weighted = weighted + assessedSum / hundred }
        r.kpiScore = weightSum.isZero ? nil : (weighted / weightSum).scaled(2, plan.rounding)
    }
}
