/// Turns computed results into the rows of the CSV templates: every value already formatted as
/// SPEC §5.1 says (money `1234.50`, scores `87.35`, ratios `0.8735`, null empty).
struct CSVViewModels {
    let result: CloseResult
    let plan: Plan

    private var agents: [Agent] { result.month.agents }

    func ratioCell(_ f: Fraction?) -> CSVCell { f.map { .scaled($0.scaled(4, plan.rounding), places: 4) } ?? .empty }

    func payouts() -> CSVRows { payoutsSource().all() }

    /// payouts.csv by agent_id, a slice of rows at a time.
    func payoutsSource() -> CSVTableSource {
        let order = agents.indices.sorted { agents[$0].id.utf8.lexicographicallyPrecedes(agents[$1].id.utf8) }
        return CSVTableSource(count: order.count) { range in payouts(order[range]) }
    }

    private func payouts(_ order: ArraySlice<Int>) -> CSVRows {
        var out = CSVRows(columns: ["agent_id", "name", "role", "team", "region", "market", "active_days", "premium", "fyc",
                                    "kpi_score", "base", "commission", "kpi_bonus", "override", "carried_in", "total", "payable", "carry_forward"])
        out.reserve(rows: order.count)
        let results = result.agents
        for i in order {
            let p = results[i].pay
            out.add(.text(agents[i].id))
            out.add(.text(agents[i].name))
            out.add(.text(agents[i].role))
            out.add(.text(agents[i].team))
            out.add(.text(agents[i].region))
            out.add(.text(agents[i].market.rawValue))
            out.add(.integer(Int64(results[i].activeDays)))
            out.add(.cents(results[i].premium.cents))
            out.add(.cents(results[i].fyc.cents))
            out.add(results[i].kpiScore.map { .scaled($0, places: 2) } ?? .empty)
            out.add(.cents(p.base.cents))
            out.add(.cents(p.commission.cents))
            out.add(.cents(p.kpiBonus.cents))
            out.add(.cents(p.override.cents))
            out.add(.cents(p.carriedIn.cents))
            out.add(.cents(p.total.cents))
            out.add(.cents(p.payable.cents))
            out.add(.cents(p.carryForward.cents))
        }
        return out
    }

    func metricCell(_ metric: AgentMetric, _ value: Int64?) -> CSVCell {
        guard let v = value else { return .empty }
        switch metric {
        case .premium, .fyc: return .cents(v)
        case .newPolicies: return .integer(v)
        case .kpiScore: return .scaled(v, places: 2)
        case .attainment: return .scaled(v, places: 4)
        }
    }

    func rankings() -> CSVRows { rankings(result.rankings.indices) }

    /// rankings.csv, a slice of rows at a time.
    func rankingsSource() -> CSVTableSource {
        CSVTableSource(count: result.rankings.count) { range in rankings(range) }
    }

    private func rankings(_ range: Range<Int>) -> CSVRows {
        var out = CSVRows(columns: ["scope", "scope_name", "rank", "agent_id", "name", "team", "region", "metric", "value", "previous_rank"])
        out.reserve(rows: range.count)
        let rankings = result.rankings
        for k in range {
            let a = rankings[k].agentIndex
            out.add(.text(rankings[k].scope))
            out.add(.text(rankings[k].scopeName))
            out.add(rankings[k].rank.map { .integer(Int64($0)) } ?? .empty)
            out.add(.text(agents[a].id))
            out.add(.text(agents[a].name))
            out.add(.text(agents[a].team))
            out.add(.text(agents[a].region))
            out.add(.text(rankings[k].metric.rawValue))
            out.add(metricCell(rankings[k].metric, rankings[k].value))
            out.add(rankings[k].previousRank.map { .integer(Int64($0)) } ?? .empty)
        }
        return out
    }

    func groups(_ rows: [GroupRow]) -> CSVRows {
        var out = CSVRows(columns: ["rank", "name", "headcount", "active_agents", "premium", "fyc", "target", "attainment",
                                    "per_capita_premium", "activity_rate", "manager_id", "agent_id", "region"])
        out.reserve(rows: rows.count)
        for g in rows {
            out.add(g.rank.map { .integer(Int64($0)) } ?? .empty)
            out.add(.text(g.name))
            out.add(.integer(Int64(g.headcount)))
            out.add(.integer(Int64(g.activeAgents)))
            out.add(.cents(g.premium.cents))
            out.add(.cents(g.fyc.cents))
            out.add(g.target.map { .cents($0.cents) } ?? .empty)
            out.add(ratioCell(g.attainment))
            out.add(g.perCapitaPremium.map { .cents($0.cents) } ?? .empty)
            out.add(ratioCell(g.activityRate))
            let head = g.agentIndex.map { agents[$0] }
            out.add(.text(head?.id ?? ""))
            out.add(.text(head?.id ?? ""))
            out.add(.text(head?.region ?? ""))
        }
        return out
    }

    /// visit_summary.csv (SPEC §7.1): kept agents with active days, by agent_id.
    func visitSummary(_ visits: [VisitTotals]) -> CSVRows {
        var out = CSVRows(columns: ["agent_id", "name", "team", "visits", "completed_steps", "visit_compliance", "visit_orders",
                                    "most_skipped_step"])
        let order = agents.indices.filter { result.agents[$0].activeDays > 0 }
            .sorted { agents[$0].id.utf8.lexicographicallyPrecedes(agents[$1].id.utf8) }
        out.reserve(rows: order.count)
        for i in order {
            let v = visits[i]
            out.add(.text(agents[i].id))
            out.add(.text(agents[i].name))
            out.add(.text(agents[i].team))
            out.add(.integer(Int64(v.visits)))
            out.add(.integer(Int64(v.completedSteps)))
            out.add(ratioCell(v.compliance))
            out.add(.integer(Int64(v.orders)))
            out.add(.text(v.mostSkipped?.rawValue ?? ""))
        }
        return out
    }

    /// honors.csv (SPEC §7.2), in the order computed.
    func honors() -> CSVRows {
        var out = CSVRows(columns: ["agent_id", "name", "team", "ytd_total", "projected_fyc", "honor", "next_honor", "gap_to_next",
                                    "on_pace_for"])
        let tiers = plan.honors
        out.reserve(rows: result.honors.count)
        for h in result.honors {
            let a = agents[h.agentIndex]
            out.add(.text(a.id))
            out.add(.text(a.name))
            out.add(.text(a.team))
            out.add(.cents(h.ytdTotal.cents))
            out.add(.cents(h.projectedFYC.cents))
            out.add(.text(h.honor.map { tiers[$0].name } ?? ""))
            out.add(.text(h.nextHonor.map { tiers[$0].name } ?? ""))
            out.add(h.gapToNext.map { .cents($0.cents) } ?? .empty)
            out.add(.text(h.onPaceFor.map { tiers[$0].name } ?? ""))
        }
        return out
    }

    func diagnostics() -> CSVRows {
        var out = CSVRows(columns: ["severity", "code", "file", "line", "column", "field", "message", "value"])
        let sorted = result.diagnostics.sortedForReport()
        out.reserve(rows: sorted.count)
        for d in sorted {
            out.add(.text(d.severity.rawValue))
            out.add(.text(d.code))
            out.add(.text(d.fileName))
            out.add(d.line.map { .integer(Int64($0)) } ?? .empty)
            out.add(d.column.map { .integer(Int64($0)) } ?? .empty)
            out.add(.text(d.field))
            out.add(.text(d.message))
            out.add(.text(d.value))
        }
        return out
    }
}
