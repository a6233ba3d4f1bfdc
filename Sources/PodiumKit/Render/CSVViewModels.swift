/// Turns computed results into the rows of the CSV templates: every value already formatted as
/// SPEC §5.1 says (money `1234.50`, scores `87.35`, ratios `0.8735`, null empty).
struct CSVViewModels {
    let result: CloseResult
    let plan: Plan

    private var agents: [Agent] { result.month.agents }

    static func money(_ m: Money?) -> String { m?.plain ?? "" }
    static func score(_ s: Int64?) -> String { s.map { formatScaled($0, places: 2) } ?? "" }
    func ratio(_ f: Fraction?) -> String { f.map { formatScaled($0.scaled(4, plan.rounding), places: 4) } ?? "" }
    static func count(_ n: Int?) -> String { n.map(String.init) ?? "" }

    func payouts() -> CSVRows { payoutsSource().all() }

    /// payouts.csv by agent_id, a slice of rows at a time.
    func payoutsSource() -> CSVTableSource {
        let order = agents.indices.sorted { agents[$0].id.utf8.lexicographicallyPrecedes(agents[$1].id.utf8) }
        return CSVTableSource(count: order.count) { range in payouts(order[range]) }
    }

    private func payouts(_ order: ArraySlice<Int>) -> CSVRows {
        var out = CSVRows(columns: ["agent_id", "name", "role", "team", "region", "market", "active_days", "premium", "fyc",
                                    "kpi_score", "base", "commission", "kpi_bonus", "override", "total", "payable", "carry_forward"])
        out.rows.reserveCapacity(order.count)
        for i in order {
            let a = agents[i], r = result.agents[i], p = r.pay
            out.append([
                "agent_id": a.id, "name": a.name, "role": a.role, "team": a.team, "region": a.region,
                "market": a.market.rawValue, "active_days": String(r.activeDays),
                "premium": r.premium.plain, "fyc": r.fyc.plain, "kpi_score": Self.score(r.kpiScore),
                "base": p.base.plain, "commission": p.commission.plain, "kpi_bonus": p.kpiBonus.plain,
                "override": p.override.plain, "total": p.total.plain, "payable": p.payable.plain,
                "carry_forward": p.carryForward.plain,
            ])
        }
        return out
    }

    func metricText(_ metric: AgentMetric, _ value: Int64?) -> String {
        guard let v = value else { return "" }
        switch metric {
        case .premium, .fyc: return Money(cents: v).plain
        case .newPolicies: return String(v)
        case .kpiScore: return formatScaled(v, places: 2)
        case .attainment: return formatScaled(v, places: 4)
        }
    }

    func rankings() -> CSVRows { rankings(result.rankings.indices) }

    /// rankings.csv, a slice of rows at a time.
    func rankingsSource() -> CSVTableSource {
        CSVTableSource(count: result.rankings.count) { range in rankings(range) }
    }

    private func rankings(_ range: Range<Int>) -> CSVRows {
        var out = CSVRows(columns: ["scope", "scope_name", "rank", "agent_id", "name", "team", "region", "metric", "value"])
        out.rows.reserveCapacity(range.count)
        for row in result.rankings[range] {
            let a = agents[row.agentIndex]
            out.append([
                "scope": row.scope, "scope_name": row.scopeName, "rank": Self.count(row.rank),
                "agent_id": a.id, "name": a.name, "team": a.team, "region": a.region,
                "metric": row.metric.rawValue, "value": metricText(row.metric, row.value),
            ])
        }
        return out
    }

    func groups(_ rows: [GroupRow]) -> CSVRows {
        var out = CSVRows(columns: ["rank", "name", "headcount", "active_agents", "premium", "fyc", "target", "attainment",
                                    "per_capita_premium", "activity_rate", "manager_id", "agent_id", "region"])
        for g in rows {
            var d: [String: String] = [
                "rank": Self.count(g.rank), "name": g.name, "headcount": String(g.headcount),
                "active_agents": String(g.activeAgents), "premium": g.premium.plain, "fyc": g.fyc.plain,
                "target": Self.money(g.target), "attainment": ratio(g.attainment),
                "per_capita_premium": g.perCapitaPremium.plain, "activity_rate": ratio(g.activityRate),
                "manager_id": g.agentIndex.map { agents[$0].id } ?? "",
            ]
            if let i = g.agentIndex {
                d["agent_id"] = agents[i].id
                d["region"] = agents[i].region
            }
            out.rows.append(out.columns.map { d[$0] ?? "" })
        }
        return out
    }

    func diagnostics() -> CSVRows {
        var out = CSVRows(columns: ["severity", "code", "file", "line", "column", "field", "message", "value"])
        for d in result.diagnostics.sortedForReport() {
            out.append([
                "severity": d.severity.rawValue, "code": d.code, "file": d.fileName,
                "line": Self.count(d.line), "column": Self.count(d.column), "field": d.field,
                "message": d.message, "value": d.value,
            ])
        }
        return out
    }
}
