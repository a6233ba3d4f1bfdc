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

    /// The agent of a typed row's id (`column`): its index when the row is kept, after
    /// `unknown-agent` and `duplicate-key` (the file's key is the agent).
    private mutating func keep(_ row: RowFields, _ id: Range<Int>, _ column: some SchemaColumn) -> Int? {
        guard let i = ids.knownAgent(row, id, column, into: &diagnostics)?.index else { return nil }
        if case let first = firstLine[i], first != 0 {
            diagnostics.append(row.diagnostic(.error, "duplicate-key", column,
                                              "agent_id \(row.string(id).quotedForMessage) is repeated (first on line \(first)); this row is ignored"))
            return nil
        }
        firstLine[i] = row.line
        accepted += 1
        return i
    }

    mutating func parseTarget(_ row: inout RowFields) -> (index: Int, row: TargetRow)? {
        let id = row.idRange(TargetsColumn.agentID)
        let target = row.money(TargetsColumn.targetPremium)
        let prior = row.money(TargetsColumn.priorPremium)
        let ytd = row.money(TargetsColumn.ytdFYC)
        guard !row.failed, let id, let target, let i = keep(row, id, TargetsColumn.agentID) else { return nil }
        return (i, TargetRow(line: row.line, target: target, prior: prior, ytdFYC: ytd))
    }

    mutating func parseKPI(_ row: inout RowFields) -> (index: Int, row: KPIRow)? {
        let id = row.idRange(KPIColumn.agentID)
        let planning = row.score(KPIColumn.planning)
        let process = row.score(KPIColumn.process)
        let admin = row.score(KPIColumn.admin)
        let attitude = row.score(KPIColumn.attitude)
        guard !row.failed, let id, let i = keep(row, id, KPIColumn.agentID) else { return nil }
        return (i, KPIRow(line: row.line, planning: planning, process: process, admin: admin, attitude: attitude))
    }
}
