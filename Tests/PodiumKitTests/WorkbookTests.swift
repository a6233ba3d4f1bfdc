import Foundation
import XCTest
import ZIPFoundation
@testable import PodiumKit

/// payouts.xlsx (SPEC §5.4) read back: the zip opened with ZIPFoundation, the sheet and shared
/// strings with libxml2's XPath.
final class WorkbookTests: XCTestCase {
    static let agents = """
    \(MonthFixture.agentsHeader)
    000123,"=HYPERLINK(""http://x"")",agent,,T1,R1,mature,2020-01-01,active,
    1E5,<script>x</script>,agent,,T1,R1,mature,2020-01-01,active,
    2026-10,乙,agent,,T1,R1,mature,2020-01-01,active,
    -5,丙,agent,,T1,R1,mature,2020-01-01,active,
    """

    func entries(_ bytes: [UInt8]) throws -> [String: [UInt8]] {
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        var out: [String: [UInt8]] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            out[entry.path] = [UInt8](data)
        }
        return out
    }

    func workbook(generatedAt: String = "2026-11-01T00:00:00Z") throws -> (xlsx: [UInt8], csv: String) {
        let sales = MonthFixture.salesHeader + "\nP1,000123,2026-10-02,壽險,12345.67,1234.56\nP2,-5,2026-10-03,壽險,-100.00,-10.00\n"
        let month = MonthFixture(files: ["agents.csv": Self.agents, "sales.csv": sales], plan: ComputeTests.plan)
        guard case .ready(let plan, let result) = month.prepare() else { XCTFail("stopped"); throw CancellationError() }
        let templates = try TemplateSet(directory: CSVOutputTests.repoRoot.appendingPathComponent("templates").path)
        let renderer = ReportRenderer(templates: templates, plan: plan, run: RunContext(generatedAt: generatedAt))
        let files = try renderer.render(result)
        let xlsx = try XCTUnwrap(files.first { $0.path == "payouts.xlsx" }).bytes
        let csv = String(decoding: try XCTUnwrap(files.first { $0.path == "payouts.csv" }).bytes, as: UTF8.self)
        return (xlsx, csv)
    }

    func testIdsStayTextAmountsAreNumbersAndNothingIsAFormula() throws {
        let (xlsx, csv) = try workbook()
        let parts = try entries(xlsx)
        let sheet = try XMLPage(bytes: try XCTUnwrap(parts["xl/worksheets/sheet1.xml"]), namespace: "http://schemas.openxmlformats.org/spreadsheetml/2006/main")
        // constant-memory mode writes strings inline (t="inlineStr"), not in a shared table
        func text(_ ref: String) -> String? {
            guard sheet.strings("//h:c[@r='\(ref)']/@t") == ["inlineStr"] else { return nil }
            return sheet.strings("//h:c[@r='\(ref)']/h:is/h:t").first
        }
        // rows by agent_id as payouts.csv orders them (bytes): -5, 000123, 1E5, 2026-10
        XCTAssertEqual(["A2", "A3", "A4", "A5"].map(text), ["-5", "000123", "1E5", "2026-10"])
        XCTAssertEqual(text("B3"), "=HYPERLINK(\"http://x\")", "a name is text, never guarded, never a formula")
        XCTAssertEqual(text("B4"), "<script>x</script>")
        XCTAssertEqual(sheet.strings("//h:f"), [], "no formula anywhere")
        XCTAssertEqual(xlsx.count > 0 ? parts.keys.filter { $0.hasPrefix("xl/worksheets/") }.count : 0, 1)
        XCTAssertEqual(try XMLPage(bytes: try XCTUnwrap(parts["xl/workbook.xml"]), namespace: "http://schemas.openxmlformats.org/spreadsheetml/2006/main")
            .strings("//h:sheet/@name"), ["2026-10"])

        // every amount equals the CSV's cents; the header and row count match payouts.csv
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(sheet.strings("//h:row").count, lines.count)
        XCTAssertEqual(lines[0], sheet.strings("//h:row[1]/h:c/h:is/h:t"))
        let columns = "ABCDEFGHIJKLMNOPQR".map(String.init)
        for (r, row) in lines.enumerated().dropFirst() {
            for (c, name) in lines[0].enumerated() where !["agent_id", "name", "role", "team", "region", "market", "kpi_score"].contains(name) {
                let ref = "\(columns[c])\(r + 1)"
                XCTAssertEqual(sheet.strings("//h:c[@r='\(ref)']/@t"), [], "\(ref) \(name) is a number")
                let v = try XCTUnwrap(sheet.strings("//h:c[@r='\(ref)']/h:v").first, ref)
                XCTAssertEqual(Decimal(string: v), Decimal(string: row[c]), "\(ref) \(name)")
            }
        }
        // the header row is frozen and filtered
        XCTAssertEqual(sheet.strings("//h:pane/@state"), ["frozen"])
        XCTAssertEqual(sheet.strings("//h:autoFilter/@ref"), ["A1:R5"])
        // 000123: 12,345.67 premium in a money format
        XCTAssertEqual(sheet.strings("//h:c[@r='H3']/h:v"), ["12345.67"])
    }

    func testSameGeneratedAtGivesTheSameBytes() throws {
        let a = try workbook().xlsx, b = try workbook().xlsx
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, try workbook(generatedAt: "2026-12-01T00:00:00Z").xlsx, "the document dates follow generated-at")
    }

    /// A control character XML forbids is written as the spreadsheet escape, never a broken
    /// file; the longest name the reader accepts (32,767 bytes) fits a cell.
    func testControlCharactersAndLongNamesMakeAValidFile() throws {
        let long = String(repeating: "x", count: InputLimits.maxFieldBytes)
        let rows = { () -> CSVRows in
            var t = CSVRows(columns: ["agent_id", "name", "total"])
            t.add(.text("A1")); t.add(.text("a\u{1}b")); t.add(.cents(12345))
            t.add(.text("A2")); t.add(.text(long)); t.add(.cents(-5))
            return t
        }()
        let parts = try entries(try PayoutsWorkbook.bytes(rows, sheetName: "2026-10", created: 0))
        let sheet = try XMLPage(bytes: try XCTUnwrap(parts["xl/worksheets/sheet1.xml"]), namespace: "http://schemas.openxmlformats.org/spreadsheetml/2006/main")
        XCTAssertEqual(sheet.strings("//h:c[@r='B2']/h:is/h:t"), ["a_x0001_b"])
        XCTAssertEqual(sheet.strings("//h:c[@r='B3']/h:is/h:t"), [long])
    }

    func testTurnedOffByThePlan() throws {
        let month = MonthFixture(files: ["agents.csv": Self.agents, "sales.csv": MonthFixture.salesHeader + "\n"],
                                 plan: ComputeTests.plan + "\nxlsx = false\n")
        guard case .ready(let plan, let result) = month.prepare() else { return XCTFail("stopped") }
        let templates = try TemplateSet(directory: CSVOutputTests.repoRoot.appendingPathComponent("templates").path)
        XCTAssertFalse(try ReportRenderer(templates: templates, plan: plan).render(result).contains { $0.path == "payouts.xlsx" })
    }

    /// A number cell's double is the one `strtod` makes of the amount's decimal text (what
    /// libxlsxwriter's printing then gives back digit for digit), for cents of every size up to
    /// the exact limit and for kpi scores; beyond it the text path is taken.
    func testNumberCellsAreTheDoubleOfTheDecimalText() {
        var values: [Int64] = [0, 1, -1, 5, 10, 99, 100, 101, 12345, -12345, 1_000_000, 999_999_999_999_999,
                               -999_999_999_999_999, 9_007_199_254_740_992, 123_456_789_012_345]
        var g = SystemRandomNumberGenerator()
        for digits in 1...15 {
            let top = (0..<digits).reduce(Int64(1)) { r, _ in r * 10 }
            for _ in 0..<2_000 { values.append(Int64.random(in: -top..<top, using: &g)) }
        }
        for v in values {
            for places in [0, 2, 4] {
                let text = formatScaled(v, places: places)
                XCTAssertEqual(PayoutsWorkbook.exactDouble(v, places: places).bitPattern, strtod(text, nil).bitPattern, "\(text)")
            }
        }
        XCTAssertEqual(PayoutsWorkbook.exactDouble(Int64.max, places: 2), 92_233_720_368_547_758.07)
    }

    /// The width measure of a money column is the length of the amount's text, counted without
    /// making it.
    func testScaledLengthIsTheLengthOfTheText() {
        let values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, -100, 999, 1000, 123_456, -123_456, Int64.max, Int64.min]
        for v in values {
            for places in [0, 1, 2, 4] {
                XCTAssertEqual(scaledLength(v, places: places), formatScaled(v, places: places).utf8.count, "\(v) at \(places)")
            }
        }
        XCTAssertEqual(scaledLength(-5, places: 2), 5)   // -0.05
        XCTAssertEqual(scaledLength(123_456, places: 2), 7)   // 1234.56
    }

    /// A sheet longer than one slice of rows keeps every row in order, the autofilter over all.
    func testRowsBeyondOneSliceAreAllWritten() throws {
        let n = PayoutsWorkbook.sliceRows * 2 + 3
        var t = CSVRows(columns: ["agent_id", "name", "total"])
        for r in 0..<n {
            t.add(.text(String(format: "A%06d", r))); t.add(.text("名\(r)")); t.add(.cents(Int64(r) * 101))
        }
        let parts = try entries(try PayoutsWorkbook.bytes(t, sheetName: "2026-10", created: 0))
        let sheet = try XMLPage(bytes: try XCTUnwrap(parts["xl/worksheets/sheet1.xml"]), namespace: "http://schemas.openxmlformats.org/spreadsheetml/2006/main")
        XCTAssertEqual(sheet.strings("//h:sheetData/h:row").count, n + 1)
        let last = n + 1
        XCTAssertEqual(sheet.strings("//h:c[@r='A\(last)']/h:is/h:t"), [String(format: "A%06d", n - 1)])
        // the first row of the third slice: r = 8192 on line 8194, 8192 × 101 cents = 8,273.92
        XCTAssertEqual(sheet.strings("//h:c[@r='C\(PayoutsWorkbook.sliceRows * 2 + 2)']/h:v"), ["8273.92"])
        XCTAssertEqual(sheet.strings("//h:autoFilter/@ref"), ["A1:C\(last)"])
    }
}
