/// The plain-text trace of one agent's month (`podium explain`): metrics, KPI dimensions and
/// each pay line with its formula and numbers.
public enum Explanation {
    public static func text(for agentID: String, in result: CloseResult, plan: Plan) -> String? {
        guard let i = result.month.index(of: agentID) else { return nil }
        let a = result.month.agents[i], r = result.agents[i], p = r.pay
        let period = result.month.period
        var out: [String] = []
        out.append("\(a.id) \(a.name) — \(a.role), team \(a.team), region \(a.region), \(a.market.rawValue) market, \(period)")
        out.append("active days: \(r.activeDays) of \(period.days) (hired \(a.hireDate)\(a.terminationDate.map { ", terminated \($0)" } ?? ""))")
        out.append("premium \(r.premium.grouped), FYC \(r.fyc.grouped), new policies \(r.newPolicies), cancellations \(r.cancellations)")
        out.append("target \(r.target?.grouped ?? "—"), same month last year \(r.prior?.grouped ?? "—")")
        out.append("volume basis: \(r.basis.rawValue) — premium \(r.premiumBasis.grouped), target \(r.targetBasis.grouped), prior \(r.priorBasis.grouped)")
        out.append("attainment: \(r.attainment.map { PayFormulas.percent($0) } ?? "— (no target)"); growth: \(r.growth.map { PayFormulas.percent($0) } ?? "— (no prior)")")
        out.append("")
        out.append("KPI (cap \(plan.kpiCap.decimalText)):")
        for d in KPIDimension.allCases {
            let w = plan.weights(of: a)[d] ?? .zero
            let s = r.dimensionScores[d].map { formatScaled($0, places: 2) } ?? "—"
            out.append("  \(d.rawValue.padding(9)) weight \(w.decimalText.padding(4, left: true))  score \(s)")
        }
        out.append("  kpi_score = \(r.kpiScore.map { formatScaled($0, places: 2) } ?? "— (no scored dimension)")")
        if let visits = result.month.visits {
            let v = visits[i]
            let compliance = v.compliance.map { formatScaled($0.scaled(4, plan.rounding), places: 4) } ?? "—"
            out.append("visits: \(v.visits), steps completed \(v.completedSteps) of \(8 * v.visits), visit_compliance \(compliance), with an order \(v.orders), most skipped step \(v.mostSkipped?.rawValue ?? "—")\(plan.processFromVisits ? " (process = 100 × visit_compliance)" : "")")
        }
        if let h = result.honors.first(where: { $0.agentIndex == i }) {
            let tiers = plan.honors
            func name(_ k: Int?) -> String { k.map { tiers[$0].name } ?? "—" }
            out.append("honours: ytd_total \(h.ytdTotal.grouped), projected_fyc \(h.projectedFYC.grouped) (× 12 / \(period.month)), honor \(name(h.honor)), next \(name(h.nextHonor)), gap \(h.gapToNext?.grouped ?? "—"), on pace for \(name(h.onPaceFor))")
        }
        out.append("")
        guard r.activeDays > 0 else {
            out.append("inactive in the period: every pay line is 0.00")
            out.append("carried_in = the previous month's carry_forward = \(p.carriedIn.grouped)")
            out.append("total = \(p.total.grouped)")
            out.append("payable = \(p.payable.grouped), carry_forward = \(p.carryForward.grouped)")
            return out.joined(separator: "\n") + "\n"
        }
        let lines = PayFormulas.lines(of: i, in: result, plan: plan)
        out.append("base = \(lines.base) = \(p.base.grouped)")
        out.append("commission = \(lines.commission) = \(p.commission.grouped)")
        out.append("kpi_bonus = \(lines.bonus) = \(p.kpiBonus.grouped)")
        out.append("override = \(lines.override) = \(p.override.grouped)")
        out.append("carried_in = the previous month's carry_forward = \(p.carriedIn.grouped)")
        out.append("total = \(p.base.grouped) + \(p.commission.grouped) + \(p.kpiBonus.grouped) + \(p.override.grouped) + \(p.carriedIn.grouped) = \(p.total.grouped)")
        out.append("payable = \(p.payable.grouped), carry_forward = \(p.carryForward.grouped)")
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    func padding(_ width: Int, left: Bool = false) -> String {
        let pad = String(repeating: " ", count: max(0, width - count))
        return left ? pad + self : self + pad
    }
}
