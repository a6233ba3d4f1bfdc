/// The computed month: per-agent results, rankings, group tables and the warnings of SPEC §2 step 7.
public struct CloseResult: Sendable {
    public var month: ValidatedMonth
    public var tree: OrgTree
    public var agents: [AgentResult]
    public var rankings: [RankingRow]
    public var teams: [GroupRow]
    public var regions: [GroupRow]
    public var directors: [GroupRow]
    /// The month's diagnostics plus the warnings found while computing.
    public var diagnostics: [Diagnostic]
    /// The previous month's output this month was computed from (SPEC §7.3), if any.
    public var previous: PreviousOutput? = nil
    /// Negative balances of the previous month whose agent is not kept this month.
    public var balancesNotCarried: [PreviousBalance] = []
    /// honors.csv's rows in its order (SPEC §7.2); empty without `[[honors]]`.
    public var honors: [HonorRow] = []
    /// The whole month as one group (the overview's figures).
    public var company: GroupRow
    /// This month's headline totals, summed as the previous month's are (SPEC §7.3).
    public var totals: PreviousTotals = PreviousTotals()
    /// Each team's visits (aligned with `teams`), when the month has visits.csv.
    public var teamVisits: [VisitTotals]? = nil
    /// Each agent's commission basis summed over each generation below it (for the override
    /// line's trace).
    public var generationSums = GenerationSums()
    /// Per honour tier (aligned with `plan.honors`): who reached it, and who is on pace for it
    /// without having reached it, as indices into `honors`.
    public var honorRoll: [(reached: [Int], onPace: [Int])] = []
    /// Every agent's index in agent_id order (by the ids' bytes): payouts.csv's order and the
    /// tie-break of rankings and honours, sorted once.
    public var agentsByID: [Int] = []
}

/// An organization's premium, target and same-month-last-year premium, in cents, summed together.
private struct VolumeSums: AdditiveArithmetic {
    var premium: Int64
    var target: Int64
    var prior: Int64

    static let zero = VolumeSums(premium: 0, target: 0, prior: 0)

    static func + (a: VolumeSums, b: VolumeSums) -> VolumeSums {
        VolumeSums(premium: a.premium + b.premium, target: a.target + b.target, prior: a.prior + b.prior)
    }

    static func - (a: VolumeSums, b: VolumeSums) -> VolumeSums {
        VolumeSums(premium: a.premium - b.premium, target: a.target - b.target, prior: a.prior - b.prior)
    }
}

/// Agents numbered by a text of theirs: teams and regions as group numbers, or everyone in id order.
private enum Numbering {
    case groups(TextGroupIDs)
    case order([Int])
}

/// One independent piece of the close, computed side by side with the others.
private enum ClosePart {
    case warnings([Diagnostic])
    case rankings([RankingRow])
    case groups([GroupRow])
}

