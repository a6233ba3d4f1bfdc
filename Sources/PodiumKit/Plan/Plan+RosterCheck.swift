extension Plan {
    /// SPEC §4: every role and market present among kept agents must have its settings (exit 78).
    public func checkAgainstRoster(_ agents: [Agent], fileName: String) -> [Diagnostic] {
        // the roster's few role × market pairs, found by comparing with those met (a text made
        // and hashed per agent was a tenth of a second for a national roster)
        var pairs: [(String, Market)] = []
        for a in agents where !pairs.contains(where: { $0.1 == a.market && $0.0 == a.role }) { pairs.append((a.role, a.market)) }
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
