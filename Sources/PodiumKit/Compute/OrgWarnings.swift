/// The warnings of SPEC §2 step 7, found once the month's figures are known.
enum OrgWarnings {
    static func find(month: ValidatedMonth, tree: OrgTree, results: [AgentResult], plan: Plan) -> [Diagnostic] {
        let fileName = month.fileNames[.agents] ?? "agents.csv"
        var out: [Diagnostic] = []
        func warn(_ a: Agent, _ code: String, _ message: String) {
            out.append(Diagnostic(.warning, code, file: .agents, fileName: fileName, line: a.line, message: message))
        }
        let rankedRoles = Set(plan.rankingRoles)
        // with process_source = "visits", process is not a kpi.csv dimension (SPEC §7.1)
        let fromKPIFile = KPIDimension.assessed.filter { !(plan.processFromVisits && $0 == .process) }
        // by index: `let r = results[i]` would copy a whole result (its trace included) per agent
        for i in month.agents.indices {
            let a = month.agents[i]
            guard results[i].activeDays > 0 else {
                warn(a, "inactive-in-period", "\(a.id) \(a.name) has no active day in \(month.period) (hired \(a.hireDate)\(a.terminationDate.map { ", terminated \($0)" } ?? ""))")
                continue
            }
            let weights = results[i].weights
            let volumeWeight = weights[.volume] ?? .zero
            let rankedByAttainment = plan.rankingMetric == .attainment && rankedRoles.contains(a.role)
            if !results[i].hasAttainment && (volumeWeight > .zero || rankedByAttainment) {
                warn(a, "missing-target", "\(a.id) \(a.name) has no attainment (no target over its \(results[i].basis.rawValue) group) but its pay or ranking needs one")
            }
            if month.kpi[i] == nil && fromKPIFile.contains(where: { (weights[$0] ?? .zero) > .zero }) {
                warn(a, "missing-kpi", "\(a.id) \(a.name) has no row in kpi.csv; its KPI score uses the other dimensions")
            }
            if plan.processFromVisits && (weights[.process] ?? .zero) > .zero && (month.visits?[i].visits ?? 0) == 0 {
                warn(a, "missing-visits", "\(a.id) \(a.name) has no accepted visit in \(month.visits == nil ? "visits.csv (there is none)" : "visits.csv"); its process score is missing and the other dimensions count for more")
            }
            var span = 0
            for c in tree.children[i] where results[c].activeDays > 0 { span += 1 }
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
