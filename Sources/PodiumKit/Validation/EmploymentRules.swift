/// The date rules sales.csv and visits.csv share (SPEC §2 step 5, §7.1 step 6b): within the
/// period, not before the agent's hire_date, not after its termination_date. The column is the
/// date's schema column.
enum EmploymentRules {
    /// The first rule a dated row breaks, as (code, message), or nil when it passes.
    static func check(_ date: CivilDate, agent: Agent, period: Period) -> (code: String, message: String)? {
        guard period.contains(date) else {
            return ("out-of-period", "date \(date) is outside the period \(period) (\(period.start) to \(period.end))")
        }
        if date < agent.hireDate {
            return ("before-hire", "date \(date) is before \(agent.id)'s hire_date \(agent.hireDate)")
        }
        if let t = agent.terminationDate, date > t {
            return ("after-termination", "date \(date) is after \(agent.id)'s termination_date \(t)")
        }
        return nil
    }

    static func unknownAgent(_ agentID: String) -> String {
        "agent_id \(agentID.quotedForMessage) is not in the roster (or its roster row was rejected)"
    }
}
