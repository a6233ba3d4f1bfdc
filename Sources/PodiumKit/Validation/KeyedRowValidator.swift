/// SPEC §2 step 6 for `targets.csv` and `kpi.csv`: unknown agents and repeated ids.
struct KeyedRowValidator {
    let file: InputFile
    let fileName: String
    /// The roster's ids, looked up by their bytes.
    let ids: AgentIDTable
    /// The line of each agent's first row (0: none yet), by agent index.
    private var firstLine: [Int]
    private(set) var accepted = 0
    private(set) var diagnostics: [Diagnostic] = []

    init(file: InputFile, fileName: String, agentCount: Int, ids: AgentIDTable) {
        self.file = file
        self.fileName = fileName
        self.ids = ids
        firstLine = [Int](repeating: 0, count: agentCount)
    }

    /// The agent of a typed row's id (schema column 0): its index when the row is kept, after
    /// `unknown-agent` and `duplicate-key`.
    private mutating func keep(_ row: RowFields, _ id: Range<Int>) -> Int? {
        guard let i = ids.entry(of: row.slice(id))?.index else {
            diagnostics.append(row.diagnostic(.error, "unknown-agent", 0, EmploymentRules.unknownAgent(row.string(id))))
            return nil
        }
        if case let first = firstLine[i], first != 0 {
            diagnostics.append(row.diagnostic(.error, "duplicate-key", 0,
                                              "agent_id \(row.string(id).quotedForMessage) is repeated (first on line \(first)); this row is ignored"))
            return nil
        }
        firstLine[i] = row.line
        accepted += 1
        return i
    }

    mutating func parseTarget(_ row: inout RowFields) -> (index: Int, row: TargetRow)? {
        let id = row.idRange(0, required: true)
        let target = row.money(1, required: true, nonNegative: true)
        let prior = row.money(2, required: false, nonNegative: true)
        let ytd = row.money(3, required: false)
        guard !row.failed, let id, let target, let i = keep(row, id) else { return nil }
        return (i, TargetRow(line: row.line, agentID: row.string(id), target: target, prior: prior, ytdFYC: ytd))
    }

    mutating func parseKPI(_ row: inout RowFields) -> (index: Int, row: KPIRow)? {
        let id = row.idRange(0, required: true)
        let planning = row.score(1, required: false)
        let process = row.score(2, required: false)
        let admin = row.score(3, required: false)
        let attitude = row.score(4, required: false)
        guard !row.failed, let id, let i = keep(row, id) else { return nil }
        return (i, KPIRow(line: row.line, agentID: row.string(id), planning: planning, process: process, admin: admin, attitude: attitude))
    }
}
