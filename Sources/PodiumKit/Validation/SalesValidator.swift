import CPodiumSys

/// SPEC §2 steps 2 and 5 for `sales.csv`, one row at a time so the file is streamed:
/// each accepted row is added to its agent's totals and then forgotten.
struct SalesValidator {
    let period: Period
    let agents: [Agent]
    let index: AgentIndex
    let fileName: String
    private(set) var totals: [SalesTotals]
    private(set) var accepted = 0
    private(set) var diagnostics: [Diagnostic] = []
    let currencySymbols: [String]
    /// Agent ids as bytes → index, for the fast path.
    /// The roster's ids as a byte-keyed table (shared with the readers of targets and kpi).
    let agentIDs: AgentIDTable
    /// (policy_id, agent, sign) of every accepted row: shared by both paths so repeats are found
    /// whichever path saw the first row.
    private var seenKeys = ByteKeyMap(capacity: 1 << 16)
    private var keyScratch: [UInt8] = []
    /// When set, repeats are not looked for here: every row that passes the other rules is
    /// written to this spill, and `RepeatKeySpill.resolve` finds the repeats after the whole file
    /// (so memory does not grow with sales rows, and two workers can share the file).
    var repeatSpill: RepeatKeySpill?
    /// The file offset of the record being checked (for the spill).
    var recordOffset = 0
    private let periodStart: Int, periodEnd: Int

    init(period: Period, agents: [Agent], index: AgentIndex, fileName: String, currencySymbols: [String] = ["¥", "￥", "$"]) {
        self.period = period
        self.agents = agents
        self.index = index
        self.fileName = fileName
        self.currencySymbols = currencySymbols
        self.totals = Array(repeating: SalesTotals(), count: agents.count)
        periodStart = period.start.dayNumber
        periodEnd = period.end.dayNumber
        agentIDs = AgentIDTable(ids: agents.map(\.id), hireDays: agents.map(\.hireDate.dayNumber),
                                terminationDays: agents.map { $0.terminationDate?.dayNumber ?? Int.max })
    }

