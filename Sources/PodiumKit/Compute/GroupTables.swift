import CPodiumSys

/// One row of `teams.csv`, `regions.csv` or `directors.csv`.
public struct GroupRow: Sendable {
    public var rank: Int?
    /// Team or region name; the director's name for directors.
    public var name: String
    /// The director itself, or the team's manager.
    public var agentIndex: Int?
    public var headcount: Int
    public var activeAgents: Int
    public var premium: Money
    public var fyc: Money
    public var target: Money?
    public var attainment: Fraction?
    /// nil for a group without members (only the company can be empty; listed groups never are).
    public var perCapitaPremium: Money?
    public var activityRate: Fraction?
    /// Σ of the members' same-month-last-year premium (nil when no member has one).
    public var prior: Money?
    /// premium / prior − 1 when prior > 0.
    public var growth: Fraction?
    public var newPolicies: Int
    /// Indices of the members (active in the period).
    public var members: [Int]
}

/// The figures of one agent's result that a group row sums, in 48 bytes: the rows gather them
/// member by member in no order a cache can follow (a team's members are anywhere in the
/// roster), and a national roster's results are 224 bytes each (45 MB at 200,000 agents) where
/// these fit in the last-level cache (9.6 MB).
struct MemberVolume: Sendable {
    var premium: Int64
    var fyc: Int64
    /// Valid when `hasTarget`.
    var target: Int64
    /// Valid when `hasPrior`.
    var prior: Int64
    var newPolicies: Int
    var hasTarget: Bool
    var hasPrior: Bool

    init(_ r: AgentResult) {
        premium = r.premium.cents
        fyc = r.fyc.cents
        target = r.target?.cents ?? 0
        prior = r.prior?.cents ?? 0
        newPolicies = r.newPolicies
        hasTarget = r.target != nil
        hasPrior = r.prior != nil
    }
}

/// Teams, regions and directors' organizations (SPEC §3.5).
struct GroupTables {
    let month: ValidatedMonth
    let tree: OrgTree
    let results: [AgentResult]
    let plan: Plan
    let roles: RoleTable
    /// Each agent's team and region as a group number (`MonthlyClose` makes them once).
    let teamIDs: TextGroupIDs
    let regionIDs: TextGroupIDs
    /// Each agent's place in agent_id order (ties go by agent_id, SPEC §3.5).
    let idPosition: [Int]
    /// `MemberVolume(results[i])` for every agent.
    private let volumes: [MemberVolume]

    init(month: ValidatedMonth, tree: OrgTree, results: [AgentResult], plan: Plan, roles: RoleTable,
         teamIDs: TextGroupIDs, regionIDs: TextGroupIDs, idPosition: [Int]) {
        self.month = month
        self.tree = tree
        self.results = results
        self.plan = plan
        self.roles = roles
        self.teamIDs = teamIDs
        self.regionIDs = regionIDs
        self.idPosition = idPosition
        volumes = ParallelMap.run(results.count, batch: 8192) { MemberVolume(results[$0]) }
    }

    private func row(name: String, members: [Int]) -> GroupRow {
        var premium: Int64 = 0, fyc: Int64 = 0, target: Int64 = 0, prior: Int64 = 0
        var hasTarget = false, hasPrior = false
        var active = 0, newPolicies = 0
        volumes.withUnsafeBufferPointer { v in
            members.withUnsafeBufferPointer { m in
                for k in m.indices {
                    // the member eight places on, asked for now: the loads of a scattered
                    // team overlap instead of waiting one after another
                    if k + 8 < m.count { podium_prefetch(v.baseAddress! + m[k + 8]) }
                    let x = v[m[k]]
                    premium += x.premium
                    fyc += x.fyc
                    if x.hasTarget { target += x.target; hasTarget = true }
                    if x.hasPrior { prior += x.prior; hasPrior = true }
                    newPolicies += x.newPolicies
                    if x.newPolicies >= 1 { active += 1 }
                }
            }
        }
        return row(name: name, members: members, premium: Money(cents: premium), fyc: Money(cents: fyc),
                   target: hasTarget ? Money(cents: target) : nil, prior: hasPrior ? Money(cents: prior) : nil,
                   active: active, newPolicies: newPolicies)
    }

    /// Asks for the members' volumes ahead of the row that sums them.
    private func prefetchVolumes(of members: [Int]) {
        volumes.withUnsafeBufferPointer { v in
            for m in members.prefix(8) { podium_prefetch(v.baseAddress! + m) }
        }
    }

