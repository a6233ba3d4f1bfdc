/// One data record of a file, with its fields looked up by schema column and typed on demand.
///
/// Every type error becomes a located diagnostic here; `failed` tells the caller to reject the row.
public struct RowFields {
    public let record: CSVRecord
    let map: HeaderMap
    let file: InputFile
    let fileName: String
    let currencySymbols: [String]
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var failed = false

    init(record: CSVRecord, map: HeaderMap, file: InputFile, fileName: String, currencySymbols: [String]) {
        self.record = record
        self.map = map
        self.file = file
        self.fileName = fileName
        self.currencySymbols = currencySymbols
    }

    public var line: Int { record.line }

    /// The 1-based field index of a schema column, when the column is present.
    public func columnNumber(_ column: Int) -> Int? { map.fieldIndex[column].map { $0 + 1 } }

    /// The header text of a schema column as written in the file.
    public func header(_ column: Int) -> String { map.headerText[column] }

    /// The raw (untrimmed) field, or nil when the column is absent.
    public func raw(_ column: Int) -> String? {
        map.fieldIndex[column].map { record.fields[$0] }
    }

    /// The trimmed field, or nil when the column is absent.
    public func trimmed(_ column: Int) -> String? { raw(column)?.trimmingWhiteSpace() }

    mutating func fail(_ column: Int, _ code: String, _ message: String) {
        failed = true
        diagnostics.append(Diagnostic(.error, code, file: file, fileName: fileName, line: record.line,
                                      column: columnNumber(column), field: header(column),
                                      message: message, value: raw(column) ?? ""))
    }

    /// The trimmed value, or nil for null; reports `missing-value` for an empty required field.
    private mutating func present(_ column: Int, required: Bool) -> String? {
        guard let s = trimmed(column), !s.isEmpty else {
            if required { fail(column, "missing-value", "\(header(column)) is empty; a value is required") }
            return nil
        }
        return s
    }

    public mutating func id(_ column: Int, required: Bool) -> String? {
        guard let s = present(column, required: required) else { return nil }
        guard ValueParser.id(s) else {
            fail(column, "bad-id", "\(header(column)) \(s.quotedForMessage) is not an id (1–64 characters, no spaces or control characters)")
            return nil
        }
        return s
    }

    public mutating func text(_ column: Int, required: Bool) -> String? {
        guard let s = present(column, required: required) else { return nil }
        guard let (clean, hadBreak) = ValueParser.text(s) else {
            fail(column, "bad-text", "\(header(column)) \(s.quotedForMessage) contains a control character")
            return nil
        }
        if hadBreak {
            diagnostics.append(Diagnostic(.warning, "line-break", file: file, fileName: fileName, line: record.line,
                                          column: columnNumber(column), field: header(column),
                                          message: "\(header(column)) \(s.quotedForMessage) contains a line break; each was replaced by a space",
                                          value: raw(column) ?? ""))
        }
        return clean
    }

    public mutating func money(_ column: Int, required: Bool, nonNegative: Bool = false) -> Int64? {
        guard let s = present(column, required: required) else { return nil }
        let cents: Int64
        switch ValueParser.reading(s, symbols: currencySymbols) {
        case .cents(let c): cents = c
        case .tooLarge:
            fail(column, "bad-money", "\(header(column)) \(s.quotedForMessage) has more than \(ValueParser.maxAmountDigits) digits before the point (the largest amount is 999,999,999,999.99)")
            return nil
        case .invalid:
            fail(column, "bad-money", "\(header(column)) \(s.quotedForMessage) is not an amount (e.g. 1234.50)")
            return nil
        }
        if nonNegative && cents < 0 {
            fail(column, "bad-money", "\(header(column)) \(s.quotedForMessage) must not be negative")
            return nil
        }
        return cents
    }

    public mutating func date(_ column: Int, required: Bool) -> CivilDate? {
        guard let s = present(column, required: required) else { return nil }
        guard let d = ValueParser.date(s) else {
            fail(column, "bad-date", "\(header(column)) \(s.quotedForMessage) is not a date (e.g. 2026-10-05)")
            return nil
        }
        return d
    }

    /// A score in hundredths (87.35 → 8735).
    public mutating func score(_ column: Int, required: Bool) -> Int? {
        guard let s = present(column, required: required) else { return nil }
        guard let v = ValueParser.score(s) else {
            fail(column, "bad-score", "\(header(column)) \(s.quotedForMessage) is not a score from 0 to 100 (at most 2 decimals)")
            return nil
        }
        return v
    }

    /// A flag (SPEC §7.1): `1`/`y`/`yes`/`true`/`是`/`✓` or `0`/`n`/`no`/`false`/`否`/`✗`.
    public mutating func flag(_ column: Int, required: Bool) -> Bool? {
        guard let s = present(column, required: required) else { return nil }
        guard let v = ValueParser.flag(s) else {
            fail(column, "bad-flag", "\(header(column)) \(s.quotedForMessage) is not a flag (1, y, yes, true, 是, ✓ or 0, n, no, false, 否, ✗)")
            return nil
        }
        return v
    }

    /// An enum value looked up by its lower-cased spelling.
    public mutating func choice<T>(_ column: Int, required: Bool, _ spellings: [String: T], expected: String) -> T? {
        guard let s = present(column, required: required) else { return nil }
        guard let v = spellings[s.folded] else {
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
