/// The formula of each pay line with the agent's numbers, shared by `podium explain` and the
/// HTML statements so that both always say the same thing.
public enum PayFormulas {
    public struct Lines: Sendable {
        public var base: String
        public var commission: String
        public var bonus: String
        public var override: String
    }

    /// The words of the formulas, per language.
    public struct Words: Sendable {
        var days, tierMix, above, atAttainment, noAttainment, cappedAt, score, generation, noOverride, inactive: String
        var why: [String: String]

        public static let english = Words(days: "days", tierMix: "tier mix", above: "above", atAttainment: "at attainment",
                                          noAttainment: "no attainment: first tier", cappedAt: "capped at", score: "score",
                                          generation: "generation", noOverride: "no override for", inactive: "inactive in",
                                          why: [:])
    }

    static func percent(_ f: Fraction, _ places: Int = 2) -> String {
        formatScaled((f * Fraction(100)).scaled(places, .halfUp), places: places).trimmingTrailingZeros() + "%"
    }

    /// The formulas of agent `i`'s pay lines in a computed month.
    public static func lines(of i: Int, in result: CloseResult, plan: Plan, words w: Words = .english) -> Lines {
        let a = result.month.agents[i], r = result.agents[i], period = result.month.period
        guard r.activeDays > 0 else {
            let why = "\(w.inactive) \(period): 0.00"
            return Lines(base: why, commission: why, bonus: why, override: why)
        }
        let p = IncentivePay.trace(of: i, in: result, plan: plan)
        let base = "\(p.baseSalary.decimalText) × \(r.activeDays)/\(period.days) \(w.days)"
        var tierText: [String] = []
        for tier in plan.tiers {
            if let u = tier.upto { tierText.append("\(percent(u, 0))→×\(tier.multiplier.decimalText)") } else { tierText.append("\(w.above)→×\(tier.multiplier.decimalText)") }
        }
        let at = r.attainment.map { "\(w.atAttainment) \(percent($0))" } ?? w.noAttainment
        let basisName = plan.commissionBasisIsPremium ? "premium" : "FYC"
        var commission = "\(percent(p.commissionRate)) × \(basisName) \(p.commissionBasis.grouped) × \(w.tierMix) \(formatScaled(p.tierMix.scaled(4, .halfUp), places: 4)) (\(tierText.joined(separator: ", ")) \(at))"
        if p.commissionCapped { commission += ", \(w.cappedAt) \(plan.commissionCap!.decimalText)" }
        let bonus: String
        if let why = p.bonusWhyZero {
            bonus = "0 (\(w.why[why] ?? why))"
        } else {
            bonus = "\(p.bonusTarget.decimalText) × \(p.bonusMultiplier.decimalText) (\(w.score) \(formatScaled(r.kpiScore ?? 0, places: 2))) × \(r.activeDays)/\(period.days) \(w.days)"
        }
        let override: String
        if p.overrideGenerations.isEmpty {
            override = "0 (\(w.noOverride) \(w.noOverride == Words.english.noOverride ? a.role : (plan.roles.first { $0.key == a.role }?.label ?? a.role)))"
        } else {
            override = p.overrideGenerations.enumerated().map { "\(percent($0.element.rate)) × \($0.element.basis.grouped) (\(w.generation) \($0.offset + 1))" }.joined(separator: " + ")
        }
        return Lines(base: base, commission: commission, bonus: bonus, override: override)
    }
}
