/// The date rules sales.csv and visits.csv share (SPEC §2 step 5, §7.1 step 6b): within the
/// period, not before the agent's hire_date, not after its termination_date — decided once, on
/// day numbers, for every file that has them.
struct EmploymentRules {
    let period: Period
    private let firstDay: Int, lastDay: Int

    init(period: Period) {
        self.period = period
        firstDay = period.start.dayNumber
        lastDay = period.end.dayNumber
    }

    /// The first rule a dated row of the agent `entry` breaks, as (code, message), or nil when it
    /// passes; `agents` (the roster) is read only for the message of a broken rule.
    @inline(__always)
    func check(_ date: CivilDate, _ entry: AgentIDTable.Entry, agents: [Agent]) -> (code: String, message: String)? {
        let day = date.dayNumber
        if day >= firstDay && day <= lastDay && day >= entry.hireDay && day <= entry.terminationDay { return nil }
        return broken(date, day: day, entry, agent: agents[entry.index])
    }

    @inline(never)
    private func broken(_ date: CivilDate, day: Int, _ entry: AgentIDTable.Entry, agent: Agent) -> (code: String, message: String) {
        if day < firstDay || day > lastDay {
            return ("out-of-period", "date \(date) is outside the period \(period) (\(period.start) to \(period.end))")
        }
        if day < entry.hireDay {
            return ("before-hire", "date \(date) is before \(agent.id)'s hire_date \(agent.hireDate)")
        }
        return ("after-termination", "date \(date) is after \(agent.id)'s termination_date \(agent.terminationDate.map(\.description) ?? "")")
    }

    static func unknownAgent(_ agentID: String) -> String {
        "agent_id \(agentID.quotedForMessage) is not in the roster (or its roster row was rejected)"
    }
}

extension AgentIDTable {
    /// The rule every file keyed by agent shares (SPEC §2 steps 5 and 6, §7.1 step 6b): the
    /// row's agent id (the trimmed range `id` of `column`) is a kept roster agent. Its entry, or
    /// nil with `unknown-agent` added to `diagnostics`.
    @inline(__always)
    func knownAgent(_ row: RowFields, _ id: Range<Int>, _ column: some SchemaColumn, into diagnostics: inout [Diagnostic]) -> Entry? {
        if let entry = entry(of: row.slice(id)) { return entry }
        diagnostics.append(row.diagnostic(.error, "unknown-agent", column, EmploymentRules.unknownAgent(row.string(id))))
        return nil
    }
}
