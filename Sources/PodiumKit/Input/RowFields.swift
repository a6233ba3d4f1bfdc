/// What every data row of one file shares: which field holds which schema column, the header
/// texts its messages quote, the file's name and the currency symbols of its amounts. Made once
/// per file from its header; rows point at it without counting references (a row never outlives
/// the read that made the layout).
public final class RowLayout: @unchecked Sendable {
    public let file: InputFile
    public let fileName: String
    public let map: HeaderMap
    let currencySymbols: [String]
    /// The field of each schema column, -1 when the column is absent (plain memory: the hot path
    /// reads it without bounds or reference checks).
    fileprivate let fieldOf: UnsafeMutablePointer<Int>

    init(file: InputFile, fileName: String, map: HeaderMap, currencySymbols: [String]) {
        self.file = file
        self.fileName = fileName
        self.map = map
        self.currencySymbols = currencySymbols
        fieldOf = .allocate(capacity: max(map.fieldIndex.count, 1))
        for (c, f) in map.fieldIndex.enumerated() { fieldOf[c] = f ?? -1 }
    }

    deinit { fieldOf.deallocate() }
}

/// One data record of an input file, its fields looked up by schema column and typed on demand,
/// straight from the record's bytes: the one place where SPEC §1.2's value rules meet a row.
///
/// A rule makes its diagnostic only when it fails (`missing-value`, `bad-id`, …, located at the
/// row's line and the field's column), so a clean row costs no String but those a caller keeps.
/// `failed` tells the caller to reject the row. The bytes are the reader's buffer: a row is only
/// valid inside the callback that received it.
public struct RowFields {
    /// The record's bytes (valid UTF-8).
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where each field ends in `bytes`; a field starts `gap` bytes after the one before it ends
    /// (0: fields back to back, as the CSV scanner leaves them unquoted; 1: a line's fields
    /// with their delimiters between).
    private let ends: UnsafePointer<Int>
    private let gap: Int
    public let line: Int
    private unowned(unsafe) let layout: RowLayout
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var failed = false

    init(bytes: UnsafeBufferPointer<UInt8>, ends: UnsafePointer<Int>, gap: Int, line: Int, layout: RowLayout) {
        self.bytes = bytes
        self.ends = ends
        self.gap = gap
        self.line = line
        self.layout = layout
    }

    /// The fields of a scanned record (`body` gets the row; the record's buffers stay alive for it).
    static func with<R>(_ raw: RawRecord, layout: RowLayout, _ body: (inout RowFields) -> R) -> R {
        raw.bytes.withUnsafeBufferPointer { b in
            raw.ends.withUnsafeBufferPointer { e in
                var row = RowFields(bytes: b, ends: e.baseAddress ?? UnsafePointer(bitPattern: 8)!, gap: 0, line: raw.line, layout: layout)
                return body(&row)
            }
        }
    }

    /// The byte range of field `f` (0-based, within the record).
    @inline(__always)
    func fieldRange(_ f: Int) -> Range<Int> {
        (f == 0 ? 0 : ends[f - 1] + gap)..<ends[f]
    }

    /// The untrimmed byte range of a schema column, or nil when the column is absent.
    @inline(__always)
    func rawRange(_ column: Int) -> Range<Int>? {
        let f = layout.fieldOf[column]
        return f < 0 ? nil : fieldRange(f)
    }

    /// The trimmed byte range of a schema column (empty when the column is absent).
    @inline(__always)
    public func trimmedRange(_ column: Int) -> Range<Int> {
        guard let r = rawRange(column) else { return 0..<0 }
        return ByteText.trim(bytes, r)
    }

