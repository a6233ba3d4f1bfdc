/// One agent's standing against the plan's honour tiers (SPEC §7.2): a row of honors.csv.
public struct HonorRow: Sendable, Equatable {
    public var agentIndex: Int
    /// ytd_fyc (0 when null) + this period's personal FYC.
    public var ytdTotal: Money
    /// ytd_total × 12 / month number, rounded once.
    public var projectedFYC: Money
    /// Indexes into `plan.honors`; nil where the column is empty.
    public var honor: Int?
    public var nextHonor: Int?
    /// next_honor's threshold − ytd_total, rounded once; nil without a next honour.
    public var gapToNext: Money?
    public var onPaceFor: Int?
}

/// Computes the honour rows of a month (pure).
enum Honours {
    /// - Parameter idPosition: each agent's place in agent_id order (ties go by agent_id).
    static func rows(month: ValidatedMonth, plan: Plan, idPosition: [Int]) -> [HonorRow] {
        let tiers = plan.honors
        guard !tiers.isEmpty else { return [] }
        let m = Int64(month.period.month)
        var rows: [HonorRow] = []
        for i in month.agents.indices {
            let ytd = month.targets[i]?.ytdFYC
            guard ytd != nil || month.sales[i].rows > 0 else { continue }
            let total = Money(cents: (ytd ?? 0)) + Money(cents: month.sales[i].fyc)
            let projected = Money(rounding: Fraction(ratio: total.cents, 100) * Fraction(ratio: 12, m), plan.rounding)
            func highest(_ amount: Money) -> Int? { tiers.lastIndex { $0.threshold <= amount.fraction } }
            let honor = highest(total)
            let next = honor.map { $0 + 1 < tiers.count ? $0 + 1 : nil } ?? 0
            rows.append(HonorRow(
                agentIndex: i, ytdTotal: total, projectedFYC: projected, honor: honor, nextHonor: next,
                gapToNext: next.map { Money(rounding: tiers[$0].threshold - total.fraction, plan.rounding) },
                onPaceFor: highest(projected)))
        }
        // ytd_total descending, then agent_id
        rows.sort { x, y in
            x.ytdTotal != y.ytdTotal ? x.ytdTotal > y.ytdTotal : idPosition[x.agentIndex] < idPosition[y.agentIndex]
        }
        return rows
    }
}
