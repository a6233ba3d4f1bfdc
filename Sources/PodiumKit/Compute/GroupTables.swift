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

    private func row(name: String, members: [Int]) -> GroupRow {
        var premium = Money.zero, fyc = Money.zero
        var target: Money?, prior: Money?
        var active = 0, newPolicies = 0
        for m in members {
            premium += results[m].premium
            fyc += results[m].fyc
            if let t = results[m].target { target = (target ?? .zero) + t }
            if let p = results[m].prior { prior = (prior ?? .zero) + p }
            newPolicies += results[m].newPolicies
            if results[m].newPolicies >= 1 { active += 1 }
        }
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
        let rows = groups.map { row(name: $0.name, members: $0.members) }
        return ranked(rows) { rows[$0].name.utf8.lexicographicallyPrecedes(rows[$1].name.utf8) }
    }

    /// Ranks rows by the group metric, sorting indices (a row carries its members).
    private func ranked(_ rows: [GroupRow], value: ((GroupRow) -> Int64?)? = nil, before: (Int, Int) -> Bool) -> [GroupRow] {
        let values = rows.map { value?($0) ?? groupValue($0) }
        return CompetitionRanking.rank(Array(rows.indices), value: { values[$0] }, before: before)
            .map { var g = rows[$0.item]; g.rank = $0.rank; return g }
    }

    func teams() -> [GroupRow] {
        let agents = month.agents
        func rank(_ i: Int) -> Int { roles.seniority(i) }
        var rows = grouped(by: teamIDs)
        for t in rows.indices {
            let senior = rows[t].members.max { a, b in
                let sa = rank(a), sb = rank(b)
                if sa != sb { return sa < sb }
                return agents[b].id.utf8.lexicographicallyPrecedes(agents[a].id.utf8)
            }
            if let s = senior, rank(s) > 0 { rows[t].agentIndex = s }
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
        return ranked(rows, value: { $0.premium.cents }) {
            month.agents[rows[$0].agentIndex!].id.utf8.lexicographicallyPrecedes(month.agents[rows[$1].agentIndex!].id.utf8)
        }
    }
}
