/// SPEC §2 step 6 for `targets.csv` and `kpi.csv`: unknown agents and repeated ids.
struct KeyedRowValidator {
    let file: InputFile
    let fileName: String
    let index: [String: Int]
    private var firstLine: [String: Int] = [:]
    private(set) var accepted = 0
    private(set) var diagnostics: [Diagnostic] = []

    init(file: InputFile, fileName: String, index: [String: Int]) {
        self.file = file
        self.fileName = fileName
        self.index = index
    }

    /// Checks the agent id of a typed row; returns the agent's index when the row is kept.
    private mutating func keep(_ row: RowFields, _ agentID: String) -> Int? {
        guard let i = index[agentID] else {
            diagnostics.append(Diagnostic(.error, "unknown-agent", file: file, fileName: fileName, line: row.line,
                                          column: row.columnNumber(0), field: row.header(0),
                                          message: "agent_id \(agentID.quotedForMessage) is not in the roster (or its roster row was rejected)",
                                          value: row.raw(0) ?? ""))
            return nil
        }
        if let first = firstLine[agentID] {
            diagnostics.append(Diagnostic(.error, "duplicate-key", file: file, fileName: fileName, line: row.line,
                                          column: row.columnNumber(0), field: row.header(0),
                                          message: "agent_id \(agentID.quotedForMessage) is repeated (first on line \(first)); this row is ignored",
                                          value: row.raw(0) ?? ""))
            return nil
        }
        firstLine[agentID] = row.line
        accepted += 1
        return i
    }

    mutating func parseTarget(_ row: inout RowFields) -> (index: Int, row: TargetRow)? {
        let id = row.id(0, required: true)
        let target = row.money(1, required: true, nonNegative: true)
        let prior = row.money(2, required: false, nonNegative: true)
        let ytd = row.money(3, required: false)
        guard !row.failed, let id, let target, let i = keep(row, id) else { return nil }
        return (i, TargetRow(line: row.line, agentID: id, target: target, prior: prior, ytdFYC: ytd))
    }

    mutating func parseKPI(_ row: inout RowFields) -> (index: Int, row: KPIRow)? {
        let id = row.id(0, required: true)
        let planning = row.score(1, required: false)
        let process = row.score(2, required: false)
        let admin = row.score(3, required: false)
        let attitude = row.score(4, required: false)
        guard !row.failed, let id, let i = keep(row, id) else { return nil }
        return (i, KPIRow(line: row.line, agentID: id, planning: planning, process: process, admin: admin, attitude: attitude))
    }
}
