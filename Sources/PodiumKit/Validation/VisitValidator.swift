/// SPEC §7.1 for `visits.csv`: step 2 typing (ids, date, eight flags), then step 6b (agent kept,
/// date within the period and the agent's employment, repeated agent + date + customer), each
/// accepted row reduced into its agent's `VisitTotals`.
struct VisitValidator {
    let period: Period
    let agents: [Agent]
    let index: AgentIndex
    let fileName: String
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

    /// Schema columns (TableSchema .visits): agent_id, date, customer_id, then the eight steps.
    private static let agentColumn = 0, dateColumn = 1, customerColumn = 2, firstStep = 3

    init(period: Period, agents: [Agent], index: AgentIndex, fileName: String) {
        self.period = period
        self.agents = agents
        self.index = index
        self.fileName = fileName
        totals = Array(repeating: VisitTotals(), count: agents.count)
    }

    private mutating func reject(_ row: RowFields, _ code: String, _ column: Int, _ message: String) {
        diagnostics.append(Diagnostic(.error, code, file: .visits, fileName: fileName, line: row.line,
                                      column: row.columnNumber(column), field: row.header(column),
                                      message: message, value: row.raw(column) ?? ""))
    }

    mutating func addRow(_ row: inout RowFields) {
        let agentID = row.id(Self.agentColumn, required: true)
        let date = row.date(Self.dateColumn, required: true)
        let customer = row.id(Self.customerColumn, required: true)
        let flags = VisitStep.allCases.indices.map { row.flag(Self.firstStep + $0, required: true) }
        guard !row.failed, let agentID, let date, let customer else { return }
        guard let i = index[ExactKey(agentID)] else {
            reject(row, "unknown-agent", Self.agentColumn, EmploymentRules.unknownAgent(agentID))
            return
        }
        if let broken = EmploymentRules.check(date, agent: agents[i], period: period) {
            reject(row, broken.code, Self.dateColumn, broken.message)
            return
        }
        let key = VisitKey(agent: i, day: date.dayNumber, customer: ExactKey(customer))
        if let first = firstLine[key] {
            reject(row, "duplicate-key", Self.customerColumn,
                   "the visit of \(agentID) to customer \(customer.quotedForMessage) on \(date) is repeated (first on line \(first)); this row is ignored")
            return
        }
        firstLine[key] = row.line
        totals[i].add(flags.map { $0 ?? false })
        accepted += 1
    }
}
