import BigInt

/// An exact rational number, used for rates, ratios and every intermediate amount.
///
/// Money never passes through binary floating point: amounts enter as integer cents,
/// plan numbers as their decimal text, and only output values are rounded (SPEC §3.1).
public struct Fraction: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Small values (almost all of them) stay in machine integers; anything that would overflow
    /// moves to arbitrary precision, so results are exact either way.
    private enum Storage: Sendable, Hashable {
        case small(Int128, Int128)
        // boxed: the rare big case costs an allocation, and every other value 48 bytes instead of 80
        indirect case big(BigInt, BigInt)
    }

    private let storage: Storage

    /// The denominator when it fits 64 bits (nearly always), for code that wants no BigInt.
    var smallDenominator: UInt64? {
        if case .small(_, let d) = storage { return UInt64(exactly: d) }
        return nil
    }

    /// Numerator and denominator when they fit 128 bits (nearly always), for `SmallRatio`.
    var smallParts: (Int128, Int128)? {
        if case .small(let n, let d) = storage { return (n, d) }
        return nil
    }

    /// numerator / denominator of machine integers, reduced (arbitrary precision only if ever needed).
    init(int128 numerator: Int128, _ denominator: Int128) { self.init(small: numerator, denominator) }

    /// Int128 → BigInt through the magnitude (no reliance on two's-complement words).
    private static func big(_ v: Int128) -> BigInt {
        let m = BigInt(BigUInt(exactly: v.magnitude)!)
        return v < 0 ? -m : m
    }

    /// BigInt → Int128 when it fits, through the magnitude's words (BigInt's words of a
    /// negative multi-word value are not two's complement, so the generic conversion is off).
    private static func small(_ b: BigInt) -> Int128? {
        let words = b.magnitude.words
        guard words.count <= 2 else { return nil }
        var m: UInt128 = 0
        for (k, w) in words.enumerated() { m |= UInt128(w) << (64 * k) }
        guard m >> 127 == 0 else { return nil }
        return b.sign == .minus ? -Int128(m) : Int128(m)
    }

    public var numerator: BigInt {
        switch storage {
        case .small(let n, _): return Self.big(n)
        case .big(let n, _): return n
        }
    }

    /// Always > 0.
    public var denominator: BigInt {
        switch storage {
        case .small(_, let d): return Self.big(d)
        case .big(_, let d): return d
        }
    }

    public init(_ numerator: BigInt, _ denominator: BigInt = 1) {
        precondition(denominator != 0, "zero denominator")
        var n = numerator, d = denominator
        if d < 0 { n = -n; d = -d }
        let g = n.greatestCommonDivisor(with: d)
        if g > 1 { n /= g; d /= g }
        if let sn = Self.small(n), let sd = Self.small(d) {
            storage = .small(sn, sd)
        } else {
            storage = .big(n, d)
        }
    }

    /// Builds from machine integers, reducing; falls back to big integers on overflow.
    private init(small n: Int128, _ d: Int128) {
        precondition(d != 0, "zero denominator")
        if n == Int128.min || d == Int128.min {
            self = Fraction(Self.big(n), Self.big(d))
            return
        }
        var n = n, d = d
        if d < 0 { n = -n; d = -d }
        let g = Self.gcd(n.magnitude, d.magnitude)
        storage = .small(Self.divide(n, by: g), Self.divide(d, by: g))
    }

    /// `a / g` for a divisor `g` of `a` (0 counts as 1): nothing when `g` is 1, a 64-bit division
    /// when both fit (a 128-bit one is a library call).
    @inline(__always)
    private static func divide(_ a: Int128, by g: UInt128) -> Int128 {
        if g <= 1 { return a }
        if let a64 = Int64(exactly: a), let g64 = Int64(exactly: g) { return Int128(a64 / g64) }
        return a / Int128(g)
    }

    /// A numerator and denominator already without a common factor (only the sign is settled).
    private init(lowestTerms n: Int128, _ d: Int128) {
        precondition(d != 0, "zero denominator")
        if n == Int128.min || d == Int128.min {
            self = Fraction(small: n, d)
        } else {
            storage = d < 0 ? .small(-n, -d) : .small(n, d)
        }
    }

    /// Binary GCD (Stein): shifts and subtractions only, in 64 bits when both fit — a division
    /// costs tens of cycles, and a 128-bit one is a library call.
    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        if let x = UInt64(exactly: a), let y = UInt64(exactly: b) { return UInt128(gcd64(x, y)) }
        var a = a, b = b
        if a == 0 { return b }
        if b == 0 { return a }
        let shift = (a | b).trailingZeroBitCount
        a >>= a.trailingZeroBitCount
        while b != 0 {
            b >>= b.trailingZeroBitCount
            if a > b { swap(&a, &b) }
            b -= a
        }
        return a << shift
    }

    @inline(__always)
    private static func gcd64(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var a = a, b = b
        if a == 0 { return b }
        if b == 0 { return a }
        if a == 1 || b == 1 { return 1 }
        // one Euclid step first when one is far smaller (100 and a denominator of millions): a
        // division costs less than the twenty-odd subtractions the binary loop would take
        if a < b >> 12 { b %= a; if b == 0 { return a } } else if b < a >> 12 { a %= b; if a == 0 { return b } }
        let shift = (a | b).trailingZeroBitCount
        a >>= UInt64(a.trailingZeroBitCount)
        while b != 0 {
            b >>= UInt64(b.trailingZeroBitCount)
            if a > b { swap(&a, &b) }
            b -= a
        }
        return a << UInt64(shift)
    }

    public init(_ value: Int) { self.init(small: Int128(value), 1) }

    /// An exact ratio of two machine integers (reduced; arbitrary precision only if ever needed).
    public init(ratio numerator: Int64, _ denominator: Int64) { self.init(small: Int128(numerator), Int128(denominator)) }

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

    /// Both values' parts as 64-bit integers, when they fit (the usual case: products of two such
    /// parts then fit 128 bits with room to add two of them, so no overflow check is needed).
    @inline(__always)
    private static func parts64(_ a: Fraction, _ b: Fraction) -> (Int64, Int64, Int64, Int64)? {
        guard case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage,
              let an64 = Int64(exactly: an), let ad64 = Int64(exactly: ad),
              let bn64 = Int64(exactly: bn), let bd64 = Int64(exactly: bd) else { return nil }
        return (an64, ad64, bn64, bd64)
    }

    public static func + (a: Fraction, b: Fraction) -> Fraction {
        if let (an, ad, bn, bd) = parts64(a, b) {
            if ad == bd { return Fraction(small: Int128(an) + Int128(bn), Int128(ad)) }
            return Fraction(small: Int128(an) * Int128(bd) + Int128(bn) * Int128(ad), Int128(ad) * Int128(bd))
        }
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            if ad == bd {
                let (s, o) = an.addingReportingOverflow(bn)
                if !o { return Fraction(small: s, ad) }
            } else {
                let (x, o1) = an.multipliedReportingOverflow(by: bd)
                let (y, o2) = bn.multipliedReportingOverflow(by: ad)
                let (d, o3) = ad.multipliedReportingOverflow(by: bd)
                if !o1 && !o2 && !o3 {
                    let (s, o4) = x.addingReportingOverflow(y)
                    if !o4 { return Fraction(small: s, d) }
                }
            }
        }
        return Fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func - (a: Fraction, b: Fraction) -> Fraction { a + (-b) }

    public static prefix func - (a: Fraction) -> Fraction {
        switch a.storage {
        case .small(let n, let d): return Fraction(small: -n, d)
        case .big(let n, let d): return Fraction(-n, d)
        }
    }

    public static func * (a: Fraction, b: Fraction) -> Fraction {
        if let (an, ad, bn, bd) = parts64(a, b) {
            // cross-reduce in 64 bits (denominators are positive, so each GCD fits Int64)
            let g1 = Int64(gcd64(an.magnitude, UInt64(bd))), g2 = Int64(gcd64(bn.magnitude, UInt64(ad)))
            let n1 = g1 > 1 ? an / g1 : an, d2 = g1 > 1 ? bd / g1 : bd
            let n2 = g2 > 1 ? bn / g2 : bn, d1 = g2 > 1 ? ad / g2 : ad
            return Fraction(lowestTerms: Int128(n1) * Int128(n2), Int128(d1) * Int128(d2))
        }
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            // cross-reduce first to keep numbers small
            let g1 = gcd(an.magnitude, bd.magnitude), g2 = gcd(bn.magnitude, ad.magnitude)
            let (n, o1) = divide(an, by: g1).multipliedReportingOverflow(by: divide(bn, by: g2))
            let (d, o2) = divide(ad, by: g2).multipliedReportingOverflow(by: divide(bd, by: g1))
            // both were in lowest terms and the common factors are gone: so is the product
            if !o1 && !o2 { return Fraction(lowestTerms: n, d) }
        }
        return Fraction(a.numerator * b.numerator, a.denominator * b.denominator)
    }

    public static func / (a: Fraction, b: Fraction) -> Fraction {
        switch b.storage {
        case .small(let n, let d):
            precondition(n != 0, "division by zero")
            return a * Fraction(lowestTerms: d, n)
        case .big(let n, let d):
            return Fraction(a.numerator * d, a.denominator * n)
        }
    }

    public static func < (a: Fraction, b: Fraction) -> Bool {
        if let (an, ad, bn, bd) = parts64(a, b) { return Int128(an) * Int128(bd) < Int128(bn) * Int128(ad) }
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            let (x, o1) = an.multipliedReportingOverflow(by: bd)
            let (y, o2) = bn.multipliedReportingOverflow(by: ad)
            if !o1 && !o2 { return x < y }
        }
        return a.numerator * b.denominator < b.numerator * a.denominator
    }

    public var isZero: Bool {
        switch storage {
        case .small(let n, _): return n == 0
        case .big(let n, _): return n == 0
        }
    }

    public var signum: Int {
        switch storage {
        case .small(let n, _): return n > 0 ? 1 : (n < 0 ? -1 : 0)
        case .big(let n, _): return n > 0 ? 1 : (n < 0 ? -1 : 0)
        }
    }

    /// Rounds to an integer with the given mode.
    public func rounded(_ mode: RoundingMode) -> BigInt {
        if case .small(let n, let d) = storage {
            let q = Self.roundedMagnitude(n.magnitude, d.magnitude, mode)
            let big = BigInt(BigUInt(exactly: q)!)
            return n < 0 ? -big : big
        }
        return roundedBig(mode)
    }

    /// |n| / d rounded to an integer.
    static func roundedMagnitude(_ a: UInt128, _ d: UInt128, _ mode: RoundingMode) -> UInt128 {
        // in 64 bits when both fit (a 128-bit division is a library call)
        if let a64 = UInt64(exactly: a), let d64 = UInt64(exactly: d) {
            let (q, r) = a64.quotientAndRemainder(dividingBy: d64)
            return UInt128(roundedQuotient(q, r, d64, mode))
        }
        let (q, r) = a.quotientAndRemainder(dividingBy: d)
        return roundedQuotient(q, r, d, mode)
    }

    /// q + 1 or q for a quotient q and remainder r of a division by d, as `mode` settles halves.
    @inline(__always)
    private static func roundedQuotient<T: FixedWidthInteger & UnsignedInteger>(_ q: T, _ r: T, _ d: T, _ mode: RoundingMode) -> T {
        if r > d - r { return q + 1 }
        if r == d - r && r != 0 {
            switch mode {
            case .halfUp: return q + 1
            case .halfEven: return q % 2 != 0 ? q + 1 : q
            }
        }
        return q
    }

    private func roundedBig(_ mode: RoundingMode) -> BigInt {
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

    /// Rounds to an integer that fits in 64 bits (amounts, scores and ratios always do).
    public func roundedInt64(_ mode: RoundingMode) -> Int64 {
        if case .small(let n, let d) = storage {
            let result = Self.roundedMagnitude(n.magnitude, d.magnitude, mode)
            guard let v = Int64(exactly: result) else { preconditionFailure("\(self) does not round into 64 bits") }
            return n < 0 ? -v : v
        }
        return Int64(roundedBig(mode))
    }

    /// Rounds to `places` decimals and returns the value scaled by 10^places (e.g. 0.87354 → 8735 at 4).
    public func scaled(_ places: Int, _ mode: RoundingMode) -> Int64 {
        var p: Int128 = 1
        for _ in 0..<places { p *= 10 }
        return (self * Fraction(small: p, 1)).roundedInt64(mode)
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
