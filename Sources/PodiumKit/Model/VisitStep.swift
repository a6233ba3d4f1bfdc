/// The eight steps of a store visit (終端拜訪八步驟, SPEC §7.1), in step order.
public enum VisitStep: String, Sendable, CaseIterable {
    case prepare
    case checkStore = "check_store"
    case greet
    case merchandise
    case checkStock = "check_stock"
    case present
    case order
    case thank

    /// The built-in header aliases.
    public var aliases: [String] {
        switch self {
        case .prepare: return ["準備工作", "准备工作"]
        case .checkStore: return ["店情查看"]
        case .greet: return ["打招呼"]
        case .merchandise: return ["陳列理貨", "陈列理货"]
        case .checkStock: return ["檢查庫存", "检查库存"]
        case .present: return ["銷售拜訪", "销售拜访"]
        case .order: return ["訂貨", "订货"]
        case .thank: return ["致謝離開", "致谢离开"]
        }
    }
}

/// One agent's accepted visits of the month, reduced (SPEC §7.1).
public struct VisitTotals: Sendable, Equatable {
    /// Accepted rows.
    public var visits = 0
    /// Set flags over those rows.
    public var completedSteps = 0
    /// Rows with `order` set.
    public var orders = 0
    /// How many visits left each step unset, in step order.
    public var skipped = [Int](repeating: 0, count: VisitStep.allCases.count)

    public init() {}

    /// Adds one accepted visit (its eight flags in step order).
    public mutating func add(_ flags: [Bool]) {
        visits += 1
        for (k, set) in flags.enumerated() {
            if set { completedSteps += 1 } else { skipped[k] += 1 }
        }
        if flags[VisitStep.allCases.firstIndex(of: .order)!] { orders += 1 }
    }

    /// Adds another agent's visits (a team's figures).
    public mutating func add(_ other: VisitTotals) {
        visits += other.visits
        completedSteps += other.completedSteps
        orders += other.orders
        for k in skipped.indices { skipped[k] += other.skipped[k] }
    }

    /// completed_steps / (8 × visits); nil when there is no visit.
    public var compliance: Fraction? { compliance(as: Fraction.self) }

    /// The same in any exact number type (the KPI score's process dimension, SPEC §7.1).
    func compliance<N: ExactNumber>(as type: N.Type) -> N? {
        visits == 0 ? nil : N(ratio: Int64(completedSteps), Int64(VisitStep.allCases.count * visits))
    }

    /// The step left unset in the most visits, ties by step order; nil when none was ever unset.
    public var mostSkipped: VisitStep? {
        var best = 0, step: VisitStep?
        for (k, n) in skipped.enumerated() where n > best {
            best = n
            step = VisitStep.allCases[k]
        }
        return step
    }
}