/// Computes the month from validated data and a checked plan (SPEC §3). Pure: no I/O.
public enum MonthlyClose {
    public static func compute(_ month: ValidatedMonth, plan: Plan, previous: PreviousOutput? = nil) -> CloseResult {
        let agents = month.agents
        let tree = OrgTree(agents: agents, managers: month.managers)
        let period = month.period

        let start = period.start, end = period.end
        let activeDays: [Int] = agents.indices.map { i in
            let from = max(start, agents[i].hireDate)
            let to = agents[i].terminated ? min(end, agents[i].terminationDate ?? end) : end
            return from > to ? 0 : to.dayNumber - from.dayNumber + 1
        }
        func activeOnly(_ i: Int, _ v: Int64) -> Int64 { activeDays[i] > 0 ? v : 0 }
        // the three organization sums in one walk up the tree
        let orgSums = tree.organizationSums { i in
            VolumeSums(premium: activeOnly(i, month.sales[i].premium), target: activeOnly(i, month.targets[i]?.target ?? 0),
                       prior: activeOnly(i, month.targets[i]?.prior ?? 0))
        }

        let commissionBasis: [Int64] = agents.indices.map {
            plan.commissionBasisIsPremium ? month.sales[$0].premium : month.sales[$0].fyc
        }
        let maxGenerations = plan.override.values.map(\.count).max() ?? 0
        let generationSums = tree.generationSums(commissionBasis, generations: maxGenerations)

        // Each agent's result depends only on the sums above: computed on every core.
        let roles = RoleTable(agents: agents, plan: plan)
        // each core with rules of its own: every agent of a role and market uses the same rules
        let results: [AgentResult] = ParallelMap.run(agents.count, batch: 512, state: { PayRuleTable(plan: plan) }) { ruleTable, i in
            let s = month.sales[i]
            let rules = ruleTable.rules(rolePosition: Int(roles.position[i]), role: agents[i].role, market: agents[i].market)
            let basis = rules.exact.basis
            let pb = basis == .organization ? orgSums[i].premium : s.premium
            let tb = basis == .organization ? orgSums[i].target : (month.targets[i]?.target ?? 0)
            let prb = basis == .organization ? orgSums[i].prior : (month.targets[i]?.prior ?? 0)
            var result = AgentResult(
                index: i, activeDays: activeDays[i], premium: Money(cents: s.premium), fyc: Money(cents: s.fyc),
                newPolicies: s.newPolicies, cancellations: s.cancellations,
                target: month.targets[i].map { Money(cents: $0.target) }, prior: month.targets[i]?.prior.map { Money(cents: $0) },
                premiumBasis: Money(cents: pb), targetBasis: Money(cents: tb), priorBasis: Money(cents: prb), basis: basis,
                dimensionScores: DimensionTable(), kpiScore: nil, pay: PayLines())
            result.pay.carriedIn = previous?.carriedIn(agents[i].id) ?? .zero
            if activeDays[i] > 0 {
                IncentivePay.fill(&result, agent: agents[i], kpi: month.kpi[i], visits: month.visits?[i], rules: rules, plan: plan,
                                  period: period, commissionBasis: commissionBasis[i], generationSums: generationSums[i])
            }
            return result
        }
        // Warnings, rankings and the group tables read the results and not each other; the
        // rankings and group tables group agents by team and region, numbered once here, and
        // the agents' id order is found beside them.
        let numbered = ParallelMap.run(3, batch: 1) { k -> Numbering in
            switch k {
            case 0: return .groups(TextGroupIDs(count: agents.count) { agents[$0].team })
            case 1: return .groups(TextGroupIDs(count: agents.count) { agents[$0].region })
            default: return .order(ByteOrder.sorted(agents.indices) { agents[$0].id })
            }
        }
        guard case .groups(let teamIDs) = numbered[0], case .groups(let regionIDs) = numbered[1],
              case .order(let agentsByID) = numbered[2] else { preconditionFailure("numberings out of order") }
        let idPosition = ByteOrder.positions(inOrder: agentsByID)
        let tables = GroupTables(month: month, tree: tree, results: results, plan: plan, roles: roles,
                                 teamIDs: teamIDs, regionIDs: regionIDs, idPosition: idPosition)
        let parts = ParallelMap.run(5, batch: 1) { part -> ClosePart in
            switch part {
            case 0: return .warnings(OrgWarnings.find(month: month, tree: tree, results: results, plan: plan, roles: roles))
            case 1: return .rankings(Rankings.agentRankings(month: month, results: results, plan: plan, roles: roles,
                                                            teams: teamIDs, regions: regionIDs, idPosition: idPosition))
            default: return .groups(part == 2 ? tables.teams() : part == 3 ? tables.regions() : tables.directors())
            }
        }
        guard case .warnings(let warnings) = parts[0], case .rankings(var rankings) = parts[1],
              case .groups(let teams) = parts[2], case .groups(let regions) = parts[3], case .groups(let directors) = parts[4] else {
            preconditionFailure("parts out of order")
        }
        var chainWarnings: [Diagnostic] = []
        var notCarried: [PreviousBalance] = []
        if let previous {
            for k in rankings.indices {
                let r = rankings[k]
                rankings[k].previousRank = previous.previousRank(RankKey(scope: r.scope, scopeName: r.scopeName,
                                                                         agentID: agents[r.agentIndex].id, metric: r.metric.rawValue))
            }
            (notCarried, chainWarnings) = BalancesNotCarried.find(previous: previous, agents: agents)
        }
        var month = month
        month.managers = nil  // the tree has them
        var close = CloseResult(month: month, tree: tree, agents: results, rankings: rankings,
                           teams: teams, regions: regions, directors: directors,
                           diagnostics: month.diagnostics + warnings + chainWarnings,
                           previous: previous, balancesNotCarried: notCarried,
                           honors: Honours.rows(month: month, plan: plan, idPosition: idPosition),
                           company: tables.company(name: plan.name))
        close.generationSums = generationSums
        close.agentsByID = agentsByID
        for r in results {
            close.totals.premium += r.premium
            close.totals.fyc += r.fyc
            close.totals.payable += r.pay.payable
            if r.activeDays > 0 { close.totals.headcount += 1 }
        }
        if let visits = month.visits {
            close.teamVisits = teams.map { g in g.members.reduce(into: VisitTotals()) { $0.add(visits[$1]) } }
        }
        close.honorRoll = plan.honors.indices.map { k in
            (close.honors.indices.filter { close.honors[$0].honor == k },
             close.honors.indices.filter { close.honors[$0].onPaceFor == k && (close.honors[$0].honor ?? -1) < k })
        }
        return close
    }
}
