#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What reading one field of a row gives: a typed value, null, or a located error.
public enum FieldResult<Value> {
    case value(Value)
    case null
    /// `code` and a message quoting the value (SPEC §2).
    case invalid(code: String, message: String)
}

/// A field that failed its type rule; the reader turns it into a located diagnostic.
public struct FieldError: Error, Sendable, Equatable {
    public var code: String
    public var message: String
}

/// The value grammars of SPEC §1.2; each takes an already trimmed field.
public enum ValueParser {
    /// `id`: 1–64 code points, no white space, no control characters.
    public static func id(_ s: String) -> Bool {
        var text = s
        return text.withUTF8 { id(bytes: $0, 0..<$0.count) }
    }

    /// `id` over the bytes `r` of `b` (valid UTF-8, already trimmed): the one implementation of the rule.
    @inline(__always)
    static func id(bytes b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        var i = r.lowerBound
        var count = 0
        while i < r.upperBound {
            let c = b[i]
            if c > 0x20 && c < 0x7F {   // printable ASCII: the usual id
                count += 1
                if count > 64 { return false }
                i += 1
                continue
            }
            let (v, n) = ByteText.scalar(b, i)
            count += 1
            if count > 64 || v < 0x20 || (v >= 0x7F && v <= 0x9F) || ByteText.isWhiteSpace(v) { return false }
            i += n
        }
        return count >= 1
    }

    /// What the `text` rule says of a field.
    enum TextReading {
        /// Nothing to report.
        case plain
        /// Line breaks, each to become one space (`line-break` warning).
        case lineBreaks
        /// A control character other than tab, CR or LF (`bad-text`).
        case control
    }

