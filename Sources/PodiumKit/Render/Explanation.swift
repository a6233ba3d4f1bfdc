/// The plain-text trace of one agent's month (`podium explain`): metrics, KPI dimensions and
/// each pay line with its formula and numbers.
public enum Explanation {
    static func percent(_ f: Fraction, _ places: Int = 2) -> String {
        formatScaled((f * Fraction(100)).scaled(places, .halfUp), places: places) + "%"
    }

    static func number(_ f: Fraction) -> String { f.decimalText }

    /// The commission formula: `10% × FYC 30,000.00 × tier mix 1.1538 (…) = 3,461.54`.
    public static func commissionLine(_ pay: PayLines, attainment: Fraction?, tiers: [CommissionTier], basisName: String) -> String {
        var tierText: [String] = []
        for t in tiers {
            if let u = t.upto { tierText.append("\(percent(u, 0))→×\(number(t.multiplier))") } else { tierText.append("above→×\(number(t.multiplier))") }
        }
        let at = attainment.map { "at attainment \(percent($0))" } ?? "no attainment: first tier"
        var line = "commission = \(percent(pay.commissionRate, 2).replacingTrailingZeroPercent) × \(basisName) \(pay.commissionBasis.grouped) × tier mix \(formatScaled(pay.tierMix.scaled(4, .halfUp), places: 4)) (\(tierText.joined(separator: ", ")) \(at))"
        if pay.commissionCapped { line += ", capped at \(number(pay.commissionUncapped)) → cap" }
        return line + " = \(pay.commission.grouped)"
    }

    public static func text(for agentID: String, in result: CloseResult, plan: Plan) -> String? {
        guard let i = result.month.agents.firstIndex(where: { $0.id == agentID }) else { return nil }
        let a = result.month.agents[i], r = result.agents[i], p = r.pay
        let period = result.month.period
        var out: [String] = []
        out.append("\(a.id) \(a.name) — \(a.role), team \(a.team), region \(a.region), \(a.market.rawValue) market, \(period)")
        out.append("active days: \(r.activeDays) of \(period.days) (hired \(a.hireDate)\(a.terminationDate.map { ", terminated \($0)" } ?? ""))")
        out.append("premium \(r.premium.grouped), FYC \(r.fyc.grouped), new policies \(r.newPolicies), cancellations \(r.cancellations)")
        out.append("target \(r.target?.grouped ?? "—"), same month last year \(r.prior?.grouped ?? "—")")
        out.append("volume basis: \(r.basis.rawValue) — premium \(r.premiumBasis.grouped), target \(r.targetBasis.grouped), prior \(r.priorBasis.grouped)")
        out.append("attainment: \(r.attainment.map { percent($0) } ?? "— (no target)"); growth: \(r.growth.map { percent($0) } ?? "— (no prior)")")
        out.append("")
        out.append("KPI (cap \(number(plan.kpiCap))):")
        for d in KPIDimension.allCases {
            let w = r.weights[d] ?? .zero
            let s = r.dimensionScores[d].map { formatScaled($0.scaled(2, plan.rounding), places: 2) } ?? "—"
            out.append("  \(d.rawValue.padding(9)) weight \(number(w).padding(4, left: true))  score \(s)")
        }
        out.append("  kpi_score = \(r.kpiScore.map { formatScaled($0, places: 2) } ?? "— (no scored dimension)")")
        out.append("")
        guard r.activeDays > 0 else {
            out.append("inactive in the period: every pay line is 0.00")
            return out.joined(separator: "\n") + "\n"
        }
        out.append("base = \(number(p.baseSalary)) × \(r.activeDays)/\(period.days) days = \(p.base.grouped)")
        out.append(commissionLine(p, attainment: r.attainment, tiers: plan.tiers, basisName: plan.commissionBasisIsPremium ? "premium" : "FYC"))
        if let why = p.bonusWhyZero {
            out.append("kpi_bonus = 0.00 (\(why))")
        } else {
            out.append("kpi_bonus = \(number(p.bonusTarget)) × \(number(p.bonusMultiplier)) (score \(formatScaled(r.kpiScore ?? 0, places: 2))) × \(r.activeDays)/\(period.days) days = \(p.kpiBonus.grouped)")
        }
        if p.overrideGenerations.isEmpty {
            out.append("override = 0.00 (no override for \(a.role))")
        } else {
            let terms = p.overrideGenerations.enumerated().map { "\(percent($0.element.rate)) × \($0.element.basis.grouped) (generation \($0.offset + 1))" }
            out.append("override = \(terms.joined(separator: " + ")) = \(p.override.grouped)")
        }
        out.append("total = \(p.base.grouped) + \(p.commission.grouped) + \(p.kpiBonus.grouped) + \(p.override.grouped) = \(p.total.grouped)")
        out.append("payable = \(p.payable.grouped), carry_forward = \(p.carryForward.grouped)")
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    func padding(_ width: Int, left: Bool = false) -> String {
        let pad = String(repeating: " ", count: max(0, width - count))
        return left ? pad + self : self + pad
    }

    /// `10.00%` → `10%`, `12.50%` → `12.5%`.
    var replacingTrailingZeroPercent: String {
        guard hasSuffix("%") else { return self }
        return String(dropLast()).trimmingTrailingZeros() + "%"
    }
}
