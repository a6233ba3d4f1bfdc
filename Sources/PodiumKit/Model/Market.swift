/// Market maturity of an agent's territory (SPEC §1.3).
public enum Market: String, Sendable, CaseIterable, Comparable {
    case mature
    case developing
    case new

    /// Lower-cased spellings accepted in agents.csv.
    static let spellings: [String: Market] = [
        "mature": .mature, "成熟": .mature,
        "developing": .developing, "發展": .developing, "发展": .developing,
        "new": .new, "新": .new, "新市場": .new, "新市场": .new,
    ]

    public static func < (a: Market, b: Market) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The six KPI dimensions of SPEC §3.3, in their fixed order.
public enum KPIDimension: String, Sendable, CaseIterable {
    case volume, growth, planning, process, admin, attitude

    /// The four dimensions managers score in kpi.csv (the other two come from the figures).
    public static let assessed: [KPIDimension] = [.planning, .process, .admin, .attitude]
}
