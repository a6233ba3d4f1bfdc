/// Each agent's role as its position in the plan's `[roles]` (junior first: the seniority
/// order), found once per close. The close asks about every agent's role in several places —
/// its pay rules, whether it is ranked, whether it heads an organization, its seniority in the
/// team — and a hashed `String` look-up per agent and question cost more than the question
/// (a national roster has hundreds of thousands of agents and a handful of roles).
struct RoleTable: Sendable {
    /// The plan's role keys, in seniority order.
    let keys: [String]
    /// Agent i's role position, or -1 for a role the plan does not have (the roster check
    /// rejects such rows; what such an agent is asked falls back to its role's text).
    let position: [Int32]
    private let agents: [Agent]

    init(agents: [Agent], plan: Plan) {
        let keys = plan.roles.map(\.key)
        self.keys = keys
        self.agents = agents
        position = agents.map { a in keys.firstIndex(of: a.role).map { Int32($0) } ?? -1 }
    }

    /// Per agent, whether its role is one of `roles`.
    func agentsWithRole(in roles: [String]) -> [Bool] {
        let marks = keys.map { roles.contains($0) }
        return position.indices.map { i in
            let r = Int(position[i])
            return r >= 0 ? marks[r] : roles.contains(agents[i].role)
        }
    }

    /// Agent i's seniority: its role's position, 0 for a role the plan does not have (as
    /// `Plan.seniority(of:)`).
    func seniority(_ i: Int) -> Int { max(Int(position[i]), 0) }
}
