/// A step of exact arithmetic that does not fit the number type it was asked of (`SmallRatio`);
/// the computation starts again in `Fraction`, which never overflows.
struct ArithmeticOverflow: Error {}

/// The exact arithmetic the pay rules are written in (SPEC §3.1–§3.4), once, for two number
/// types: `SmallRatio` (two machine integers, no reduction, no allocation: the hot path of a
/// national roster) and `Fraction` (reduced, arbitrary precision: never overflows). A rule runs in
/// `SmallRatio` first and, when one of its steps would overflow, again in `Fraction` — the same
/// exact value either way, so which type computed an amount never shows.
protocol ExactNumber: Sendable {
    /// A plan number or any other exact value (throws when it does not fit the type).
    init(exactly value: Fraction) throws(ArithmeticOverflow)
    /// numerator / denominator (denominator ≠ 0).
    init(ratio numerator: Int64, _ denominator: Int64)
    static var zero: Self { get }
    static var one: Self { get }
    static func + (a: Self, b: Self) throws(ArithmeticOverflow) -> Self
    static func - (a: Self, b: Self) throws(ArithmeticOverflow) -> Self
    static func * (a: Self, b: Self) throws(ArithmeticOverflow) -> Self
    /// Division by a non-zero value.
    static func / (a: Self, b: Self) throws(ArithmeticOverflow) -> Self
    /// a < b.
    static func isLess(_ a: Self, _ b: Self) throws(ArithmeticOverflow) -> Bool
    var isZero: Bool { get }
    /// > 0.
    var isPositive: Bool { get }
    /// Rounded to `places` decimals and scaled by 10^places, as an integer of 64 bits.
    func scaled(_ places: Int, _ mode: RoundingMode) throws(ArithmeticOverflow) -> Int64
    /// The same value as a `Fraction` (for a pay trace).
    var fraction: Fraction { get }
}

extension ExactNumber {
    static func min(_ a: Self, _ b: Self) throws(ArithmeticOverflow) -> Self { try isLess(b, a) ? b : a }
    static func max(_ a: Self, _ b: Self) throws(ArithmeticOverflow) -> Self { try isLess(a, b) ? b : a }
    /// The value kept between 0 and `cap`.
    func clamped(to cap: Self) throws(ArithmeticOverflow) -> Self { try Self.min(Self.max(self, .zero), cap) }
    /// An amount of yuan rounded to the cent (SPEC §3.1).
    func cents(_ mode: RoundingMode) throws(ArithmeticOverflow) -> Money { Money(cents: try scaled(2, mode)) }
}

extension Fraction: ExactNumber {
    init(exactly value: Fraction) { self = value }
    static func isLess(_ a: Fraction, _ b: Fraction) -> Bool { a < b }
    var isPositive: Bool { signum > 0 }
    var fraction: Fraction { self }
}

/// An exact rational of two 128-bit integers, denominator > 0, **not** kept in lowest terms: no
/// GCD per step, nothing to allocate or release. Every step checks for overflow and throws, so
/// a value is exact or absent; a few steps of plan numbers (small denominators) and amounts of
/// up to 12 digits stay far inside 128 bits.
struct SmallRatio: ExactNumber {
    private(set) var numerator: Int128
    /// > 0.
    private(set) var denominator: Int128

    init(_ numerator: Int128, _ denominator: Int128 = 1) {
        precondition(denominator > 0, "a SmallRatio's denominator is positive")
        self.numerator = numerator
        self.denominator = denominator
    }

    init(exactly value: Fraction) throws(ArithmeticOverflow) {
        guard let (n, d) = value.smallParts else { throw ArithmeticOverflow() }
        self.init(n, d)
    }

    init(ratio numerator: Int64, _ denominator: Int64) {
        precondition(denominator != 0, "zero denominator")
        self.init(denominator < 0 ? -Int128(numerator) : Int128(numerator), Int128(denominator.magnitude))
    }

    static let zero = SmallRatio(0)
    static let one = SmallRatio(1)

    @inline(__always)
    private static func product(_ a: Int128, _ b: Int128) throws(ArithmeticOverflow) -> Int128 {
        let (p, o) = a.multipliedReportingOverflow(by: b)
        if o { throw ArithmeticOverflow() }
        return p
    }

    @inline(__always)
    private static func sum(_ a: Int128, _ b: Int128) throws(ArithmeticOverflow) -> Int128 {
        let (s, o) = a.addingReportingOverflow(b)
        if o { throw ArithmeticOverflow() }
        return s
    }

    static func + (a: SmallRatio, b: SmallRatio) throws(ArithmeticOverflow) -> SmallRatio {
        if a.denominator == b.denominator { return SmallRatio(try sum(a.numerator, b.numerator), a.denominator) }
        if a.numerator == 0 { return b }
        if b.numerator == 0 { return a }
        return SmallRatio(try sum(try product(a.numerator, b.denominator), try product(b.numerator, a.denominator)),
                          try product(a.denominator, b.denominator))
    }

    static func - (a: SmallRatio, b: SmallRatio) throws(ArithmeticOverflow) -> SmallRatio {
        guard b.numerator != Int128.min else { throw ArithmeticOverflow() }
        return try a + SmallRatio(-b.numerator, b.denominator)
    }

    static func * (a: SmallRatio, b: SmallRatio) throws(ArithmeticOverflow) -> SmallRatio {
        if a.numerator == 0 || b.numerator == 0 { return .zero }
        return SmallRatio(try product(a.numerator, b.numerator), try product(a.denominator, b.denominator))
    }

    static func / (a: SmallRatio, b: SmallRatio) throws(ArithmeticOverflow) -> SmallRatio {
        precondition(b.numerator != 0, "division by zero")
        guard b.numerator != Int128.min else { throw ArithmeticOverflow() }
        let n = try product(a.numerator, b.denominator), d = try product(a.denominator, b.numerator)
        guard n != Int128.min else { throw ArithmeticOverflow() }
        return d < 0 ? SmallRatio(-n, -d) : SmallRatio(n, d)
    }

    static func isLess(_ a: SmallRatio, _ b: SmallRatio) throws(ArithmeticOverflow) -> Bool {
        if a.denominator == b.denominator { return a.numerator < b.numerator }
        return try product(a.numerator, b.denominator) < product(b.numerator, a.denominator)
    }

    var isZero: Bool { numerator == 0 }
    var isPositive: Bool { numerator > 0 }

    func scaled(_ places: Int, _ mode: RoundingMode) throws(ArithmeticOverflow) -> Int64 {
        var n = numerator
        for _ in 0..<places { n = try Self.product(n, 10) }
        guard n != Int128.min else { throw ArithmeticOverflow() }
        let q = Fraction.roundedMagnitude(n.magnitude, denominator.magnitude, mode)
        guard let v = Int64(exactly: q) else { throw ArithmeticOverflow() }
        return n < 0 ? -v : v
    }

    var fraction: Fraction { Fraction(int128: numerator, denominator) }
}
