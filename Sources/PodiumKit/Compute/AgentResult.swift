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
    /// premiumBasis / targetBasis when the target basis is above zero (made when asked: a
    /// national month holds hundreds of thousands of results, and most are never printed).
    public var attainment: Fraction? { attainment(as: Fraction.self) }
    /// Whether there is an attainment (a target basis above zero).
    public var hasAttainment: Bool { targetBasis.cents > 0 }
    /// The attainment in any exact number type (the pay rules compute in `SmallRatio` first).
    func attainment<N: ExactNumber>(as type: N.Type) -> N? {
        hasAttainment ? N(ratio: premiumBasis.cents, targetBasis.cents) : nil
    }
    /// premiumBasis / priorBasis − 1 when the prior basis is above zero.
    public var growth: Fraction? {
        priorBasis.cents > 0 ? Fraction(ratio: premiumBasis.cents, priorBasis.cents) - .one : nil
    }
    /// Each dimension's score (nil: absent), rounded to 2 decimals as statements show it, in
    /// hundredths; the KPI score itself is weighted from the exact scores.
    public var dimensionScores: DimensionTable<Int64>
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

/// One value per KPI dimension (SPEC §3.3), each possibly absent: six integers and a mask of
/// the present ones rather than a dictionary or six optionals, so that an agent's scores cost
/// 56 bytes and no allocation (a national roster has hundreds of thousands of agents).
public struct DimensionTable<Value: FixedWidthInteger & Sendable>: Sendable, Equatable {
    private var values: (Value, Value, Value, Value, Value, Value) = (0, 0, 0, 0, 0, 0)
    private var present: UInt8 = 0

    public init() {}

    private static func slot(_ d: KPIDimension) -> Int {
        switch d {
        case .volume: return 0
        case .growth: return 1
        case .planning: return 2
        case .process: return 3
        case .admin: return 4
        case .attitude: return 5
        }
    }

    public subscript(_ d: KPIDimension) -> Value? {
        get {
            let k = Self.slot(d)
            guard present & (1 << k) != 0 else { return nil }
            return withUnsafeBytes(of: values) { $0.load(fromByteOffset: k * MemoryLayout<Value>.stride, as: Value.self) }
        }
        set {
            let k = Self.slot(d)
            if let v = newValue {
                withUnsafeMutableBytes(of: &values) { $0.storeBytes(of: v, toByteOffset: k * MemoryLayout<Value>.stride, as: Value.self) }
                present |= 1 << k
            } else {
                withUnsafeMutableBytes(of: &values) { $0.storeBytes(of: 0, toByteOffset: k * MemoryLayout<Value>.stride, as: Value.self) }
                present &= ~(1 << k)
            }
        }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.present == b.present && KPIDimension.allCases.allSatisfy { a[$0] == b[$0] }
    }
}
