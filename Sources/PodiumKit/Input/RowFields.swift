/// What every data row of one file shares: which field holds which schema column, the header
/// texts its messages quote, the file's name and the currency symbols of its amounts. Made once
/// per file from its header (and copied for each core that reads rows); a row keeps its
/// `HotColumns` and points at the layout without counting references (a row never outlives the
/// read that made the layout, and only a failed rule looks at the layout itself).
public final class RowLayout: @unchecked Sendable {
    public let file: InputFile
    public let fileName: String
    public let map: HeaderMap
    /// The schema's columns: their types and whether a value is required.
    let columns: [ColumnSpec]
    /// What every row reads (see `HotColumns`).
    let hot: HotColumns
    private let currencySymbolTexts: [String]

    init(file: InputFile, fileName: String, schema: TableSchema, map: HeaderMap, currencySymbols: [String]) {
        self.file = file
        self.fileName = fileName
        self.map = map
        columns = schema.columns
        currencySymbolTexts = currencySymbols
        hot = HotColumns(schema: schema, map: map, currencySymbols: currencySymbols)
    }

    /// The same layout with its own copy of the hot tables (one per core that reads rows).
    init(copying other: RowLayout) {
        file = other.file
        fileName = other.fileName
        map = other.map
        columns = other.columns
        currencySymbolTexts = other.currencySymbolTexts
        hot = HotColumns(schema: TableSchema(file: other.file, columns: other.columns), map: other.map,
                         currencySymbols: other.currencySymbolTexts)
    }

    deinit { hot.deallocate() }
}

/// What every row of a file reads, in plain memory a row holds without a reference count: the
/// field of each schema column (-1: absent), whether a value is required, whether an amount
/// must not be negative, and the currency symbols. Its tables sit on cache lines of their own,
/// so that the readers on every core, each with its own copy, never share a line with anything
/// another core writes (a shared line, and a reference count per amount, cost the sales reader
/// 20 %).
struct HotColumns {
    private let base: UnsafeMutableRawPointer
    private let count: Int
    let currencySymbols: CurrencySymbols

    init(schema: TableSchema, map: HeaderMap, currencySymbols: [String]) {
        count = map.fieldIndex.count
        base = .allocate(byteCount: (max(count, 1) * 10 + 63) / 64 * 64, alignment: 64)
        for (c, f) in map.fieldIndex.enumerated() {
            base.storeBytes(of: f ?? -1, toByteOffset: c * 8, as: Int.self)
            base.storeBytes(of: schema.columns[c].requiredValue, toByteOffset: count * 8 + c, as: Bool.self)
            base.storeBytes(of: schema.columns[c].type == .nonNegativeMoney, toByteOffset: count * 9 + c, as: Bool.self)
        }
        self.currencySymbols = .allocate(currencySymbols)
    }

    func deallocate() {
        base.deallocate()
        currencySymbols.deallocate()
    }

    @inline(__always)
    func field(_ column: Int) -> Int { base.load(fromByteOffset: column * 8, as: Int.self) }

    @inline(__always)
    func valueRequired(_ column: Int) -> Bool { base.load(fromByteOffset: count * 8 + column, as: Bool.self) }

    @inline(__always)
    func nonNegative(_ column: Int) -> Bool { base.load(fromByteOffset: count * 9 + column, as: Bool.self) }
}

