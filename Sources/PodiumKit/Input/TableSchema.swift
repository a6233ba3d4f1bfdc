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

/// A column of one input file's schema, addressed by name: the validators read their fields
/// through these (`row.id(SalesColumn.policyID)`), and the schema is made from them, so a name,
/// its position, its type and whether a value is required cannot drift apart.
protocol SchemaColumn {
    /// The position of the column in its file's `TableSchema.columns`.
    var index: Int { get }
    /// Name, aliases, type and whether the column and a value are required.
    var spec: ColumnSpec { get }
}

extension SchemaColumn where Self: RawRepresentable, RawValue == Int {
    var index: Int { rawValue }
}

private func column(_ name: String, _ aliases: [String], _ type: ColumnType, required: Bool) -> ColumnSpec {
    ColumnSpec(name: name, aliases: aliases, type: type, requiredColumn: required, requiredValue: required)
}

/// agents.csv (SPEC §1.3).
enum AgentsColumn: Int, SchemaColumn, CaseIterable {
    case agentID, name, role, managerID, team, region, market, hireDate, status, terminationDate
    var spec: ColumnSpec {
        switch self {
        case .agentID: return column("agent_id", TableSchema.agentIDAliases, .id, required: true)
        case .name: return column("name", ["姓名"], .text, required: true)
        case .role: return column("role", ["職級", "职级"], .role, required: true)
        case .managerID: return column("manager_id", ["上級工號", "上级工号", "主管工號", "主管工号"], .id, required: false)
        case .team: return column("team", ["團隊", "团队", "組別", "组别"], .text, required: true)
        case .region: return column("region", ["區域", "区域", "分公司"], .text, required: true)
        case .market: return column("market", ["市場類型", "市场类型"], .market, required: true)
        case .hireDate: return column("hire_date", ["入職日期", "入职日期"], .date, required: true)
        case .status: return column("status", ["狀態", "状态"], .status, required: true)
        case .terminationDate: return column("termination_date", ["離職日期", "离职日期"], .date, required: false)
        }
    }
}

/// sales.csv (SPEC §1.4).
enum SalesColumn: Int, SchemaColumn, CaseIterable {
    case policyID, agentID, date, product, premium, fyc
    var spec: ColumnSpec {
        switch self {
        case .policyID: return column("policy_id", ["保單號", "保单号"], .id, required: true)
        case .agentID: return column("agent_id", TableSchema.agentIDAliases, .id, required: true)
        case .date: return column("date", ["承保日期", "日期"], .date, required: true)
        case .product: return column("product", ["險種", "险种", "產品", "产品"], .text, required: true)
        case .premium: return column("premium", ["保費", "保费"], .money, required: true)
        case .fyc: return column("fyc", ["首年佣金"], .money, required: true)
        }
    }
}

/// targets.csv (SPEC §1.5, §7.2 `ytd_fyc`).
enum TargetsColumn: Int, SchemaColumn, CaseIterable {
    case agentID, targetPremium, priorPremium, ytdFYC
    var spec: ColumnSpec {
        switch self {
        case .agentID: return column("agent_id", TableSchema.agentIDAliases, .id, required: true)
        case .targetPremium: return column("target_premium", ["目標保費", "目标保费"], .nonNegativeMoney, required: true)
        case .priorPremium: return column("prior_premium", ["去年同期保費", "去年同期保费"], .nonNegativeMoney, required: false)
        case .ytdFYC: return column("ytd_fyc", ["年度累計首年佣金", "年度累计首年佣金"], .money, required: false)
        }
    }
}

/// kpi.csv (SPEC §1.6).
enum KPIColumn: Int, SchemaColumn, CaseIterable {
    case agentID, planning, process, admin, attitude
    var spec: ColumnSpec {
        switch self {
        case .agentID: return column("agent_id", TableSchema.agentIDAliases, .id, required: true)
        case .planning: return column("planning", ["計劃能力", "计划能力"], .score, required: false)
        case .process: return column("process", ["過程管理", "过程管理"], .score, required: false)
        case .admin: return column("admin", ["行政工作"], .score, required: false)
        case .attitude: return column("attitude", ["能力態度", "能力态度"], .score, required: false)
        }
    }
}

/// visits.csv (SPEC §7.1): who, when, which customer, then one flag per step of the visit.
enum VisitsColumn: SchemaColumn {
    case agentID, date, customerID
    case step(VisitStep)

    static var allCases: [VisitsColumn] { [.agentID, .date, .customerID] + VisitStep.allCases.map(VisitsColumn.step) }

    var index: Int {
        switch self {
        case .agentID: return 0
        case .date: return 1
        case .customerID: return 2
        case .step(let s): return 3 + VisitStep.allCases.firstIndex(of: s)!
        }
    }

    var spec: ColumnSpec {
        switch self {
        case .agentID: return column("agent_id", TableSchema.agentIDAliases, .id, required: true)
        case .date: return column("date", ["拜訪日期", "拜访日期", "日期"], .date, required: true)
        case .customerID: return column("customer_id", ["客戶編號", "客户编号"], .id, required: true)
        case .step(let s): return column(s.rawValue, s.aliases, .flag, required: true)
        }
    }
}

/// The columns of each input file (SPEC §1.3–§1.6, §7.1), made from its `SchemaColumn` type.
public struct TableSchema: Sendable {
    public var file: InputFile
    public var columns: [ColumnSpec]

    static let agentIDAliases = ["工號", "工号", "業務員編號", "业务员编号", "代理人編號", "代理人编号"]

    public static func schema(for file: InputFile) -> TableSchema {
        switch file {
        case .agents: return TableSchema(file: file, columns: AgentsColumn.allCases.map(\.spec))
        case .sales: return TableSchema(file: file, columns: SalesColumn.allCases.map(\.spec))
        case .targets: return TableSchema(file: file, columns: TargetsColumn.allCases.map(\.spec))
        case .kpi: return TableSchema(file: file, columns: KPIColumn.allCases.map(\.spec))
        case .visits: return TableSchema(file: file, columns: VisitsColumn.allCases.map(\.spec))
        case .plan, .previous: return TableSchema(file: file, columns: [])
        }
    }
}