    private func row(name: String, members: [Int], premium: Money, fyc: Money, target: Money?, prior: Money?,
                     active: Int, newPolicies: Int) -> GroupRow {
        let headcount = members.count
        let attainment: Fraction? = target.flatMap { $0.cents > 0 ? Fraction(ratio: premium.cents, $0.cents) : nil }
        let growth: Fraction? = prior.flatMap { $0.cents > 0 ? Fraction(ratio: premium.cents, $0.cents) - .one : nil }
        let perCapita = headcount > 0 ? Money(rounding: premium.fraction / Fraction(headcount), plan.rounding) : nil
        let rate = headcount > 0 ? Fraction(ratio: Int64(active), Int64(headcount)) : nil
        return GroupRow(rank: nil, name: name, agentIndex: nil, headcount: headcount, activeAgents: active,
                        premium: premium, fyc: fyc, target: target, attainment: attainment,
                        perCapitaPremium: perCapita, activityRate: rate, prior: prior, growth: growth,
                        newPolicies: newPolicies, members: members)
    }

    private func groupValue(_ g: GroupRow) -> Int64? {
        switch plan.groupMetric {
        case .premium: return g.premium.cents
        case .attainment: return g.attainment?.scaled(4, plan.rounding)
        case .perCapitaPremium: return g.perCapitaPremium?.cents
        case .activityRate: return g.activityRate?.scaled(4, plan.rounding)
        }
    }

    /// Active agents grouped by a name of theirs. (Indices and closures rather than `for r in
    /// results` and key paths: both copy a whole result or agent per member.)
    private func grouped(by ids: TextGroupIDs) -> [GroupRow] {
        // names are keys by their bytes: an NFC and an NFD spelling are two teams (SPEC §1.2)
        let groups = TextGroups.grouped(results.indices.lazy.filter { results[$0].activeDays > 0 }, by: ids)
        let rows = groups.indices.map { k in
            // a team has a handful of members: the next team's are asked for while this one sums
            if k + 1 < groups.count { prefetchVolumes(of: groups[k + 1].members) }
            return row(name: groups[k].name, members: groups[k].members)
        }
        return ranked(rows) { rows[$0].name.utf8.lexicographicallyPrecedes(rows[$1].name.utf8) }
    }

    /// Ranks rows by the group metric, sorting indices (a row carries its members).
    private func ranked(_ rows: [GroupRow], value: ((GroupRow) -> Int64?)? = nil, before: (Int, Int) -> Bool) -> [GroupRow] {
        let values = rows.map { value?($0) ?? groupValue($0) }
        return CompetitionRanking.rank(Array(rows.indices), value: { values[$0] }, before: before)
            .map { var g = rows[$0.item]; g.rank = $0.rank; return g }
    }

    func teams() -> [GroupRow] {
        var rows = grouped(by: teamIDs)
        for t in rows.indices {
            // the most senior member, the first by agent_id among equals (places in id order,
            // not the ids' bytes: most members share the junior role, and their agents are
            // anywhere in the roster)
            var senior = -1, seniority = 0
            for m in rows[t].members {
                let s = roles.seniority(m)
                if senior < 0 || s > seniority || (s == seniority && idPosition[m] < idPosition[senior]) {
                    senior = m
                    seniority = s
                }
            }
            if senior >= 0 && seniority > 0 { rows[t].agentIndex = senior }
        }
        return rows
    }

    func regions() -> [GroupRow] {
        grouped(by: regionIDs)
    }

    /// The whole month as one group (the overview's tiles): every active agent.
    func company(name: String) -> GroupRow {
        row(name: name, members: results.indices.filter { results[$0].activeDays > 0 })
    }

    func directors() -> [GroupRow] {
        let heading = roles.agentsWithRole(in: plan.organizationRoles)
        let heads = results.indices.filter { results[$0].activeDays > 0 && heading[$0] }
        // members are collected for the heads of a table row only, each agent going up through
        // the heads above it alone (a walk up through every manager from every agent cost
        // n × depth: 45 s for a 200,000-deep chain; a pre-order slice per head needed a sort)
        let orgMembers = tree.organizationMembers(heads: heads) { results[$0].activeDays > 0 }
        let rows: [GroupRow] = heads.indices.map { k in
            var g = row(name: month.agents[heads[k]].name, members: orgMembers[k])
            g.agentIndex = heads[k]
            return g
        }
        return ranked(rows, value: { $0.premium.cents }) { idPosition[rows[$0].agentIndex!] < idPosition[rows[$1].agentIndex!] }
    }
}
