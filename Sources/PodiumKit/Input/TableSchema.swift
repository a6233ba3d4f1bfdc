/// The value type of a column (SPEC §1.2).
public enum ColumnType: Sendable, Equatable {
    case id, text, money, nonNegativeMoney, date, score, flag
    /// role, market or status: the row reader resolves the spelling.
    case role, market, status
}

/// One column of an input file: canonical name, built-in aliases, type and whether it is required.
public struct ColumnSpec: Sendable {
    public var name: String
    public var aliases: [String]
    public var type: ColumnType
    /// The column must be in the header.
    public var requiredColumn: Bool
    /// An empty value is `missing-value`.
    public var requiredValue: Bool
}

/// The columns of each input file (SPEC §1.3–§1.6).
public struct TableSchema: Sendable {
    public var file: InputFile
    public var columns: [ColumnSpec]

    static let agentIDAliases = ["工號", "工号", "業務員編號", "业务员编号", "代理人編號", "代理人编号"]

    public static func schema(for file: InputFile) -> TableSchema {
        func c(_ n: String, _ a: [String], _ t: ColumnType, _ req: Bool, value: Bool? = nil) -> ColumnSpec {
            ColumnSpec(name: n, aliases: a, type: t, requiredColumn: req, requiredValue: value ?? req)
        }
        switch file {
        case .agents:
            return TableSchema(file: file, columns: [
                c("agent_id", agentIDAliases, .id, true),
                c("name", ["姓名"], .text, true),
                c("role", ["職級", "职级"], .role, true),
                c("manager_id", ["上級工號", "上级工号", "主管工號", "主管工号"], .id, false),
                c("team", ["團隊", "团队", "組別", "组别"], .text, true),
                c("region", ["區域", "区域", "分公司"], .text, true),
                c("market", ["市場類型", "市场类型"], .market, true),
                c("hire_date", ["入職日期", "入职日期"], .date, true),
                c("status", ["狀態", "状态"], .status, true),
                c("termination_date", ["離職日期", "离职日期"], .date, false),
            ])
        case .sales:
            return TableSchema(file: file, columns: [
                c("policy_id", ["保單號", "保单号"], .id, true),
                c("agent_id", agentIDAliases, .id, true),
                c("date", ["承保日期", "日期"], .date, true),
                c("product", ["險種", "险种", "產品", "产品"], .text, true),
                c("premium", ["保費", "保费"], .money, true),
                c("fyc", ["首年佣金"], .money, true),
            ])
        case .targets:
            return TableSchema(file: file, columns: [
                c("agent_id", agentIDAliases, .id, true),
                c("target_premium", ["目標保費", "目标保费"], .nonNegativeMoney, true),
                c("prior_premium", ["去年同期保費", "去年同期保费"], .nonNegativeMoney, false),
                c("ytd_fyc", ["年度累計首年佣金", "年度累计首年佣金"], .money, false),
            ])
        case .kpi:
            return TableSchema(file: file, columns: [
                c("agent_id", agentIDAliases, .id, true),
                c("planning", ["計劃能力", "计划能力"], .score, false),
                c("process", ["過程管理", "过程管理"], .score, false),
                c("admin", ["行政工作"], .score, false),
                c("attitude", ["能力態度", "能力态度"], .score, false),
            ])
        case .visits:
            return TableSchema(file: file, columns: [
                c("agent_id", agentIDAliases, .id, true),
                c("date", ["拜訪日期", "拜访日期", "日期"], .date, true),
                c("customer_id", ["客戶編號", "客户编号"], .id, true),
            ] + VisitStep.allCases.map { c($0.rawValue, $0.aliases, .flag, true) })
        case .plan, .previous:
            return TableSchema(file: file, columns: [])
        }
    }
}
