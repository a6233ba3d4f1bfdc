extension Plan {
    /// SPEC §4: every role and market present among kept agents must have its settings (exit 78).
    public func checkAgainstRoster(_ agents: [Agent], fileName: String) -> [Diagnostic] {
        // the roster's role × market pairs in the order met: an agent with its predecessor's
        // pair is passed over with two comparisons, any other looked up in a set (a text made
        // and hashed for every agent was a tenth of a second for a national roster; a plan may
        // have any number of roles, so no linear search among the pairs met)
        struct Pair: Hashable {
            let role: String
            let market: Market
        }
        var pairs: [(String, Market)] = []
        var seen = Set<Pair>()
        var last: Pair?
        // by index: `for a in agents` copied every agent (six texts retained and released)
        for i in agents.indices {
            if let l = last, l.market == agents[i].market && l.role == agents[i].role { continue }
            let p = Pair(role: agents[i].role, market: agents[i].market)
            last = p
            if seen.insert(p).inserted { pairs.append((p.role, p.market)) }
        }
        pairs.sort { ($0.0 == $1.0) ? $0.1 < $1.1 : seniority(of: $0.0) < seniority(of: $1.0) }
        var out: [Diagnostic] = []
        func missing(_ path: String, _ what: String) {
            out.append(Diagnostic(.error, "bad-plan", file: .plan, fileName: fileName, field: path,
                                  message: "\(path): \(what) is needed by the roster but the plan does not set it"))
        }
        var rolesDone = Set<String>()
        for (role, market) in pairs {
            let m = market.rawValue
            if baseSalary[role]?[market] == nil { missing("base_salary.\(role).\(m)", "the base salary of \(role) in \(m) markets") }
            if commissionRate[role]?[market] == nil { missing("commission.rate.\(role).\(m)", "the commission rate of \(role) in \(m) markets") }
            if let w = weights(role: role, market: market) {
                if (w[.growth] ?? .zero) > .zero && growthTarget[market] == nil {
                    missing("markets.growth_target.\(m)", "the growth target of \(m) markets (growth weighs > 0 for \(role))")
                }
            } else {
                missing("kpi.weights.\(role)", "KPI weights for \(role) in \(m) markets")
            }
            if rolesDone.insert(role).inserted {
                if bonusTarget[role] == nil { missing("kpi_bonus.target.\(role)", "the KPI bonus target of \(role)") }
            }
        }
        if !pairs.isEmpty && bonusSteps.isEmpty { missing("kpi_bonus.steps", "KPI bonus steps") }
        return out
    }
}
