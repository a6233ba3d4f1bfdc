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
    public var plain: String { formatScaled(cents, places: 2) }

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
    var out: [UInt8] = []
    out.reserveCapacity(24)
    appendScaled(value, places: places, to: &out)
    return String(decoding: out, as: UTF8.self)
}

/// `formatScaled`'s bytes appended to `out`, with no String made (CSV files write millions).
func appendScaled(_ value: Int64, places: Int, to out: inout [UInt8]) {
    precondition(places < 29, "at most 28 decimal places")
    var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0) // 48 bytes of scratch, right to left
    withUnsafeMutableBytes(of: &digits) { buffer in
        var a = value.magnitude
        var n = 0
        func put(_ b: UInt8) { n += 1; buffer[buffer.count - n] = b }
        for _ in 0..<max(places, 0) { put(UInt8(ascii: "0") + UInt8(a % 10)); a /= 10 }
        if places > 0 { put(UInt8(ascii: ".")) }
        repeat { put(UInt8(ascii: "0") + UInt8(a % 10)); a /= 10 } while a > 0
        if value < 0 { put(UInt8(ascii: "-")) }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(buffer.count - n)...]))
    }
}