/// One data record of an input file, its fields looked up by schema column and typed on demand,
/// straight from the record's bytes: the one place where SPEC §1.2's value rules meet a row.
/// Columns are addressed by name (`SchemaColumn`); whether an empty value is `missing-value`
/// comes from the column's spec, and debug builds check that a column is read as its type.
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
    /// The layout's hot tables, held by value: the hot path never touches the layout object.
    private let hot: HotColumns
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var failed = false

    /// - Parameter hot: `layout.hot`, which a reader of many rows fetches once.
    init(bytes: UnsafeBufferPointer<UInt8>, ends: UnsafePointer<Int>, gap: Int, line: Int, layout: RowLayout, hot: HotColumns) {
        self.bytes = bytes
        self.ends = ends
        self.gap = gap
        self.line = line
        self.layout = layout
        self.hot = hot
    }

    /// The fields of a scanned record (`body` gets the row; the record's buffers stay alive for it).
    static func with<R>(_ raw: RawRecord, layout: RowLayout, _ body: (inout RowFields) -> R) -> R {
        raw.bytes.withUnsafeBufferPointer { b in
            raw.ends.withUnsafeBufferPointer { e in
                var row = RowFields(bytes: b, ends: e.baseAddress ?? UnsafePointer(bitPattern: 8)!, gap: 0, line: raw.line,
                                    layout: layout, hot: layout.hot)
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
        let f = hot.field(column)
        return f < 0 ? nil : fieldRange(f)
    }

    /// The trimmed byte range of a schema column (empty when the column is absent).
    @inline(__always)
    func trimmedRange(_ column: Int) -> Range<Int> {
        guard let r = rawRange(column) else { return 0..<0 }
        return ByteText.trim(bytes, r)
    }

    /// The bytes of a range, for lookups by bytes.
    @inline(__always)
    func slice(_ r: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[r]) }

    /// The text of a range.
    func string(_ r: Range<Int>) -> String { String(decoding: slice(r), as: UTF8.self) }

    /// The 1-based field index of a schema column, when the column is present.
    func columnNumber(_ column: Int) -> Int? { layout.map.fieldIndex[column].map { $0 + 1 } }

    /// The header text of a schema column as written in the file.
    func header(_ column: Int) -> String { layout.map.headerText[column] }

    /// The raw (untrimmed) field, or nil when the column is absent.
    func raw(_ column: Int) -> String? { rawRange(column).map(string) }

    /// The raw (untrimmed) field, or nil when the column is absent.
    func raw(_ column: some SchemaColumn) -> String? { raw(column.index) }

    /// The untrimmed byte range of a schema column, or nil when the column is absent.
    func rawRange(_ column: some SchemaColumn) -> Range<Int>? { rawRange(column.index) }

    /// The trimmed byte range of a schema column (empty when the column is absent).
    @inline(__always)
    func trimmedRange(_ column: some SchemaColumn) -> Range<Int> { trimmedRange(column.index) }

    /// Whether the raw field is exactly its trimmed value (true for an absent column).
    func isTrimmed(_ column: some SchemaColumn) -> Bool {
        guard let r = rawRange(column.index) else { return true }
        return ByteText.trim(bytes, r) == r
    }

    /// Records a located error of a column's rule; the row is rejected.
    private mutating func fail(_ column: Int, _ code: String, _ message: String) {
        failed = true
        diagnostics.append(diagnostic(.error, code, column, message))
    }

    /// A diagnostic about this row's field in `column` (its `value` the raw field).
    func diagnostic(_ severity: Severity, _ code: String, _ column: some SchemaColumn, _ message: String) -> Diagnostic {
        diagnostic(severity, code, column.index, message)
    }

    private func diagnostic(_ severity: Severity, _ code: String, _ column: Int, _ message: String) -> Diagnostic {
        Diagnostic(severity, code, file: layout.file, fileName: layout.fileName, line: line,
                   column: columnNumber(column), field: header(column), message: message, value: raw(column) ?? "")
    }

    /// Whether the schema declares `column` as one of `types` (checked by debug builds: a column is
    /// read as the type its spec gives).
    private func declares(_ column: Int, _ types: ColumnType...) -> Bool { types.contains(layout.columns[column].type) }

    /// The trimmed field quoted for a message.
    private func quoted(_ r: Range<Int>) -> String { string(r).quotedForMessage }

    /// The trimmed range of a non-empty value, or nil for null; `missing-value` for an empty
    /// required field.
    @inline(__always)
    private mutating func present(_ c: Int) -> Range<Int>? {
        let r = trimmedRange(c)
        guard !r.isEmpty else {
            if hot.valueRequired(c) { fail(c, "missing-value", "\(header(c)) is empty; a value is required") }
            return nil
        }
        return r
    }

    /// A value of `col`'s type: its trimmed bytes parsed by `parse`, or nil — null (with
    /// `missing-value` when the column requires a value) or `code`, quoting the value and saying
    /// what it `isNot`.
    @inline(__always)
    private mutating func typed<T>(_ col: some SchemaColumn, as type: ColumnType, _ code: String, _ isNot: String,
                                   _ parse: (UnsafeBufferPointer<UInt8>, Range<Int>) -> T?) -> T? {
        let column = col.index
        assert(declares(column, type), "\(layout.columns[column].name) is not read as its type")
        guard let r = present(column) else { return nil }
        guard let v = parse(bytes, r) else {
            fail(column, code, "\(header(column)) \(quoted(r)) \(isNot)")
            return nil
        }
        return v
    }

    /// `id`: the trimmed range of a valid id, or nil (null or `bad-id`).
    @inline(__always)
    mutating func idRange(_ col: some SchemaColumn) -> Range<Int>? {
        typed(col, as: .id, "bad-id", "is not an id (1–64 characters, no spaces or control characters)") { b, r in
            ValueParser.id(bytes: b, r) ? r : nil
        }
    }

    mutating func id(_ column: some SchemaColumn) -> String? {
        idRange(column).map(string)
    }

    /// `text` checked without making its String: false for null or `bad-text`; a `line-break`
    /// warning when it has line breaks.
    @inline(__always)
    mutating func checkText(_ column: some SchemaColumn) -> Bool {
        textReading(column) != nil
    }

    @inline(__always)
    private mutating func textReading(_ col: some SchemaColumn) -> (Range<Int>, ValueParser.TextReading)? {
        let column = col.index
        assert(declares(column, .text))
        guard let r = present(column) else { return nil }
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
    mutating func text(_ column: some SchemaColumn) -> String? {
        guard let (r, reading) = textReading(column) else { return nil }
        return reading == .lineBreaks ? ValueParser.joiningLines(bytes: bytes, r) : string(r)
    }

    @inline(__always)
    mutating func money(_ col: some SchemaColumn) -> Int64? {
        let column = col.index
        assert(declares(column, .money, .nonNegativeMoney))
        guard let r = present(column) else { return nil }
        let nonNegative = hot.nonNegative(column)
        let cents: Int64
        switch ValueParser.reading(bytes: bytes[r], symbols: hot.currencySymbols) {
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
    mutating func date(_ col: some SchemaColumn) -> CivilDate? {
        typed(col, as: .date, "bad-date", "is not a date (e.g. 2026-10-05)") { b, r in ValueParser.date(bytes: b[r]) }
    }

    /// A score in hundredths (87.35 → 8735).
    mutating func score(_ col: some SchemaColumn) -> Int? {
        typed(col, as: .score, "bad-score", "is not a score from 0 to 100 (at most 2 decimals)") { b, r in ValueParser.score(bytes: b[r]) }
    }

    /// A flag (SPEC §7.1): `1`/`y`/`yes`/`true`/`是`/`✓` or `0`/`n`/`no`/`false`/`否`/`✗`.
    mutating func flag(_ col: some SchemaColumn) -> Bool? {
        typed(col, as: .flag, "bad-flag", "is not a flag (1, y, yes, true, 是, ✓ or 0, n, no, false, 否, ✗)") { b, r in
            ValueParser.flag(bytes: b, r)
        }
    }

    /// An enum value looked up by its lower-cased spelling: a field spelled as listed is matched
    /// by its bytes (no String made), any other is lower-cased and looked up.
    mutating func choice<T>(_ col: some SchemaColumn, _ spellings: Spellings<T>, expected: String) -> T? {
        let column = col.index
        assert(declares(column, .role, .market, .status))
        guard let r = present(column) else { return nil }
        if let v = spellings.exact(UnsafeBufferPointer(rebasing: bytes[r])) { return v }
        // already lower case (ASCII without capitals) and not listed: no spelling
        var plainLower = true
        for k in r where bytes[k] >= 0x80 || (bytes[k] >= 0x41 && bytes[k] <= 0x5A) { plainLower = false; break }
        let s = string(r)
        guard !plainLower, let v = spellings.table[s.folded] else {
            fail(column, "bad-enum", "\(header(column)) \(s.quotedForMessage) is not one of \(expected)")
            return nil
        }
        return v
    }
}

/// An enum's accepted spellings, lower case (a spelling is its own lower case), with their bytes
/// for the match of a field as written — the usual case on every row of agents.csv.
struct Spellings<T: Sendable>: Sendable {
    let table: [String: T]
    private let listed: [(bytes: [UInt8], value: T)]

    init(_ table: [String: T]) {
        self.table = table
        listed = table.map { (Array($0.key.utf8), $0.value) }
    }

    /// The value of a spelling given exactly, byte for byte.
    func exact(_ field: UnsafeBufferPointer<UInt8>) -> T? {
        for (bytes, value) in listed where bytes.count == field.count {
            if bytes.withUnsafeBufferPointer({ $0.elementsEqual(field) }) { return value }
        }
        return nil
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