    /// `text` over the bytes `r` of `b` (valid UTF-8): the one implementation of the rule. Control
    /// characters are C0 (but tab), DEL and C1 (U+0080–U+009F, UTF-8 C2 80–C2 9F).
    @inline(__always)
    static func text(bytes b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> TextReading {
        var reading = TextReading.plain
        var i = r.lowerBound
        while i < r.upperBound {
            // eight bytes at a time while none of them can start a control character or a line break
            if r.upperBound - i >= 8, let base = b.baseAddress,
               !mayHoldControl(UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))) {
                i += 8
                continue
            }
            let c = b[i]
            if c < 0x20 && c != 0x09 {
                if c == 0x0A || c == 0x0D { reading = .lineBreaks } else { return .control }
            } else if c == 0x7F || (c == 0xC2 && i + 1 < r.upperBound && b[i + 1] >= 0x80 && b[i + 1] <= 0x9F) {
                return .control
            }
            i += 1
        }
        return reading
    }

    /// Whether any byte of the word is below 0x20, 0x7F or 0xC2 (the first byte of a C1 control):
    /// the word-at-a-time tests of "Bit Twiddling Hacks" (hasless, haszero), exact as a yes or no.
    @inline(__always)
    private static func mayHoldControl(_ w: UInt64) -> Bool {
        ByteText.hasByte(w, below: 0x20) || ByteText.hasByte(w, equalTo: 0x7F) || ByteText.hasByte(w, equalTo: 0xC2)
    }

    /// The text of bytes `r` with each line break (CR LF, CR or LF) made one space.
    static func joiningLines(bytes b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var previousCR = false
        for i in r {
            let c = b[i]
            if c == 0x0D {
                out.append(0x20)
                previousCR = true
                continue
            }
            if c == 0x0A {
                if !previousCR { out.append(0x20) }
                previousCR = false
                continue
            }
            previousCR = false
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text`: rejects control characters other than tab; line breaks become one space each.
    ///
    /// - Returns: the cleaned text and whether a line break was replaced, or nil for `bad-text`.
    public static func text(_ s: String) -> (text: String, hadLineBreak: Bool)? {
        var copy = s
        return copy.withUTF8 { b -> (text: String, hadLineBreak: Bool)? in
            switch text(bytes: b, 0..<b.count) {
            case .plain: return (s, false)
            case .lineBreaks: return (joiningLines(bytes: b, 0..<b.count), true)
            case .control: return nil
            }
        }
    }

    /// `flag` (SPEC §7.1): set, not set, or nil for `bad-flag`; takes a trimmed field.
    public static func flag(_ s: String) -> Bool? {
        var text = s
        return text.withUTF8 { flag(bytes: $0, 0..<$0.count) }
    }

    /// The spellings of a flag, ASCII letters lower-cased, packed little-endian into 64 bits.
    private static let flagWords: [(UInt64, Bool)] = [
        ("1", true), ("y", true), ("yes", true), ("true", true), ("是", true), ("✓", true),
        ("0", false), ("n", false), ("no", false), ("false", false), ("否", false), ("✗", false),
    ].map { (word: String, value: Bool) in (word.utf8.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }, value) }

    /// `flag` over the trimmed bytes `r` of `b`: the one implementation of the rule. Matching is
    /// case-blind for ASCII letters (no other letter lower-cases into a flag's spelling).
    @inline(__always)
    static func flag(bytes b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool? {
        guard !r.isEmpty, r.count <= 8 else { return nil }
        var packed: UInt64 = 0
        for i in r.reversed() {
            var c = b[i]
            if c >= 0x41 && c <= 0x5A { c |= 0x20 }
            packed = packed << 8 | UInt64(c)
        }
        for (word, value) in flagWords where word == packed { return value }
        return nil
    }

    /// The most digits an amount has before the point, leading zeros aside (README "Hostile
    /// input"): 999,999,999,999.99 is the largest amount, so that sums and ratios stay exact in
    /// 64-bit cents. `00000000000000001.00` is 1.00.
    public static let maxAmountDigits = 12

    /// What reading an amount gave.
    public enum MoneyReading: Equatable {
        case cents(Int64)
        /// The grammar holds but there are more than `maxAmountDigits` digits before the point.
        case tooLarge
        case invalid
    }

    /// `money` (SPEC §1.2): `-?S?N`, `S-N`, `(S?N)`, `S(N)`; returns integer cents.
    public static func money(_ s: String, symbols: [String]) -> Int64? {
        if case .cents(let c) = reading(s, symbols: symbols) { return c }
        return nil
    }

    /// `money`, telling an amount past the digit limit from text that is no amount.
    public static func reading(_ s: String, symbols: [String]) -> MoneyReading {
        var text = s
        return CurrencySymbols.with(symbols) { table in text.withUTF8 { reading(bytes: $0[...], symbols: table) } }
    }

    /// `money` over bytes: the one implementation of the rule.
    static func reading(bytes: Slice<UnsafeBufferPointer<UInt8>>, symbols: CurrencySymbols) -> MoneyReading {
        var rest = bytes
        var negative = false
        func dropSymbol() -> Bool {
            // Symbols never start with a digit (the plan check makes sure): the common case is free.
            if let f = rest.first, f >= 0x30 && f <= 0x39 { return false }
            if let n = symbols.prefixLength(of: rest) {
                rest = rest.dropFirst(n)
                return true
            }
            return false
        }
        let open = UInt8(ascii: "("), close = UInt8(ascii: ")"), minus = UInt8(ascii: "-")
        if rest.first == open {
            // (S?N)
            guard rest.last == close else { return .invalid }
            rest = rest.dropFirst().dropLast()
            _ = dropSymbol()
            negative = true
        } else if rest.first == minus {
            // -S?N
            rest = rest.dropFirst()
            _ = dropSymbol()
            negative = true
        } else if dropSymbol() {
            // S-N or S(N) or SN
            if rest.first == minus {
                rest = rest.dropFirst()
                negative = true
            } else if rest.first == open {
                guard rest.last == close else { return .invalid }
                rest = rest.dropFirst().dropLast()
                negative = true
            }
        }
        let n = number(rest)
        if case .cents(let cents) = n, negative { return .cents(-cents) }
        return n
    }

    /// N: `[0-9]+` or `[0-9]{1,3}(,[0-9]{3})+`, then optionally `.` and 1–2 digits.
    private static func number(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> MoneyReading {
        if let cents = plainNumber(bytes) { return .cents(cents) }
        return groupedNumber(bytes)
    }

    /// The usual amount of an export — at most `maxAmountDigits` digits, then optionally `.` and
    /// one or two digits, no grouping commas — in one tight pass; nil for anything else, which
    /// `groupedNumber` then reads (and rejects or accepts by the full grammar). Every value this
    /// returns is the one `groupedNumber` would return: it only skips that loop's bookkeeping.
    @inline(__always)
    private static func plainNumber(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int64? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        var value: Int64 = 0
        while i < end {
            let d = bytes[i] &- 0x30
            if d > 9 { break }
            value = value &* 10 &+ Int64(d)
            i += 1
        }
        let digits = i - bytes.startIndex
        guard digits > 0, digits <= maxAmountDigits else { return nil }
        if i == end { return value * 100 }
        guard bytes[i] == UInt8(ascii: ".") else { return nil }
        switch end - i {
        case 2:
            let d1 = bytes[i + 1] &- 0x30
            return d1 <= 9 ? value * 100 + Int64(d1) * 10 : nil
        case 3:
            let d1 = bytes[i + 1] &- 0x30, d2 = bytes[i + 2] &- 0x30
            return d1 <= 9 && d2 <= 9 ? value * 100 + Int64(d1) * 10 + Int64(d2) : nil
        default:
            return nil
        }
    }

    /// N by the full grammar (grouping commas, leading zeros, too many digits).
    private static func groupedNumber(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> MoneyReading {
        var i = bytes.startIndex
        var value: Int64 = 0
        var intCount = 0
        var significant = 0
        var groupLen = 0
        var sawComma = false
        while i < bytes.endIndex, bytes[i] != UInt8(ascii: ".") {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                intCount += 1
                if significant > 0 || b != 0x30 { significant += 1 }
                if significant <= maxAmountDigits { value = value * 10 + Int64(b - 0x30) }
                groupLen += 1
            } else if b == UInt8(ascii: ",") {
                if sawComma { guard groupLen == 3 else { return .invalid } } else { guard (1...3).contains(groupLen) else { return .invalid } }
                sawComma = true
                groupLen = 0
            } else {
                return .invalid
            }
            i += 1
        }
        if intCount == 0 { return .invalid }
        if sawComma && groupLen != 3 { return .invalid }
        var f: Int64 = 0
        var fractionCount = 0
        if i < bytes.endIndex {
            i += 1
            while i < bytes.endIndex {
                let b = bytes[i]
                guard b >= 0x30 && b <= 0x39 else { return .invalid }
                fractionCount += 1
                guard fractionCount <= 2 else { return .invalid }
                f = f * 10 + Int64(b - 0x30)
                i += 1
            }
            guard (1...2).contains(fractionCount) else { return .invalid }
        }
        if significant > maxAmountDigits { return .tooLarge }
        if fractionCount == 1 { f *= 10 }
        return .cents(value * 100 + f)
    }

    /// `date`: `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY.MM.DD`, month and day 1–2 digits, 1900–2999.
    public static func date(_ s: String) -> CivilDate? {
        var text = s
        return text.withUTF8 { date(bytes: $0[...]) }
    }

    /// The byte-level form of `date(_:)`.
    static func date(bytes b: Slice<UnsafeBufferPointer<UInt8>>) -> CivilDate? {
        let n = b.count
        guard n >= 8, n <= 10 else { return nil }
        var i = b.startIndex
        let end = b.endIndex
        func digits(max: Int) -> (Int, Int) {
            var v = 0, k = 0
            while i < end, k < max, b[i] >= 0x30, b[i] <= 0x39 { v = v * 10 + Int(b[i] - 0x30); i += 1; k += 1 }
            return (v, k)
        }
        let (year, yk) = digits(max: 4)
        guard yk == 4, i < end else { return nil }
        let sep = b[i]
        guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") || sep == UInt8(ascii: ".") else { return nil }
        i += 1
        let (month, mk) = digits(max: 2)
        guard (1...2).contains(mk), i < end, b[i] == sep else { return nil }
        i += 1
        let (day, dk) = digits(max: 2)
        guard (1...2).contains(dk), i == end else { return nil }
        guard (1900...2999).contains(year) else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    /// `score`: `[0-9]+(\.[0-9]{1,2})?`, at most 100; returned in hundredths.
    public static func score(_ s: String) -> Int? {
        var text = s
        return text.withUTF8 { score(bytes: $0[...]) }
    }

    /// The byte-level form of `score(_:)`.
    static func score(bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        var whole = 0
        var digits = 0
        while i < end, bytes[i] != UInt8(ascii: ".") {
            let b = bytes[i]
            guard b >= 0x30 && b <= 0x39 else { return nil }
            whole = min(whole * 10 + Int(b - 0x30), 1_000_000)
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        var frac = 0
        if i < end {
            i += 1
            let start = i
            while i < end {
                let b = bytes[i]
                // at most two decimals: a longer run is rejected before it can overflow (found by fuzzing)
                guard b >= 0x30 && b <= 0x39, i - start < 2 else { return nil }
                frac = frac * 10 + Int(b - 0x30)
                i += 1
            }
            let n = i - start
            guard (1...2).contains(n) else { return nil }
            if n == 1 { frac *= 10 }
        }
        let hundredths = whole * 100 + frac
        return hundredths <= 10_000 ? hundredths : nil
    }
}

/// The plan's currency symbols as UTF-8 in plain memory: a trivial value, so that a row's amount
/// is read without a String or a reference count (the readers on every core share one table).
/// Whoever allocates a table deallocates it (`RowLayout` does, for a file's rows).
struct CurrencySymbols {
    private let bytes: UnsafeMutablePointer<UInt8>
    private let ends: UnsafeMutablePointer<Int>
    private let count: Int

    static func allocate(_ symbols: [String]) -> CurrencySymbols {
        let nonEmpty = symbols.filter { !$0.isEmpty }
        let table = CurrencySymbols(bytes: .allocate(capacity: max(1, nonEmpty.reduce(0) { $0 + $1.utf8.count })),
                                    ends: .allocate(capacity: max(1, nonEmpty.count)), count: nonEmpty.count)
        var at = 0
        for (k, symbol) in nonEmpty.enumerated() {
            for b in symbol.utf8 {
                table.bytes[at] = b
                at += 1
            }
            table.ends[k] = at
        }
        return table
    }

    func deallocate() {
        bytes.deallocate()
        ends.deallocate()
    }

    /// The table of no symbols, made once (the String forms of `money` are mostly called without
    /// symbols: previous/payouts.csv, tests).
    nonisolated(unsafe) private static let none = allocate([])

    /// `body` with a table of `symbols`, deallocated afterwards.
    static func with<R>(_ symbols: [String], _ body: (CurrencySymbols) -> R) -> R {
        if symbols.isEmpty { return body(none) }
        let table = allocate(symbols)
        defer { table.deallocate() }
        return body(table)
    }

    /// The length of the first symbol (in the plan's order) that `text` starts with, if any.
    @inline(__always)
    func prefixLength(of text: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        var start = 0
        for k in 0..<count {
            let n = ends[k] - start
            if text.count >= n, let base = text.base.baseAddress, memcmp(base + text.startIndex, bytes + start, n) == 0 { return n }
            start = ends[k]
        }
        return nil
    }
}
