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
    private var seenKeys = Set<SaleKey>()

    private struct SaleKey: Hashable {
        var policy: String
        var agent: String
        var negative: Bool
    }

    init(period: Period, agents: [Agent], index: [String: Int], fileName: String) {
        self.period = period
        self.agents = agents
        self.index = index
        self.fileName = fileName
        self.totals = Array(repeating: SalesTotals(), count: agents.count)
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
        let key = SaleKey(policy: policy, agent: agentID, negative: premium < 0)
        guard seenKeys.insert(key).inserted else {
            reject(row, "duplicate-key", 0, "policy \(policy.quotedForMessage) of \(agentID) appears again as a \(premium < 0 ? "cancellation" : "sale"); this row is ignored")
            return
        }
        totals[i].add(premium: premium, fyc: fyc)
        accepted += 1
    }
}
