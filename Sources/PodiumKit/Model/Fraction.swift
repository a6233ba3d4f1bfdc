import BigInt

/// An exact rational number, used for rates, ratios and every intermediate amount.
///
/// Money never passes through binary floating point: amounts enter as integer cents,
/// plan numbers as their decimal text, and only output values are rounded (SPEC §3.1).
public struct Fraction: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let numerator: BigInt
    /// Always > 0.
    public let denominator: BigInt

    public init(_ numerator: BigInt, _ denominator: BigInt = 1) {
        precondition(denominator != 0, "zero denominator")
        var n = numerator, d = denominator
        if d < 0 { n = -n; d = -d }
        let g = n.greatestCommonDivisor(with: d)
        if g > 1 { n /= g; d /= g }
        self.numerator = n
        self.denominator = d
    }

    public init(_ value: Int) { self.init(BigInt(value), 1) }

    public static let zero = Fraction(0)
    public static let one = Fraction(1)

    /// Parses a decimal literal such as `0.05`, `-3000.01`, `1e-05` or `120` exactly.
    public init?(decimal text: String) {
        var s = Substring(text)
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let exp = Int(s[s.index(after: e)...]) else { return nil }
            exponent = exp
            s = s[..<e]
        }
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() } else if s.first == "+" { s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let intPart = parts.first, !(intPart.isEmpty && (parts.count < 2 || parts[1].isEmpty)) else { return nil }
        let fracPart = parts.count == 2 ? parts[1] : ""
        let digits = intPart + fracPart
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = BigInt(String(digits)) else { return nil }
        var num = negative ? -n : n
        var den = BigInt(10).power(fracPart.count)
        if exponent > 0 { num *= BigInt(10).power(exponent) } else if exponent < 0 { den *= BigInt(10).power(-exponent) }
        self.init(num, den)
    }

    public static func + (a: Fraction, b: Fraction) -> Fraction {
        if a.denominator == b.denominator { return Fraction(a.numerator + b.numerator, a.denominator) }
        return Fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }
    public static func - (a: Fraction, b: Fraction) -> Fraction { a + (-b) }
    public static prefix func - (a: Fraction) -> Fraction { Fraction(-a.numerator, a.denominator) }
    public static func * (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.numerator, a.denominator * b.denominator)
    }
    public static func / (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator, a.denominator * b.numerator)
    }
    public static func < (a: Fraction, b: Fraction) -> Bool {
        a.numerator * b.denominator < b.numerator * a.denominator
    }

    public var isZero: Bool { numerator == 0 }
    public var signum: Int { numerator > 0 ? 1 : (numerator < 0 ? -1 : 0) }

    /// Rounds to an integer with the given mode.
    public func rounded(_ mode: RoundingMode) -> BigInt {
        let n = numerator, d = denominator
        let negative = n < 0
        let a = negative ? -n : n
        let (q, r) = a.quotientAndRemainder(dividingBy: d)
        let twice = r * 2
        var result = q
        if twice > d {
            result += 1
        } else if twice == d {
            switch mode {
            case .halfUp: result += 1
            case .halfEven: if q % 2 != 0 { result += 1 }
            }
        }
        return negative ? -result : result
    }

    /// Rounds to `places` decimals and returns the value scaled by 10^places (e.g. 0.87354 → 8735 at 4).
    public func scaled(_ places: Int, _ mode: RoundingMode) -> Int64 {
        Int64((self * Fraction(BigInt(10).power(places))).rounded(mode))
    }

    public static func min(_ a: Fraction, _ b: Fraction) -> Fraction { a < b ? a : b }
    public static func max(_ a: Fraction, _ b: Fraction) -> Fraction { a < b ? b : a }

    public var description: String {
        denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)"
    }
}

/// The plan's `rounding`: how exact halves are settled (SPEC §3.1).
public enum RoundingMode: String, Sendable, CaseIterable {
    /// Halves away from zero: 2.345 → 2.35, −2.345 → −2.35.
    case halfUp = "half-up"
    /// Halves to the even neighbour: 2.345 → 2.34.
    case halfEven = "half-even"
}
