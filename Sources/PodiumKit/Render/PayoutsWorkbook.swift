import CXLSXWriter
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// payouts.xlsx (SPEC §5.4), written with libxlsxwriter from the same rows as payouts.csv: the
/// id and name columns as text cells (a spreadsheet then never turns `000123` into 123), counts
/// and money as numbers, no formula anywhere, the header frozen with an autofilter.
///
/// An xlsx number cell is an IEEE double by the file format: money stays integer cents up to the
/// cell, where `exactDouble` makes the double of its exact decimal text (the same digits come
/// back), and an amount past 15 digits is written as text instead. No arithmetic is done on it.
///
/// libxlsxwriter writes to a file: the workbook is made in a private temporary file and read
/// back. Its document dates come from `created`; its zip entries carry libxlsxwriter's fixed
/// 1980-01-01, so the same rows give the same bytes (SPEC §5.3).
public enum PayoutsWorkbook {
    /// The columns written as text whatever they hold (SPEC §5.4).
    public static let textColumns: Set<String> = ["agent_id", "name", "role", "team", "region", "market"]

    /// The longest text a cell holds (Excel's limit); Podium's field limit keeps inputs below it.
    public static let maxCellCharacters = 32_767

    /// An amount with more digits than a spreadsheet number holds exactly (15 significant) is
    /// written as text, so no cent is ever changed.
    static let exactNumberLimit: Int64 = 999_999_999_999_999

    public struct WriteError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { "payouts.xlsx: \(message)" }
    }

    /// The workbook's bytes.
    public static func bytes(_ table: CSVRows, sheetName: String, created: time_t) throws -> [UInt8] {
        try bytes(CSVTableSource(table), sheetName: sheetName, created: created)
    }

    /// The workbook's bytes, from rows made a slice at a time (a national month's payouts are
    /// never all cells at once).
    static func bytes(_ source: CSVTableSource, sheetName: String, created: time_t) throws -> [UInt8] {
        let dir = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((dir as NSString).appendingPathComponent("podium-xlsx-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw WriteError(message: "cannot make a temporary file in \(dir): \(String(cString: strerror(errno)))") }
        close(fd)
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        try write(source, sheetName: sheetName, created: created, to: path)
        guard let data = FileManager.default.contents(atPath: path) else { throw WriteError(message: "cannot read back \(path)") }
        return [UInt8](data)
    }

    /// Rows handed to libxlsxwriter per slice.
    static let sliceRows = 4_096

    static func write(_ source: CSVTableSource, sheetName: String, created: time_t, to path: String) throws {
        // constant memory: each row goes to libxlsxwriter's temporary file as it is written (a
        // national month's sheet is never held whole), strings inline instead of a shared table
        let tmp = (path as NSString).deletingLastPathComponent
        let made: UnsafeMutablePointer<lxw_workbook>? = tmp.withCString { dir in
            var options = lxw_workbook_options()
            options.constant_memory = 1
            options.tmpdir = UnsafeMutablePointer(mutating: dir)
            return workbook_new_opt(path, &options)
        }
        guard let wb = made else { throw WriteError(message: "libxlsxwriter cannot create \(path)") }
        var properties = lxw_doc_properties()
        properties.created = created
        workbook_set_properties(wb, &properties)
        guard let ws = workbook_add_worksheet(wb, sheetName) else {
            workbook_close(wb)
            throw WriteError(message: "the sheet name \(sheetName.quotedForMessage) is not allowed")
        }
        let header = workbook_add_format(wb)
        format_set_bold(header)
        let money = workbook_add_format(wb)
        format_set_num_format(money, "#,##0.00")
        let twoPlaces = workbook_add_format(wb)
        format_set_num_format(twoPlaces, "0.00")
        let integer = workbook_add_format(wb)
        format_set_num_format(integer, "0")

        var failure: String?
        let columns = source.make(0..<0).columns
        func check(_ e: lxw_error, _ row: Int, _ column: Int) {
            if e != LXW_NO_ERROR && failure == nil {
                failure = "row \(row + 1), column \(columns[column]): \(String(cString: lxw_strerror(e)))"
            }
        }
        // per column, not per cell: a national month is millions of cells
        let isText = columns.map(textColumns.contains)
        var widths = columns.map { max(10, $0.count + 2) }
        for (c, name) in columns.enumerated() { check(worksheet_write_string(ws, 0, lxw_col_t(c), name, header), 0, c) }
        var start = 0
        while start < source.count {
            let end = min(source.count, start + sliceRows)
            let table = source.make(start..<end)
            for r in 0..<table.count {
                let line = start + r + 1
                let row = lxw_row_t(line)
                for (c, cell) in table.row(r).enumerated() {
                    let col = lxw_col_t(c)
                    if isText[c] {
                        let s = cell.string
                        if widths[c] < 60 { widths[c] = min(60, max(widths[c], displayWidth(s))) }
                        check(worksheet_write_string(ws, row, col, s, nil), line, c)
                        continue
                    }
                    switch cell {
                    case .text(let s) where s.isEmpty:
                        continue
                    case .text(let s):
                        check(worksheet_write_string(ws, row, col, s, nil), line, c)
                    case .cents(let v) where v.magnitude > UInt64(exactNumberLimit):
                        check(worksheet_write_string(ws, row, col, cell.string, nil), line, c)
                    case .cents(let v):
                        widths[c] = max(widths[c], scaledLength(v, places: 2) + 4)
                        check(worksheet_write_number(ws, row, col, exactDouble(v, places: 2), money), line, c)
                    case .integer(let v):
                        check(worksheet_write_number(ws, row, col, Double(v), integer), line, c)
                    case .scaled(let v, let places):
                        check(worksheet_write_number(ws, row, col, exactDouble(v, places: places), places == 2 ? twoPlaces : nil), line, c)
                    }
                }
            }
            start = end
        }
        for (c, w) in widths.enumerated() { worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), Double(w), nil) }
        worksheet_freeze_panes(ws, 1, 0)
        worksheet_autofilter(ws, 0, 0, lxw_row_t(max(source.count, 1)), lxw_col_t(max(columns.count - 1, 0)))
        let closed = workbook_close(wb)
        if let failure { throw WriteError(message: failure) }
        if closed != LXW_NO_ERROR { throw WriteError(message: String(cString: lxw_strerror(closed))) }
    }

    /// The double nearest to v / 10^places — what `strtod` makes of its decimal text, so that
    /// libxlsxwriter's shortest printing gives the same digits back. Exact by IEEE 754: |v| is
    /// below 2^53 (`exactNumberLimit`) and 10^places below 10^23, so both are doubles exactly,
    /// and one division is correctly rounded to the nearest double of the true quotient.
    /// Outside that range (never for Podium's amounts) the decimal text is parsed.
    static func exactDouble(_ v: Int64, places: Int) -> Double {
        guard v.magnitude <= UInt64(1) << 53, (0...22).contains(places) else { return Double(formatScaled(v, places: places))! }
        return Double(v) / powersOfTen[places]
    }

    /// 10^0 … 10^22, each exactly a double.
    private static let powersOfTen: [Double] = (0...22).map { p in (0..<p).reduce(1.0) { r, _ in r * 10 } }

    /// A column's width in characters for a text: CJK and other wide characters (from U+2E80)
    /// count two, as a spreadsheet shows them, plus two of padding.
    static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(2) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
    }
}
