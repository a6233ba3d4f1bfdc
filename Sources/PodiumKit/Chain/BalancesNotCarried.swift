/// The previous month's negative balances that no kept agent of this month carries in
/// (SPEC §7.3 `balance-not-carried`), so that no debt disappears silently.
enum BalancesNotCarried {
    static func find(previous: PreviousOutput, agents: [Agent]) -> (balances: [PreviousBalance], warnings: [Diagnostic]) {
        let kept = Set(agents.map { ExactKey($0.id) })
        var balances: [PreviousBalance] = []
        var warnings: [Diagnostic] = []
        for b in previous.balances where b.cents < 0 && !kept.contains(ExactKey(b.agentID)) {
            balances.append(b)
            warnings.append(Diagnostic(
                .warning, "balance-not-carried", file: .previous, fileName: InputFile.previous.defaultFileName,
                line: b.line, column: previous.carryColumn, field: previous.carryHeader,
                message: "\(b.agentID.quotedForMessage) owes \(Money(cents: b.cents).plain) from the previous month but is not a kept agent this month: the balance is not carried in",
                value: b.raw))
        }
        return (balances, warnings)
    }
}
