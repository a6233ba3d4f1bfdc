import BigInt

/// The KPI score of SPEC §3.3: six dimensions, weighted, re-weighted over those present, capped.
enum KPIScoring {
    /// `visits`: the agent's visit figures (nil without any); with `[kpi] process_source =
    /// "visits"` the process dimension is 100 × visit_compliance (SPEC §7.1), not kpi.csv's.
    ///
    /// The weights are the rules' `positiveWeights`: the dimensions weighted above zero for the
    /// agent's role and market, as whole numbers in the plan's proportions — the sums are exact
    /// and only the weights' ratios count. `r` is changed only when nothing overflowed.
    static func score<N: ExactNumber>(_ r: inout AgentResult, kpi: KPIRow?, visits: VisitTotals?,
                                      rules: PayRules<N>, plan: Plan) throws(ArithmeticOverflow) {
        let hundred = N(ratio: 100, 1)
        let cap = rules.kpiCap
        var volume: N?, growth: N?
        if let a = r.attainment(as: N.self) { volume = try (hundred * a).clamped(to: cap) }
        if r.priorBasis.cents > 0 {
            let denominator = try N(ratio: r.priorBasis.cents, 100) * (N.one + (rules.growthTarget ?? .zero))
            if !denominator.isZero { growth = try (hundred * N(ratio: r.premiumBasis.cents, 100) / denominator).clamped(to: cap) }
        }
        var process: N?
        if plan.processFromVisits, let compliance = visits?.compliance(as: N.self) { process = try (hundred * compliance).clamped(to: cap) }
        // A manager-assessed score is v/100 with v in hundredths: shown as v itself, and weighted
        // as Σ w·v / 100 (one division for the four instead of one each; the sum is exact either way).
        var assessedSum = N.zero
        var weighted = N.zero
        var weightSum = N.zero
        for (d, w) in rules.positiveWeights {
            switch d {
            case .volume:
                if let s = volume { weighted = try weighted + w * s; weightSum = try weightSum + w }
            case .growth:
                if let s = growth { weighted = try weighted + w * s; weightSum = try weightSum + w }
            case .process where plan.processFromVisits:
                if let s = process { weighted = try weighted + w * s; weightSum = try weightSum + w }
            case .planning, .process, .admin, .attitude:
                if let v = kpi?.score(d) { assessedSum = try assessedSum + w * N(ratio: Int64(v), 1); weightSum = try weightSum + w }
            }
        }
        if !assessedSum.isZero { weighted = try weighted + assessedSum / hundred }
        let kpiScore = weightSum.isZero ? nil : try (weighted / weightSum).scaled(2, plan.rounding)
        var scores = DimensionTable<Int64>()
        scores[.volume] = try volume?.scaled(2, plan.rounding)
        scores[.growth] = try growth?.scaled(2, plan.rounding)
        if let kpi {
            for d in KPIDimension.assessed { scores[d] = kpi.score(d).map(Int64.init) }
        }
        if plan.processFromVisits { scores[.process] = try process?.scaled(2, plan.rounding) }
        r.dimensionScores = scores
        r.kpiScore = kpiScore
    }

    /// The weights times the least common multiple of their denominators (0.25, 0.3 → 5, 6).
    static func wholeWeights(_ weights: [(dimension: KPIDimension, weight: Fraction)]) -> [(dimension: KPIDimension, weight: Fraction)] {
        var multiple = BigInt(1)
        for (_, w) in weights {
            let d = w.denominator
            multiple = multiple / multiple.greatestCommonDivisor(with: d) * d
        }
        let m = Fraction(multiple)
        return weights.map { ($0.dimension, $0.weight * m) }
    }
}
