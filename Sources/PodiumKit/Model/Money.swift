/// An exact amount of money in integer minor units (fen / cents).
public struct Money: Sendable, Hashable, Comparable, AdditiveArithmetic, CustomStringConvertible {
    public var cents: Int64

    public init(cents: Int64) { self.cents = cents }

    public static let zero = Money(cents: 0)

    public static func + (a: Money, b: Money) -> Money { Money(cents: a.cents + b.cents) }
    public static func - (a: Money, b: Money) -> Money { Money(cents: a.cents - b.cents) }
    public static prefix func - (a: Money) -> Money { Money(cents: -a.cents) }
    public static func += (a: inout Money, b: Money) { a.cents += b.cents }
    public static func < (a: Money, b: Money) -> Bool { a.cents < b.cents }

    /// The amount in yuan as an exact fraction.
    public var fraction: Fraction { Fraction(ratio: cents, 100) }

    /// Rounds an exact amount in yuan to the cent with the plan's mode (SPEC §3.1).
    public init(rounding yuan: Fraction, _ mode: RoundingMode) {
        self.cents = (yuan * Fraction(100)).roundedInt64(mode)
    }

    /// Plain CSV form: `1234.50`, `-5.00`, `0.00` (never `-0.00`).
    public var plain: String {
        let negative = cents < 0
        let a = cents.magnitude
        let frac = a % 100
        return (negative ? "-" : "") + "\(a / 100)." + (frac < 10 ? "0" : "") + "\(frac)"
    }

    /// Grouped form for people: `1,234.50`.
    public var grouped: String {
        let a = cents.magnitude
        let frac = a % 100
        var digits = a / 100
        // the integer digits from the right, a comma before every third
        var reversed: [UInt8] = []
        reversed.reserveCapacity(32)
        reversed.append(UInt8(ascii: "0") + UInt8(frac % 10))
        reversed.append(UInt8(ascii: "0") + UInt8(frac / 10))
        reversed.append(UInt8(ascii: "."))
        var count = 0
        repeat {
            if count > 0 && count % 3 == 0 { reversed.append(UInt8(ascii: ",")) }
            reversed.append(UInt8(ascii: "0") + UInt8(digits % 10))
            digits /= 10
            count += 1
        } while digits > 0
        if cents < 0 { reversed.append(UInt8(ascii: "-")) }
        return String(decoding: reversed.reversed(), as: UTF8.self)
    }

    public var description: String { plain }
}

/// Formats a scaled integer (value × 10^places) as a plain decimal: `8735` at 4 → `0.8735`.
public func formatScaled(_ value: Int64, places: Int) -> String {
    let negative = value < 0
    let a = value.magnitude
    if places <= 0 { return (negative ? "-" : "") + String(a) }
    var p: UInt64 = 1
    for _ in 0..<places { p *= 10 }
    let frac = String(a % p)
    let padded = String(repeating: "0", count: places - frac.count) + frac
    return (negative ? "-" : "") + "\(a / p)." + padded
}
