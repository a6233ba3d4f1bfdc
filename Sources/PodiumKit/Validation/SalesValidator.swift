import CPodiumSys

/// SPEC §2 steps 2 and 5 for `sales.csv`, one row at a time so the file is streamed:
/// each accepted row is added to its agent's totals and then forgotten.
struct SalesValidator {
    let period: Period
    let agents: [Agent]
    let fileName: String
    /// Each agent's sums, on 2 MiB pages (one random access per row into megabytes: with 4 KiB
    /// pages most of them also missed the TLB). None until `ownSums` (a reader on one core
    /// calls it before the first row, a reader on several cores once per worker, on that
    /// worker's core; the merge takes over the first worker's, `takeSums`): zeroing megabytes of
    /// fresh pages was a tenth of a second on one core before any row was read.
    private var sums = HugePageArray(repeating: SalesTotals(), count: 0)
    /// Each agent's sums, in roster order (a copy: see `takeTotals`).
    var totals: [SalesTotals] { Array(UnsafeBufferPointer(start: sums.base, count: sums.count)) }

    /// Each agent's sums, in roster order, the validator's own memory for them given back (so
    /// that the month does not hold the sums twice; the validator adds no more rows).
    mutating func takeTotals() -> [SalesTotals] {
        // no sums made: no row was read (a month without sales.csv)
        let all = sums.count == agents.count ? totals : [SalesTotals](repeating: SalesTotals(), count: agents.count)
        sums = HugePageArray(repeating: SalesTotals(), count: 0)
        return all
    }
    private(set) var accepted = 0
    private(set) var diagnostics: [Diagnostic] = []
    /// The roster's ids as a byte-keyed table (shared with the readers of targets, kpi and visits).
    let agentIDs: AgentIDTable
    let employment: EmploymentRules
    /// The (policy_id, agent, sign) of every accepted row; a reader on several cores gives each
    /// its own spill and resolves the repeats over the whole file afterwards.
    var repeats = RepeatKeys.inMemory()

    init(period: Period, agents: [Agent], fileName: String) {
        self.period = period
        self.agents = agents
        self.fileName = fileName
        employment = EmploymentRules(period: period)
        agentIDs = AgentIDTable(ids: agents.map(\.id), hireDays: agents.map(\.hireDate.dayNumber),
                                terminationDays: agents.map { $0.terminationDate?.dayNumber ?? Int.max })
    }

    /// An accepted row, still to be added to its agent's sums.
    struct AcceptedRow {
        var agent: Int
        var premium: Int64
        var fyc: Int64
    }

    /// Checks a row and sums it when accepted.
    mutating func addRow(_ row: inout RowFields, offset: Int) {
        if let accepted = check(&row, offset: offset) { add(accepted) }
    }

    /// Gives this copy sums of its own, all zero (before it adds a row: each worker of a reader
    /// on several cores; copies that share sums must not both add rows).
    mutating func ownSums() {
        sums = HugePageArray(repeating: SalesTotals(), count: agents.count)
    }

    /// Takes over the sums of a worker that is done, as they stand (the merge of the workers:
    /// absorbing that worker then adds only its counts and diagnostics).
    mutating func takeSums(of worker: SalesValidator) {
        sums = worker.sums
    }

    /// Sums an accepted row.
    @inline(__always)
    mutating func add(_ row: AcceptedRow) {
        sums.base[row.agent].add(premium: row.premium, fyc: row.fyc)
        accepted += 1
    }

    /// Starts loading the agent's sums (the worker adds a row one row later, after this).
    @inline(__always)
    func prefetchTotals(_ agent: Int) {
        podium_prefetch(sums.base + agent)
    }

    /// Starts loading the agent table slot of an agent id's bytes.
    @inline(__always)
    func prefetchAgent(_ id: UnsafeBufferPointer<UInt8>) {
        agentIDs.prefetch(id)
    }

