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
    public var grouped: String { grouped(symbol: "") }

    /// `grouped` with a currency symbol between the sign and the digits: `-¥1,234.50`. Made in
    /// one buffer (a page shows dozens of amounts; most fit a small string and allocate nothing).
    func grouped(symbol: String) -> String {
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes of scratch, right to left
        return withUnsafeMutableBytes(of: &digits) { buffer in
            var a = cents.magnitude
            var n = 0
            func put(_ b: UInt8) { n += 1; buffer[buffer.count - n] = b }
            put(UInt8(ascii: "0") + UInt8(a % 10)); a /= 10
            put(UInt8(ascii: "0") + UInt8(a % 10)); a /= 10
            put(UInt8(ascii: "."))
            // the integer digits from the right, a comma before every third (at most 17 digits, 5 commas)
            var count = 0
            repeat {
                if count > 0 && count % 3 == 0 { put(UInt8(ascii: ",")) }
                put(UInt8(ascii: "0") + UInt8(a % 10))
                a /= 10
                count += 1
            } while a > 0
            let sign = cents < 0 ? 1 : 0
            let prefix = symbol.utf8.count
            return String(unsafeUninitializedCapacity: sign + prefix + n) { text in
                if sign == 1 { text[0] = UInt8(ascii: "-") }
                _ = UnsafeMutableBufferPointer(rebasing: text[sign..<(sign + prefix)]).initialize(from: symbol.utf8)
                for k in 0..<n { text[sign + prefix + k] = buffer[buffer.count - n + k] }
                return sign + prefix + n
            }
        }
    }

    public var description: String { plain }
}

/// Formats a scaled integer (value × 10^places) as a plain decimal: `8735` at 4 → `0.8735`.
public func formatScaled(_ value: Int64, places: Int) -> String {
    var out = ByteWriter(capacity: 64)
    appendScaled(value, places: places, to: &out)
    return out.withBytes { String(decoding: $0, as: UTF8.self) }
}

/// The length of `formatScaled(value, places:)`, with no text made.
func scaledLength(_ value: Int64, places: Int) -> Int {
    var digits = 1
    var a = value.magnitude
    while a >= 10 { a /= 10; digits += 1 }
    let places = max(places, 0)
    return (value < 0 ? 1 : 0) + max(digits, places + 1) + (places > 0 ? 1 : 0)
}

/// `formatScaled`'s bytes appended to `out`, with no String made (CSV files write millions):
/// written right to left into 48 bytes of scratch, two digits at a time.
func appendScaled(_ value: Int64, places: Int, to out: inout ByteWriter) {
    precondition(places < 29, "at most 28 decimal places")
    // at most 1 + max(20, 28) + 1 bytes: a sign, the digits and a point
    var scratch: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    // "00" to "99", for writing two digits at a time
    let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
    let pairs = digitPairs.utf8Start
    withUnsafeMutableBytes(of: &scratch) { buffer in
        let bytes = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var at = buffer.count
        var a = value.magnitude
        @inline(__always) func putPair(_ a: inout UInt64) {
            let r = Int(a % 100)
            a /= 100
            at -= 2
            bytes[at] = pairs[2 * r]
            bytes[at + 1] = pairs[2 * r + 1]
        }
        @inline(__always) func putDigit(_ a: inout UInt64) {
            at -= 1
            bytes[at] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: a % 10)
            a /= 10
        }
        var decimals = max(places, 0)
        while decimals >= 2 { putPair(&a); decimals -= 2 }
        if decimals == 1 { putDigit(&a) }
        if places > 0 { at -= 1; bytes[at] = UInt8(ascii: ".") }
        while a >= 100 { putPair(&a) }
        if a >= 10 { putPair(&a) } else { putDigit(&a) }
        if value < 0 { at -= 1; bytes[at] = UInt8(ascii: "-") }
        out.append(UnsafeRawBufferPointer(rebasing: buffer[at...]))
    }
}
