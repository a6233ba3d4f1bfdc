import CXLSXWriter
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// payouts.xlsx (SPEC §5.4), written with libxlsxwriter from the same rows as payouts.csv: the
/// id and name columns as text cells (a spreadsheet then never turns `000123` into 123), counts
/// and money as numbers, no formula anywhere, the header frozen with an autofilter.
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
        let dir = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((dir as NSString).appendingPathComponent("podium-xlsx-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw WriteError(message: "cannot make a temporary file in \(dir): \(String(cString: strerror(errno)))") }
        close(fd)
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        try write(table, sheetName: sheetName, created: created, to: path)
        guard let data = FileManager.default.contents(atPath: path) else { throw WriteError(message: "cannot read back \(path)") }
        return [UInt8](data)
    }

    static func write(_ table: CSVRows, sheetName: String, created: time_t, to path: String) throws {
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
        func check(_ e: lxw_error, _ row: Int, _ column: Int) {
            if e != LXW_NO_ERROR && failure == nil {
                failure = "row \(row + 1), column \(table.columns[column]): \(String(cString: lxw_strerror(e)))"
            }
        }
        let columns = table.columns
        var widths = columns.map { max(10, $0.count + 2) }
        for (c, name) in columns.enumerated() { check(worksheet_write_string(ws, 0, lxw_col_t(c), name, header), 0, c) }
        for r in 0..<table.count {
            let row = lxw_row_t(r + 1)
            for (c, cell) in table.row(r).enumerated() {
                let col = lxw_col_t(c)
                if textColumns.contains(columns[c]) {
                    let s = cell.string
                    widths[c] = min(60, max(widths[c], s.unicodeScalars.reduce(2) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }))
                    check(worksheet_write_string(ws, row, col, s, nil), r + 1, c)
                    continue
                }
                switch cell {
                case .text(let s) where s.isEmpty:
                    continue
                case .text(let s):
                    check(worksheet_write_string(ws, row, col, s, nil), r + 1, c)
                case .cents(let v) where v.magnitude > UInt64(exactNumberLimit):
                    check(worksheet_write_string(ws, row, col, cell.string, nil), r + 1, c)
                case .cents(let v):
                    widths[c] = max(widths[c], cell.string.count + 4)
                    check(worksheet_write_number(ws, row, col, exactDouble(v, places: 2), money), r + 1, c)
                case .integer(let v):
                    check(worksheet_write_number(ws, row, col, Double(v), integer), r + 1, c)
                case .scaled(let v, let places):
                    check(worksheet_write_number(ws, row, col, exactDouble(v, places: places), places == 2 ? twoPlaces : nil), r + 1, c)
                }
            }
        }
        for (c, w) in widths.enumerated() { worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), Double(w), nil) }
        worksheet_freeze_panes(ws, 1, 0)
        worksheet_autofilter(ws, 0, 0, lxw_row_t(max(table.count, 1)), lxw_col_t(max(columns.count - 1, 0)))
        let closed = workbook_close(wb)
        if let failure { throw WriteError(message: failure) }
        if closed != LXW_NO_ERROR { throw WriteError(message: String(cString: lxw_strerror(closed))) }
    }

    /// The double nearest to v / 10^places, made from its decimal text (so that libxlsxwriter's
    /// shortest printing gives the same digits back; amounts are at most 15 significant digits).
    static func exactDouble(_ v: Int64, places: Int) -> Double {
        Double(formatScaled(v, places: places))!
    }
}
