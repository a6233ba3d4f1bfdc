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