    /// Inserts the repeat key of a row; false when an accepted row already had it.
    private mutating func insertKey(policy: UnsafeBufferPointer<UInt8>, agent: Int, negative: Bool) -> Bool {
        keyScratch.removeAll(keepingCapacity: true)
        keyScratch.append(contentsOf: policy)
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: agent).littleEndian) { keyScratch.append(contentsOf: $0) }
        keyScratch.append(negative ? 1 : 0)
        return seenKeys.insert(keyScratch, value: 0)
    }

    /// The hot path: a clean row, checked and summed straight from its bytes. Returns false for
    /// any row with something to report, which then takes the slow path for its diagnostics.
    mutating func fastRow(_ raw: RawRecord, _ map: HeaderMap) -> Bool {
        guard let cp = map.fieldIndex[0], let ca = map.fieldIndex[1], let cd = map.fieldIndex[2],
              let ct = map.fieldIndex[3], let cm = map.fieldIndex[4], let cf = map.fieldIndex[5] else { return false }
        let row = raw.bytes.withUnsafeBufferPointer { b -> CleanRow? in
            fastCheck(b, policy: raw.range(cp), agent: raw.range(ca), date: raw.range(cd), product: raw.range(ct),
                      premium: raw.range(cm), fyc: raw.range(cf), line: raw.line)
        }
        guard let row else { return false }
        add(row)
        return true
    }

    /// A row the fast path accepted, still to be added to its agent's sums.
    struct CleanRow {
        var agent: Int
        var premium: Int64
        var fyc: Int64
    }

    /// Sums an accepted row.
    @inline(__always)
    mutating func add(_ row: CleanRow) {
        totals[row.agent].add(premium: row.premium, fyc: row.fyc)
        accepted += 1
    }

    /// Starts loading the agent's sums (the worker adds a row one row later, after this).
    @inline(__always)
    func prefetchTotals(_ agent: Int) {
        totals.withUnsafeBufferPointer { podium_prefetch($0.baseAddress! + agent) }
    }

    /// Starts loading the agent table slot of the row's agent id.
    @inline(__always)
    func prefetchAgent(_ b: UnsafeBufferPointer<UInt8>, _ agent: Range<Int>) {
        agentIDs.prefetch(UnsafeBufferPointer(rebasing: b[ByteText.trim(b, agent)]))
    }

    /// The fast path over the six fields' byte ranges in `b` (untrimmed, unquoted): every rule
    /// of SPEC §2 steps 2 and 5 for a clean row, and its repeat key recorded; nil for a row with
    /// anything to report. The caller adds the row with `add`.
    @inline(__always)
    mutating func fastCheck(_ b: UnsafeBufferPointer<UInt8>, policy: Range<Int>, agent: Range<Int>, date: Range<Int>,
                            product: Range<Int>, premium: Range<Int>, fyc: Range<Int>, line: Int) -> CleanRow? {
        // a field past the limit is the scanner's `field-too-long` (the same verdict on every path)
        let limit = InputLimits.maxFieldBytes
        guard policy.count <= limit, agent.count <= limit, date.count <= limit, product.count <= limit,
              premium.count <= limit, fyc.count <= limit else { return nil }
        let rp = ByteText.trim(b, policy), ra = ByteText.trim(b, agent)
        guard ByteText.isID(b, rp), ByteText.isID(b, ra) else { return nil }
        guard let date = ValueParser.date(bytes: b[ByteText.trim(b, date)]) else { return nil }
        let rt = ByteText.trim(b, product)
        guard !rt.isEmpty, ByteText.isPlainText(b, rt) else { return nil }
        guard let premium = ValueParser.money(bytes: b[ByteText.trim(b, premium)], symbols: currencySymbols),
              let fyc = ValueParser.money(bytes: b[ByteText.trim(b, fyc)], symbols: currencySymbols) else { return nil }
        // the agent last: its table slot is rarely in cache, and the worker asked for it first
        guard let agent = agentIDs.entry(of: UnsafeBufferPointer(rebasing: b[ra])) else { return nil }
        let i = agent.index
        let day = date.dayNumber
        guard day >= periodStart, day <= periodEnd, day >= agent.hireDay, day <= agent.terminationDay else { return nil }
        guard !((premium > 0 && fyc < 0) || (premium < 0 && fyc > 0)), fyc.magnitude <= premium.magnitude else { return nil }
        let policyBytes = UnsafeBufferPointer(rebasing: b[rp])
        if let repeatSpill {
            repeatSpill.add(policy: policyBytes, agent: i, negative: premium < 0, line: line, offset: recordOffset)
        } else {
            guard insertKey(policy: policyBytes, agent: i, negative: premium < 0) else { return nil }
        }
        return CleanRow(agent: i, premium: premium, fyc: fyc)
    }

    private mutating func reject(_ row: RowFields, _ code: String, _ column: Int, _ message: String) {
        diagnostics.append(Diagnostic(.error, code, file: .sales, fileName: fileName, line: row.line,
                                      column: row.columnNumber(column), field: row.header(column),
                                      message: message, value: row.raw(column) ?? ""))
    }

    mutating func addRow(_ row: inout RowFields) {
        let policy = row.id(0, required: true)
        let agentID = row.id(1, required: true)
        let date = row.date(2, required: true)
        let product = row.text(3, required: true)
        let premium = row.money(4, required: true)
        let fyc = row.money(5, required: true)
        guard !row.failed, let policy, let agentID, let date, product != nil, let premium, let fyc else { return }
        guard let i = index[ExactKey(agentID)] else {
            reject(row, "unknown-agent", 1, EmploymentRules.unknownAgent(agentID))
            return
        }
        if let broken = EmploymentRules.check(date, agent: agents[i], period: period) {
            reject(row, broken.code, 2, broken.message)
            return
        }
        if (premium > 0 && fyc < 0) || (premium < 0 && fyc > 0) {
            reject(row, "sign-mismatch", 5, "fyc \(Money(cents: fyc).plain) and premium \(Money(cents: premium).plain) have different signs")
            return
        }
        if fyc.magnitude > premium.magnitude {
            reject(row, "fyc-exceeds-premium", 5, "fyc \(Money(cents: fyc).plain) is larger than the premium \(Money(cents: premium).plain)")
            return
        }
        var policyBytes = Array(policy.utf8)
        let inserted = policyBytes.withUnsafeMutableBufferPointer { p -> Bool in
            let bytes = UnsafeBufferPointer(p)
            if let repeatSpill {
                repeatSpill.add(policy: bytes, agent: i, negative: premium < 0, line: row.line, offset: recordOffset)
                return true
            }
            return insertKey(policy: bytes, agent: i, negative: premium < 0)
        }
        guard inserted else {
            rejectRepeat(row, policy: policy, agentID: agentID, negative: premium < 0)
            return
        }
        totals[i].add(premium: premium, fyc: fyc)
        accepted += 1
    }

    private mutating func rejectRepeat(_ row: RowFields, policy: String, agentID: String, negative: Bool) {
        reject(row, "duplicate-key", 0, "policy \(policy.quotedForMessage) of \(agentID) appears again as a \(negative ? "cancellation" : "sale"); this row is ignored")
    }

    /// Takes back a row that was accepted and summed, found later to repeat an earlier row's key
    /// (the spill's verdict): the same diagnostic as the in-memory check, and the sums made whole.
    mutating func withdrawRepeat(_ row: inout RowFields) {
        guard let policy = row.id(0, required: true), let agentID = row.id(1, required: true),
              let premium = row.money(4, required: true), let fyc = row.money(5, required: true),
              let i = index[ExactKey(agentID)] else {
            preconditionFailure("a spilled row at line \(row.line) no longer parses")
        }
        rejectRepeat(row, policy: policy, agentID: agentID, negative: premium < 0)
        totals[i].subtract(premium: premium, fyc: fyc)
        accepted -= 1
    }

    /// Moves every diagnostic so far by `delta` lines (a worker that counted from 1 mid-file).
    mutating func shiftDiagnosticLines(by delta: Int) {
        for k in diagnostics.indices { diagnostics[k].line = diagnostics[k].line.map { $0 + delta } }
    }

    /// Adds another worker's sums, counts and diagnostics (over a later part of the same file).
    mutating func absorb(_ other: SalesValidator) {
        for i in totals.indices { totals[i].add(other.totals[i]) }
        accepted += other.accepted
        diagnostics += other.diagnostics
    }
}
