/// The formula of each pay line with the agent's numbers, shared by `podium explain` and the
/// HTML statements so that both always say the same thing.
public enum PayFormulas {
    public struct Lines: Sendable {
        public var base: String
        public var commission: String
        public var bonus: String
        public var override: String
    }

    static func percent(_ f: Fraction, _ places: Int = 2) -> String {
        formatScaled((f * Fraction(100)).scaled(places, .halfUp), places: places).trimmingTrailingZeros() + "%"
    }

    public static func lines(agent a: Agent, result r: AgentResult, plan: Plan, period: Period) -> Lines {
        let p = r.pay
        guard r.activeDays > 0 else {
            let why = "inactive in \(period): 0.00"
            return Lines(base: why, commission: why, bonus: why, override: why)
        }
        let base = "\(p.baseSalary.decimalText) × \(r.activeDays)/\(period.days) days"
        var tierText: [String] = []
        for tier in plan.tiers {
            if let u = tier.upto { tierText.append("\(percent(u, 0))→×\(tier.multiplier.decimalText)") } else { tierText.append("above→×\(tier.multiplier.decimalText)") }
        }
        let at = r.attainment.map { "at attainment \(percent($0))" } ?? "no attainment: first tier"
        let basisName = plan.commissionBasisIsPremium ? "premium" : "FYC"
        var commission = "\(percent(p.commissionRate)) × \(basisName) \(p.commissionBasis.grouped) × tier mix \(formatScaled(p.tierMix.scaled(4, .halfUp), places: 4)) (\(tierText.joined(separator: ", ")) \(at))"
        if p.commissionCapped { commission += ", capped at \(plan.commissionCap!.decimalText)" }
        let bonus: String
        if let why = p.bonusWhyZero {
            bonus = "0 (\(why))"
        } else {
            bonus = "\(p.bonusTarget.decimalText) × \(p.bonusMultiplier.decimalText) (score \(formatScaled(r.kpiScore ?? 0, places: 2))) × \(r.activeDays)/\(period.days) days"
        }
        let override: String
        if p.overrideGenerations.isEmpty {
            override = "0 (no override for \(a.role))"
        } else {
            override = p.overrideGenerations.enumerated().map { "\(percent($0.element.rate)) × \($0.element.basis.grouped) (generation \($0.offset + 1))" }.joined(separator: " + ")
        }
        return Lines(base: base, commission: commission, bonus: bonus, override: override)
    }
}
