/// SPEC §2 step 6 for `targets.csv` and `kpi.csv`: unknown agents and repeated ids.
struct KeyedRowValidator {
    let file: InputFile
    let fileName: String
    let index: AgentIndex
    /// The roster's byte-keyed table, for the fast path (nil: ids are looked up as Strings).
    let ids: AgentIDTable?
    /// The line of each agent's first row (0: none yet), by agent index.
    private var firstLine: [Int]
    private(set) var accepted = 0
    private(set) var diagnostics: [Diagnostic] = []

    init(file: InputFile, fileName: String, index: AgentIndex, ids: AgentIDTable? = nil) {
        self.file = file
        self.fileName = fileName
        self.index = index
        self.ids = ids
        firstLine = [Int](repeating: 0, count: (index.values.max() ?? -1) + 1)
    }

    /// Checks the agent id of a typed row; returns the agent's index when the row is kept.
    private mutating func keep(_ row: RowFields, _ agentID: String) -> Int? {
        guard let i = index[ExactKey(agentID)] else {
            diagnostics.append(Diagnostic(.error, "unknown-agent", file: file, fileName: fileName, line: row.line,
                                          column: row.columnNumber(0), field: row.header(0),
                                          message: EmploymentRules.unknownAgent(agentID),
                                          value: row.raw(0) ?? ""))
            return nil
        }
        if case let first = firstLine[i], first != 0 {
            diagnostics.append(Diagnostic(.error, "duplicate-key", file: file, fileName: fileName, line: row.line,
                                          column: row.columnNumber(0), field: row.header(0),
                                          message: "agent_id \(agentID.quotedForMessage) is repeated (first on line \(first)); this row is ignored",
                                          value: row.raw(0) ?? ""))
            return nil
        }
        firstLine[i] = row.line
        accepted += 1
        return i
    }

    /// The fast path's form of `keep`: the agent's index for a known id not seen before, with
    /// nothing changed otherwise (the String path then reports the row).
    private mutating func keepClean(_ i: Int, line: Int) -> Int? {
        guard firstLine[i] == 0 else { return nil }
        firstLine[i] = line
        accepted += 1
        return i
    }

    /// Reads a clean row from its bytes: `body` gets the trimmed range of each schema column
    /// (nil when the column is absent) and types them, or returns nil for the String path.
    /// The result carries the agent's index when its id is in the roster.
    private func fastRow<Row>(_ raw: RawRecord, _ map: HeaderMap,
                              _ body: (UnsafeBufferPointer<UInt8>, (Int) -> Range<Int>?) -> Row?) -> (id: String, agent: Int, row: Row)? {
        guard let c0 = map.fieldIndex[0] else { return nil }
        return raw.bytes.withUnsafeBufferPointer { b -> (id: String, agent: Int, row: Row)? in
            let id = ByteText.trim(b, raw.range(c0))
            guard ByteText.isID(b, id) else { return nil }
            let trimmed: (Int) -> Range<Int>? = { c in map.fieldIndex[c].map { ByteText.trim(b, raw.range($0)) } }
            guard let row = body(b, trimmed) else { return nil }
            let idText = String(decoding: UnsafeBufferPointer(rebasing: b[id]), as: UTF8.self)
            let agent = ids.map { $0.entry(of: UnsafeBufferPointer(rebasing: b[id]))?.index } ?? index[ExactKey(idText)]
            guard let agent else { return nil }
            return (idText, agent, row)
        }
    }

    /// The byte-level form of `parseTarget` for a clean row of a known agent seen once; nil
    /// sends the row to `parseTarget`. Both give the same row.
    mutating func fastTarget(_ raw: RawRecord, _ map: HeaderMap, symbols: [String]) -> (index: Int, row: TargetRow)? {
        typealias Amounts = (target: Int64, prior: Int64?, ytd: Int64?)
        let typed: (id: String, agent: Int, row: Amounts)? = fastRow(raw, map) { b, field in
            /// nil: not clean; .some(nil): absent or empty (allowed where optional).
            func money(_ c: Int, required: Bool, nonNegative: Bool) -> Int64?? {
                guard let r = field(c), !r.isEmpty else { return required ? nil : .some(nil) }
                guard let v = ValueParser.money(bytes: b[r], symbols: symbols), !(nonNegative && v < 0) else { return nil }
                return .some(v)
            }
            guard let target = money(1, required: true, nonNegative: true), let t = target,
                  let prior = money(2, required: false, nonNegative: true), let ytd = money(3, required: false, nonNegative: false) else { return nil }
            return (t, prior, ytd)
        }
        guard let typed, let i = keepClean(typed.agent, line: raw.line) else { return nil }
        return (i, TargetRow(line: raw.line, agentID: typed.id, target: typed.row.target, prior: typed.row.prior, ytdFYC: typed.row.ytd))
    }

    /// The byte-level form of `parseKPI`, as `fastTarget` is of `parseTarget`.
    mutating func fastKPI(_ raw: RawRecord, _ map: HeaderMap) -> (index: Int, row: KPIRow)? {
        typealias Scores = (Int?, Int?, Int?, Int?)
        let typed: (id: String, agent: Int, row: Scores)? = fastRow(raw, map) { b, field in
            func score(_ c: Int) -> Int?? {
                guard let r = field(c), !r.isEmpty else { return .some(nil) }
                return ValueParser.score(bytes: b[r]).map { .some($0) }
            }
            guard let p = score(1), let q = score(2), let a = score(3), let t = score(4) else { return nil }
            return (p, q, a, t)
        }
        guard let typed, let i = keepClean(typed.agent, line: raw.line) else { return nil }
        let s = typed.row
        return (i, KPIRow(line: raw.line, agentID: typed.id, planning: s.0, process: s.1, admin: s.2, attitude: s.3))
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
