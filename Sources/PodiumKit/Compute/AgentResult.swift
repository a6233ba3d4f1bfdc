/// Everything the month computes for one agent (SPEC §3.2–§3.4).
public struct AgentResult: Sendable {
    public var index: Int
    public var activeDays: Int
    public var premium: Money
    public var fyc: Money
    public var newPolicies: Int
    public var cancellations: Int
    public var target: Money?
    public var prior: Money?
    /// Sums over the role's volume-basis group.
    public var premiumBasis: Money
    public var targetBasis: Money
    public var priorBasis: Money
    public var basis: VolumeBasis
    public var attainment: Fraction?
    public var growth: Fraction?
    /// Each dimension's score (nil: absent), rounded to 2 decimals as statements show it, in
    /// hundredths; the KPI score itself is weighted from the exact scores.
    public var dimensionScores: DimensionTable<Int64>
    /// Each dimension's weight.
    public var weights: [KPIDimension: Fraction]
    /// Rounded to 2 decimals, in hundredths.
    public var kpiScore: Int64?
    public var pay: PayLines
}

/// The incentive line items of one agent, each rounded once (the numbers behind them are a
/// `PayTrace`, made only where a statement or `podium explain` prints them).
public struct PayLines: Sendable {
    public var base = Money.zero
    public var commission = Money.zero
    public var kpiBonus = Money.zero
    public var override = Money.zero
    /// The previous month's carry_forward of this agent (≤ 0; SPEC §7.3).
    public var carriedIn = Money.zero
    public var total: Money { base + commission + kpiBonus + override + carriedIn }
    public var payable: Money { total > .zero ? total : .zero }
    public var carryForward: Money { total < .zero ? total : .zero }

    public init() {}

    /// Adds another agent's line items.
    public mutating func addAmounts(_ other: PayLines) {
        base += other.base
        commission += other.commission
        kpiBonus += other.kpiBonus
        override += other.override
        carriedIn += other.carriedIn
    }
}

/// The numbers behind one agent's pay lines, for statements and `podium explain`: made by the
/// same `IncentivePay.compute` as the amounts, for the agents whose formulas are printed only
/// (a national month's results would otherwise hold ten of them per agent).
public struct PayTrace: Sendable {
    public var baseSalary = Fraction.zero
    public var commissionBasis = Money.zero
    public var commissionRate = Fraction.zero
    /// Σ m_k × share_k: the effective multiplier.
    public var tierMix = Fraction.one
    public var commissionUncapped = Fraction.zero
    public var commissionCapped = false
    public var bonusTarget = Fraction.zero
    public var bonusMultiplier = Fraction.zero
    public var bonusWhyZero: String?
    /// Per generation: rate and the basis sum below.
    public var overrideGenerations: [(rate: Fraction, basis: Money)] = []

    public init() {}
}

/// One value per KPI dimension (SPEC §3.3), each possibly absent: six fields rather than a
/// dictionary, so that an agent's scores cost no allocation of their own (a national roster has
/// hundreds of thousands of agents).
public struct DimensionTable<Value: Sendable & Equatable>: Sendable, Equatable {
    private var volume: Value?
    private var growth: Value?
    private var planning: Value?
    private var process: Value?
    private var admin: Value?
    private var attitude: Value?

    public init() {}

    public subscript(_ d: KPIDimension) -> Value? {
        get {
            switch d {
            case .volume: return volume
            case .growth: return growth
            case .planning: return planning
            case .process: return process
            case .admin: return admin
            case .attitude: return attitude
            }
        }
        set {
            switch d {
            case .volume: volume = newValue
            case .growth: growth = newValue
            case .planning: planning = newValue
            case .process: process = newValue
            case .admin: admin = newValue
            case .attitude: attitude = newValue
            }
        }
    }
}