    /// The bytes of a range, for lookups by bytes.
    @inline(__always)
    func slice(_ r: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[r]) }

    /// The text of a range.
    func string(_ r: Range<Int>) -> String { String(decoding: slice(r), as: UTF8.self) }

    /// The 1-based field index of a schema column, when the column is present.
    public func columnNumber(_ column: Int) -> Int? { layout.map.fieldIndex[column].map { $0 + 1 } }

    /// The header text of a schema column as written in the file.
    public func header(_ column: Int) -> String { layout.map.headerText[column] }

    /// The raw (untrimmed) field, or nil when the column is absent.
    public func raw(_ column: Int) -> String? { rawRange(column).map(string) }

    /// The trimmed field, or nil when the column is absent.
    public func trimmed(_ column: Int) -> String? { rawRange(column).map { string(ByteText.trim(bytes, $0)) } }

    /// Whether the raw field is exactly its trimmed value (true for an absent column).
    func isTrimmed(_ column: Int) -> Bool {
        guard let r = rawRange(column) else { return true }
        return ByteText.trim(bytes, r) == r
    }

    /// Records a located error of a column's rule; the row is rejected.
    mutating func fail(_ column: Int, _ code: String, _ message: String) {
        failed = true
        diagnostics.append(diagnostic(.error, code, column, message))
    }

    /// A diagnostic about this row's field in `column` (its `value` the raw field).
    func diagnostic(_ severity: Severity, _ code: String, _ column: Int, _ message: String) -> Diagnostic {
        Diagnostic(severity, code, file: layout.file, fileName: layout.fileName, line: line,
                   column: columnNumber(column), field: header(column), message: message, value: raw(column) ?? "")
    }

    /// The trimmed field quoted for a message.
    private func quoted(_ r: Range<Int>) -> String { string(r).quotedForMessage }

    /// The trimmed range of a non-empty value, or nil for null; `missing-value` for an empty
    /// required field.
    @inline(__always)
    private mutating func present(_ column: Int, required: Bool) -> Range<Int>? {
        let r = trimmedRange(column)
        guard !r.isEmpty else {
            if required { fail(column, "missing-value", "\(header(column)) is empty; a value is required") }
            return nil
        }
        return r
    }

    /// `id`: the trimmed range of a valid id, or nil (null or `bad-id`).
    @inline(__always)
    public mutating func idRange(_ column: Int, required: Bool) -> Range<Int>? {
        guard let r = present(column, required: required) else { return nil }
        guard ValueParser.id(bytes: bytes, r) else {
            fail(column, "bad-id", "\(header(column)) \(quoted(r)) is not an id (1–64 characters, no spaces or control characters)")
            return nil
        }
        return r
    }

    public mutating func id(_ column: Int, required: Bool) -> String? {
        idRange(column, required: required).map(string)
    }

    /// `text` checked without making its String: false for null or `bad-text`; a `line-break`
    /// warning when it has line breaks.
    @inline(__always)
    public mutating func checkText(_ column: Int, required: Bool) -> Bool {
        textReading(column, required: required) != nil
    }

    @inline(__always)
    private mutating func textReading(_ column: Int, required: Bool) -> (Range<Int>, ValueParser.TextReading)? {
        guard let r = present(column, required: required) else { return nil }
        let reading = ValueParser.text(bytes: bytes, r)
        switch reading {
        case .plain: break
        case .control:
            fail(column, "bad-text", "\(header(column)) \(quoted(r)) contains a control character")
            return nil
        case .lineBreaks:
            diagnostics.append(diagnostic(.warning, "line-break", column,
                                          "\(header(column)) \(quoted(r)) contains a line break; each was replaced by a space"))
        }
        return (r, reading)
    }

    /// `text`: the value with each line break made a space, or nil (null or `bad-text`).
    public mutating func text(_ column: Int, required: Bool) -> String? {
        guard let (r, reading) = textReading(column, required: required) else { return nil }
        return reading == .lineBreaks ? ValueParser.joiningLines(bytes: bytes, r) : string(r)
    }

    @inline(__always)
    public mutating func money(_ column: Int, required: Bool, nonNegative: Bool = false) -> Int64? {
        guard let r = present(column, required: required) else { return nil }
        let cents: Int64
        switch ValueParser.reading(bytes: bytes[r], symbols: layout.currencySymbols) {
        case .cents(let c): cents = c
        case .tooLarge:
            fail(column, "bad-money", "\(header(column)) \(quoted(r)) has more than \(ValueParser.maxAmountDigits) digits before the point (the largest amount is 999,999,999,999.99)")
            return nil
        case .invalid:
            fail(column, "bad-money", "\(header(column)) \(quoted(r)) is not an amount (e.g. 1234.50)")
            return nil
        }
        if nonNegative && cents < 0 {
            fail(column, "bad-money", "\(header(column)) \(quoted(r)) must not be negative")
            return nil
        }
        return cents
    }

    @inline(__always)
    public mutating func date(_ column: Int, required: Bool) -> CivilDate? {
        guard let r = present(column, required: required) else { return nil }
        guard let d = ValueParser.date(bytes: bytes[r]) else {
            fail(column, "bad-date", "\(header(column)) \(quoted(r)) is not a date (e.g. 2026-10-05)")
            return nil
        }
        return d
    }

    /// A score in hundredths (87.35 → 8735).
    public mutating func score(_ column: Int, required: Bool) -> Int? {
        guard let r = present(column, required: required) else { return nil }
        guard let v = ValueParser.score(bytes: bytes[r]) else {
            fail(column, "bad-score", "\(header(column)) \(quoted(r)) is not a score from 0 to 100 (at most 2 decimals)")
            return nil
        }
        return v
    }

    /// A flag (SPEC §7.1): `1`/`y`/`yes`/`true`/`是`/`✓` or `0`/`n`/`no`/`false`/`否`/`✗`.
    public mutating func flag(_ column: Int, required: Bool) -> Bool? {
        guard let r = present(column, required: required) else { return nil }
        guard let v = ValueParser.flag(bytes: bytes, r) else {
            fail(column, "bad-flag", "\(header(column)) \(quoted(r)) is not a flag (1, y, yes, true, 是, ✓ or 0, n, no, false, 否, ✗)")
            return nil
        }
        return v
    }

    /// An enum value looked up by its lower-cased spelling.
    public mutating func choice<T>(_ column: Int, required: Bool, _ spellings: [String: T], expected: String) -> T? {
        guard let r = present(column, required: required) else { return nil }
        // already lower case (ASCII without capitals): looked up as written
        var plainLower = true
        for k in r where bytes[k] >= 0x80 || (bytes[k] >= 0x41 && bytes[k] <= 0x5A) { plainLower = false; break }
        let s = string(r)
        guard let v = spellings[plainLower ? s : s.folded] else {
            fail(column, "bad-enum", "\(header(column)) \(s.quotedForMessage) is not one of \(expected)")
            return nil
        }
        return v
    }
}

extension String {
    /// The value in quotes for a message: control characters escaped, long values shortened.
    var quotedForMessage: String {
        var out = ""
        var n = 0
        for u in unicodeScalars {
            n += 1
            if n > 80 { out += "…"; break }
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            default:
                // control and invisible format characters (U+FEFF, U+200B, bidi controls) shown escaped
                if u.properties.generalCategory == .control || u.properties.generalCategory == .format {
                    out += "\\u{\(String(u.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return "\"" + out + "\""
    }
}