    /// SPEC §2 steps 2 and 5 for one row of sales.csv — the only implementation: the six fields
    /// typed, then the agent kept, the date within the period and the agent's employment, the
    /// signs, fyc within the premium, and the repeat key recorded. Returns the row to add, or nil
    /// when it is rejected (its diagnostics made, on the row or here).
    @inline(__always)
    mutating func check(_ row: inout RowFields, offset: Int) -> AcceptedRow? {
        let policy = row.idRange(SalesColumn.policyID)
        let agentID = row.idRange(SalesColumn.agentID)
        let date = row.date(SalesColumn.date)
        let product = row.checkText(SalesColumn.product)
        let premium = row.money(SalesColumn.premium)
        let fyc = row.money(SalesColumn.fyc)
        guard !row.failed, let policy, let agentID, let date, product, let premium, let fyc else { return nil }
        // the agent last: its table slot is rarely in cache, and the worker asked for it first
        guard let agent = agentIDs.knownAgent(row, agentID, SalesColumn.agentID, into: &diagnostics) else { return nil }
        if let broken = employment.check(date, agent, agents: agents) {
            reject(row, broken.code, SalesColumn.date, broken.message)
            return nil
        }
        if (premium > 0 && fyc < 0) || (premium < 0 && fyc > 0) {
            reject(row, "sign-mismatch", SalesColumn.fyc, "fyc \(Money(cents: fyc).plain) and premium \(Money(cents: premium).plain) have different signs")
            return nil
        }
        if fyc.magnitude > premium.magnitude {
            reject(row, "fyc-exceeds-premium", SalesColumn.fyc, "fyc \(Money(cents: fyc).plain) is larger than the premium \(Money(cents: premium).plain)")
            return nil
        }
        guard repeats.insert(policy: row.slice(policy), agent: agent.index, negative: premium < 0, line: row.line, offset: offset) else {
            rejectRepeat(row, policy: row.string(policy), agentID: row.string(agentID), negative: premium < 0)
            return nil
        }
        return AcceptedRow(agent: agent.index, premium: premium, fyc: fyc)
    }

    @inline(never)
    private mutating func reject(_ row: RowFields, _ code: String, _ column: SalesColumn, _ message: String) {
        diagnostics.append(row.diagnostic(.error, code, column, message))
    }

    @inline(never)
    private mutating func rejectRepeat(_ row: RowFields, policy: String, agentID: String, negative: Bool) {
        reject(row, "duplicate-key", SalesColumn.policyID, "policy \(policy.quotedForMessage) of \(agentID) appears again as a \(negative ? "cancellation" : "sale"); this row is ignored")
    }

    /// Takes back a row that was accepted and summed, found later to repeat an earlier row's key
    /// (the spill's verdict): the same diagnostic as the in-memory check, and the sums made whole.
    mutating func withdrawRepeat(_ row: inout RowFields) {
        guard let policy = row.id(SalesColumn.policyID), let agentID = row.idRange(SalesColumn.agentID),
              let premium = row.money(SalesColumn.premium), let fyc = row.money(SalesColumn.fyc),
              let agent = agentIDs.entry(of: row.slice(agentID)) else {
            preconditionFailure("a spilled row at line \(row.line) no longer parses")
        }
        rejectRepeat(row, policy: policy, agentID: row.string(agentID), negative: premium < 0)
        sums.base[agent.index].subtract(premium: premium, fyc: fyc)
        accepted -= 1
    }

    /// Moves every diagnostic so far by `delta` lines (a worker that counted from 1 mid-file).
    mutating func shiftDiagnosticLines(by delta: Int) {
        for k in diagnostics.indices { diagnostics[k].line = diagnostics[k].line.map { $0 + delta } }
    }

    /// Adds another worker's sums, counts and diagnostics (over a later part of the same file).
    mutating func absorb(_ other: SalesValidator) {
        precondition(sums.count == other.sums.count, "absorbing the sums of another roster")
        if sums !== other.sums {
            for i in 0..<sums.count { sums.base[i].add(other.sums.base[i]) }
        }
        accepted += other.accepted
        diagnostics += other.diagnostics
    }
}
