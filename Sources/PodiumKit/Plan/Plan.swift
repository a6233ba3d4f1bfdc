/// An honour tier of `[[honors]]` (e.g. MDRT at 160,000 of FYC in the year).
public struct HonorTier: Sendable, Equatable {
    public var name: String
    /// The year-to-date FYC it takes, in yuan, exact.
    public var threshold: Fraction
}

/// A role of the plan's `[roles]`, junior first.
public struct RoleDefinition: Sendable, Equatable {
    public var key: String
    public var label: String
    /// Lower-cased spellings accepted in agents.csv: the key and the aliases.
    public var spellings: [String]
}

/// Which group an amount is measured over for a role (`[kpi] volume_basis`).
public enum VolumeBasis: String, Sendable, CaseIterable {
    case personal
    case organization
}

/// One commission tier: multiplier for the share of attainment up to `upto` (nil: open).
public struct CommissionTier: Sendable, Equatable {
    public var upto: Fraction?
    public var multiplier: Fraction
}

/// One KPI bonus step: from `min` score on, this multiplier.
public struct BonusStep: Sendable, Equatable {
    public var min: Fraction
    public var multiplier: Fraction
}

/// What agents are ranked by (`[ranking] metric`).
public enum AgentMetric: String, Sendable, CaseIterable {
    case premium, fyc
    case newPolicies = "new_policies"
    case kpiScore = "kpi_score"
    case attainment
}

/// What teams and regions are ranked by (`[ranking] group_metric`).
public enum GroupMetric: String, Sendable, CaseIterable {
    case premium, attainment
    case perCapitaPremium = "per_capita_premium"
    case activityRate = "activity_rate"
}

/// The output language of HTML pages.
public enum ReportLocale: String, Sendable, CaseIterable {
    case zhHant = "zh-Hant"
    case zhHans = "zh-Hans"
    case en
}

/// The incentive plan (`plan.toml`, SPEC §4), checked and with every default filled in.
public struct Plan: Sendable {
    public var name: String
    public var currency = "CNY"
    public var rounding = RoundingMode.halfUp
    public var timezone: String?

    public var roles: [RoleDefinition] = []
    public var growthTarget: [Market: Fraction] = [:]
    public var baseSalary: [String: [Market: Fraction]] = [:]

    public var commissionBasisIsPremium = false
    public var tiers: [CommissionTier] = [CommissionTier(upto: nil, multiplier: .one)]
    public var commissionCap: Fraction?
    public var commissionRate: [String: [Market: Fraction]] = [:]

    public var kpiCap = Fraction(120)
    public var volumeBasis: [String: VolumeBasis] = [:]
    /// Role table of weights (nil when the role lists only market tables).
    public var roleWeights: [String: [KPIDimension: Fraction]] = [:]
    public var marketWeights: [String: [Market: [KPIDimension: Fraction]]] = [:]
    public var processFromVisits = false

    public var bonusTarget: [String: Fraction] = [:]
    public var bonusSteps: [BonusStep] = []

    public var override: [String: [Fraction]] = [:]

    public var rankingRoles = ["agent"]
    public var rankingMetric = AgentMetric.premium
    public var groupMetric = GroupMetric.premium
    public var organizationRoles = ["director"]

    /// `[[honors]]`, thresholds increasing (SPEC §7.2); empty: no honours anywhere.
    public var honors: [HonorTier] = []

    public var spanMax = 8
    public var maxDepth = 6

    public var encodings: [InputFile: TextEncoding] = [:]
    public var defaultEncoding = TextEncoding.auto
    public var delimiter = DelimiterSetting.auto
    public var currencySymbols = ["¥", "￥", "$"]
    public var fileNames: [InputFile: String] = [:]
    public var columnMappings: [InputFile: [String: String]] = [:]

    public var locale = ReportLocale.zhHant
    public var csvBOM = true
    public var csvCRLF = true
    public var statements = true
    /// `[output] xlsx`: write payouts.xlsx beside payouts.csv (SPEC §5.4).
    public var xlsx = true
    /// One page per team and per director (`[output] group_pages`); off leaves index.html alone.
    public var groupPages = true

    public init(name: String) { self.name = name }

    /// The role's index in seniority order (0 = most junior).
    public func seniority(of role: String) -> Int { roles.firstIndex { $0.key == role } ?? 0 }

    public func volumeBasis(of role: String) -> VolumeBasis { volumeBasis[role] ?? .personal }

    /// The weights for a role in a market: the market table if there is one, else the role table.
    /// The KPI weights an agent's score uses (SPEC §3.3): its role's in its market, none when
    /// the plan has none.
    public func weights(of agent: Agent) -> [KPIDimension: Fraction] { weights(role: agent.role, market: agent.market) ?? [:] }

    public func weights(role: String, market: Market) -> [KPIDimension: Fraction]? {
        if let m = marketWeights[role]?[market] { return m }
        return roleWeights[role]
    }

    /// The file name of an input inside the month folder.
    public func fileName(_ file: InputFile) -> String { fileNames[file] ?? file.defaultFileName }

    public func encoding(for file: InputFile) -> TextEncoding { encodings[file] ?? defaultEncoding }
}
