/// The warnings of SPEC §2 step 7, found once the month's figures are known.
enum OrgWarnings {
    /// What an agent's KPI weights ask of its data: the same for every agent of one role in one
    /// market (the weights are the plan's for that pair), so found once per pair.
    private struct Needs {
        var volume: Bool
        var kpiRow: Bool
        var visits: Bool

        init(_ weights: [KPIDimension: Fraction], plan: Plan) {
            // with process_source = "visits", process is not a kpi.csv dimension (SPEC §7.1)
            let fromKPIFile = KPIDimension.assessed.filter { !(plan.processFromVisits && $0 == .process) }
            volume = (weights[.volume] ?? .zero) > .zero
            kpiRow = fromKPIFile.contains { (weights[$0] ?? .zero) > .zero }
            visits = plan.processFromVisits && (weights[.process] ?? .zero) > .zero
        }
    }

    static func find(month: ValidatedMonth, tree: OrgTree, results: [AgentResult], plan: Plan, roles: RoleTable) -> [Diagnostic] {
        let fileName = month.fileNames[.agents] ?? "agents.csv"
        var out: [Diagnostic] = []
        func warn(_ a: Agent, _ code: String, _ message: String) {
            out.append(Diagnostic(.warning, code, file: .agents, fileName: fileName, line: a.line, message: message))
        }
        let ranked = roles.agentsWithRole(in: plan.rankingRoles)
        let markets = Market.allCases
        var needsOfPair = [Needs?](repeating: nil, count: roles.keys.count * markets.count)
        func needs(_ i: Int) -> Needs {
            let r = Int(roles.position[i])
            guard r >= 0, let m = markets.firstIndex(of: month.agents[i].market) else { return Needs(plan.weights(of: month.agents[i]), plan: plan) }
            if let known = needsOfPair[r * markets.count + m] { return known }
            let found = Needs(plan.weights(of: month.agents[i]), plan: plan)
            needsOfPair[r * markets.count + m] = found
            return found
        }
        // whether each agent is active, in one byte: a span counts direct reports, which are
        // anywhere in the roster, and a 224-byte result per report missed the cache
        let active = results.map { $0.activeDays > 0 }
        // by index: `let r = results[i]` would copy a whole result per agent
        for i in month.agents.indices {
            let a = month.agents[i]
            guard results[i].activeDays > 0 else {
                warn(a, "inactive-in-period", "\(a.id) \(a.name) has no active day in \(month.period) (hired \(a.hireDate)\(a.terminationDate.map { ", terminated \($0)" } ?? ""))")
                continue
            }
            let need = needs(i)
            let rankedByAttainment = plan.rankingMetric == .attainment && ranked[i]
            if !results[i].hasAttainment && (need.volume || rankedByAttainment) {
                warn(a, "missing-target", "\(a.id) \(a.name) has no attainment (no target over its \(results[i].basis.rawValue) group) but its pay or ranking needs one")
            }
            if month.kpi[i] == nil && need.kpiRow {
                warn(a, "missing-kpi", "\(a.id) \(a.name) has no row in kpi.csv; its KPI score uses the other dimensions")
            }
            if need.visits && (month.visits?[i].visits ?? 0) == 0 {
                warn(a, "missing-visits", "\(a.id) \(a.name) has no accepted visit in \(month.visits == nil ? "visits.csv (there is none)" : "visits.csv"); its process score is missing and the other dimensions count for more")
            }
            var span = 0
            for c in tree.children[i] where active[c] { span += 1 }
            if span > plan.spanMax {
                warn(a, "span-of-control", "\(a.id) \(a.name) has \(span) active direct reports (more than span_max \(plan.spanMax))")
            }
            if tree.level[i] > plan.maxDepth {
                warn(a, "depth", "\(a.id) \(a.name) is at level \(tree.level[i]) of its tree (deeper than max_depth \(plan.maxDepth))")
            }
        }
        return out
    }
}
