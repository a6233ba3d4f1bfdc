/// SPEC §2 steps 2 and 5 for `sales.csv`, one row at a time so the file is streamed:
/// each accepted row is added to its agent's totals and then forgotten.
struct SalesValidator {
    let period: Period
    let agents: [Agent]
    let index: [String: Int]
    let fileName: String
    private(set) var totals: [SalesTotals]
    private(set) var accepted = 0
    private(set) var diagnostics: [Diagnostic] = []
    let currencySymbols: [String]
    /// Agent ids as bytes → index, for the fast path.
    private var agentIDs: ByteKeyMap
    /// (policy_id, agent, sign) of every accepted row: shared by both paths so repeats are found
    /// whichever path saw the first row.
    private var seenKeys = ByteKeyMap(capacity: 1 << 16)
    private var keyScratch: [UInt8] = []
    private let periodStart: Int, periodEnd: Int
    private let hireDay: [Int], terminationDay: [Int]

    init(period: Period, agents: [Agent], index: [String: Int], fileName: String, currencySymbols: [String] = ["¥", "￥", "$"]) {
        self.period = period
        self.agents = agents
        self.index = index
        self.fileName = fileName
        self.currencySymbols = currencySymbols
        self.totals = Array(repeating: SalesTotals(), count: agents.count)
        var ids = ByteKeyMap(capacity: agents.count)
        for (i, a) in agents.enumerated() { _ = ids.insert(Array(a.id.utf8), value: i) }
        agentIDs = ids
        periodStart = period.start.dayNumber
        periodEnd = period.end.dayNumber
        hireDay = agents.map(\.hireDate.dayNumber)
        terminationDay = agents.map { $0.terminationDate?.dayNumber ?? Int.max }
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
        return raw.bytes.withUnsafeBufferPointer { b -> Bool in
            let rp = ByteText.trim(b, raw.range(cp)), ra = ByteText.trim(b, raw.range(ca))
            guard ByteText.isID(b, rp), ByteText.isID(b, ra) else { return false }
            guard let date = ValueParser.date(bytes: b[ByteText.trim(b, raw.range(cd))]) else { return false }
            let rt = ByteText.trim(b, raw.range(ct))
            guard !rt.isEmpty, ByteText.isPlainText(b, rt) else { return false }
            guard let premium = ValueParser.money(bytes: b[ByteText.trim(b, raw.range(cm))], symbols: currencySymbols),
                  let fyc = ValueParser.money(bytes: b[ByteText.trim(b, raw.range(cf))], symbols: currencySymbols) else { return false }
            guard let i = agentIDs.value(for: UnsafeBufferPointer(rebasing: b[ra])) else { return false }
            let day = date.dayNumber
            guard day >= periodStart, day <= periodEnd, day >= hireDay[i], day <= terminationDay[i] else { return false }
            guard !((premium > 0 && fyc < 0) || (premium < 0 && fyc > 0)), fyc.magnitude <= premium.magnitude else { return false }
            guard insertKey(policy: UnsafeBufferPointer(rebasing: b[rp]), agent: i, negative: premium < 0) else { return false }
            totals[i].add(premium: premium, fyc: fyc)
            accepted += 1
            return true
        }
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
        guard let i = index[agentID] else {
            reject(row, "unknown-agent", 1, "agent_id \(agentID.quotedForMessage) is not in the roster (or its roster row was rejected)")
            return
        }
        let agent = agents[i]
        guard period.contains(date) else {
            reject(row, "out-of-period", 2, "date \(date) is outside the period \(period) (\(period.start) to \(period.end))")
            return
        }
        if date < agent.hireDate {
            reject(row, "before-hire", 2, "date \(date) is before \(agentID)'s hire_date \(agent.hireDate)")
            return
        }
        if let t = agent.terminationDate, date > t {
            reject(row, "after-termination", 2, "date \(date) is after \(agentID)'s termination_date \(t)")
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
        let inserted = policyBytes.withUnsafeMutableBufferPointer { insertKey(policy: UnsafeBufferPointer($0), agent: i, negative: premium < 0) }
        guard inserted else {
            reject(row, "duplicate-key", 0, "policy \(policy.quotedForMessage) of \(agentID) appears again as a \(premium < 0 ? "cancellation" : "sale"); this row is ignored")
            return
        }
        totals[i].add(premium: premium, fyc: fyc)
        accepted += 1
    }
}
