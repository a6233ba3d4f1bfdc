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

    func payouts() -> [[String: String]] {
        let order = agents.indices.sorted { agents[$0].id.utf8.lexicographicallyPrecedes(agents[$1].id.utf8) }
        return order.map { i in
            let a = agents[i], r = result.agents[i], p = r.pay
            return [
                "agent_id": a.id, "name": a.name, "role": a.role, "team": a.team, "region": a.region,
                "market": a.market.rawValue, "active_days": String(r.activeDays),
                "premium": r.premium.plain, "fyc": r.fyc.plain, "kpi_score": Self.score(r.kpiScore),
                "base": p.base.plain, "commission": p.commission.plain, "kpi_bonus": p.kpiBonus.plain,
                "override": p.override.plain, "total": p.total.plain, "payable": p.payable.plain,
                "carry_forward": p.carryForward.plain,
            ]
        }
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

    func rankings() -> [[String: String]] {
        result.rankings.map { row in
            let a = agents[row.agentIndex]
            return [
                "scope": row.scope, "scope_name": row.scopeName, "rank": Self.count(row.rank),
                "agent_id": a.id, "name": a.name, "team": a.team, "region": a.region,
                "metric": row.metric.rawValue, "value": metricText(row.metric, row.value),
            ]
        }
    }

    func groups(_ rows: [GroupRow]) -> [[String: String]] {
        rows.map { g in
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
            return d
        }
    }

    func diagnostics() -> [[String: String]] {
        result.diagnostics.sortedForReport().map { d in
            [
                "severity": d.severity.rawValue, "code": d.code, "file": d.fileName,
                "line": Self.count(d.line), "column": Self.count(d.column), "field": d.field,
                "message": d.message, "value": d.value,
            ]
        }
    }
}
