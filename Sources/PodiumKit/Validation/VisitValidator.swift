/// SPEC §7.1 for `visits.csv`: step 2 typing (ids, date, eight flags), then step 6b (agent kept,
/// date within the period and the agent's employment, repeated agent + date + customer), each
/// accepted row reduced into its agent's `VisitTotals`.
struct VisitValidator {
    let agents: [Agent]
    let fileName: String
    /// The roster's ids, looked up by their bytes.
    let ids: AgentIDTable
    let employment: EmploymentRules
    private(set) var totals: [VisitTotals]
    private(set) var accepted = 0
    private(set) var diagnostics: [Diagnostic] = []
    /// The first line of each accepted (agent, day, customer id bytes).
    private var firstLine: [VisitKey: Int] = [:]

    private struct VisitKey: Hashable {
        var agent: Int
        var day: Int
        var customer: ExactKey
    }

    init(period: Period, agents: [Agent], ids: AgentIDTable, fileName: String) {
        self.agents = agents
        self.ids = ids
        self.fileName = fileName
        employment = EmploymentRules(period: period)
        totals = Array(repeating: VisitTotals(), count: agents.count)
    }

    private mutating func reject(_ row: RowFields, _ code: String, _ column: VisitsColumn, _ message: String) {
        diagnostics.append(row.diagnostic(.error, code, column, message))
    }

    mutating func addRow(_ row: inout RowFields) {
        let agentID = row.idRange(VisitsColumn.agentID)
        let date = row.date(VisitsColumn.date)
        let customer = row.id(VisitsColumn.customerID)
        let flags = VisitStep.allCases.map { row.flag(VisitsColumn.step($0)) }
        guard !row.failed, let agentID, let date, let customer else { return }
        guard let agent = ids.knownAgent(row, agentID, VisitsColumn.agentID, into: &diagnostics) else { return }
        let i = agent.index
        if let broken = employment.check(date, agent, agents: agents) {
            reject(row, broken.code, .date, broken.message)
            return
        }
        let key = VisitKey(agent: i, day: date.dayNumber, customer: ExactKey(customer))
        if let first = firstLine[key] {
            reject(row, "duplicate-key", .customerID,
                   "the visit of \(agents[i].id) to customer \(customer.quotedForMessage) on \(date) is repeated (first on line \(first)); this row is ignored")
            return
        }
        firstLine[key] = row.line
        totals[i].add(flags.map { $0 ?? false })
        accepted += 1
    }
}
