import XCTest
@testable import PodiumKit

/// The CSV files as finance and the auditors get them (SPEC §5.1), rendered with the default templates.
final class CSVOutputTests: XCTestCase {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func render(agents: String, sales: String, plan: String = ComputeTests.plan, extra: [String: String] = [:]) throws -> [String: String] {
        let month = MonthFixture(files: extra.merging(["agents.csv": agents, "sales.csv": sales]) { a, _ in a }, plan: plan)
        guard case .ready(let p, let result) = month.prepare() else { XCTFail("stopped"); return [:] }
        let templates = try TemplateSet(directory: Self.repoRoot.appendingPathComponent("templates").path)
        let files = ReportRenderer(templates: templates, plan: p).renderCSV(result)
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
    }

    func testHostileNamesAreGuardedAndNegativeAmountsUntouched() throws {
        let agents = """
        agent_id,name,role,manager_id,team,region,market,hire_date,status,termination_date
        A1,"=HYPERLINK(""http://x"",""y"")",agent,,"-abc",R1,mature,2020-01-01,active,
        A2,@x,agent,,T1,"Chen, Wei",mature,2020-01-01,active,
        """
        let sales = MonthFixture.salesHeader + "\nP1,A1,2026-10-01,x,-100.00,-10.00\n"
        let files = try render(agents: agents, sales: sales)
        let lines = files["payouts.csv"]!.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "agent_id,name,role,team,region,market,active_days,premium,fyc,kpi_score,base,commission,kpi_bonus,override,carried_in,total,payable,carry_forward")
        // A1: base 3,100; commission 10% × −10.00 = −1.00; no target → volume null, no kpi → score null.
        XCTAssertEqual(lines[1], "A1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",agent,'-abc,R1,mature,31,-100.00,-10.00,,3100.00,-1.00,0.00,0.00,0.00,3099.00,3099.00,0.00")
        XCTAssertEqual(lines[2], "A2,'@x,agent,T1,\"Chen, Wei\",mature,31,0.00,0.00,,3100.00,0.00,0.00,0.00,0.00,3100.00,3100.00,0.00")
        XCTAssertEqual(lines.count, 3)
    }

    func testDefaultBOMAndCRLF() throws {
        let plan = ComputeTests.plan.replacingOccurrences(of: "csv_bom = false\ncsv_line_ending = \"lf\"", with: "")
        let files = try render(agents: simpleAgents, sales: MonthFixture.salesHeader + "\n", plan: plan)
        let payouts = files["payouts.csv"]!
        XCTAssertTrue(payouts.hasPrefix("\u{FEFF}agent_id,"))
        XCTAssertTrue(payouts.contains("carry_forward\r\nA1,"))
        XCTAssertFalse(payouts.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    func testEveryFileHasTheSpecColumns() throws {
        let files = try render(agents: ComputeTests.agents, sales: ComputeTests.sales,
                               extra: ["targets.csv": ComputeTests.targets, "kpi.csv": ComputeTests.kpi])
        XCTAssertEqual(files["rankings.csv"]!.split(separator: "\n").first, "scope,scope_name,rank,agent_id,name,team,region,metric,value,previous_rank")
        XCTAssertEqual(files["teams.csv"]!.split(separator: "\n").first, "rank,team,manager_id,headcount,active_agents,premium,fyc,target,attainment,per_capita_premium,activity_rate")
        XCTAssertEqual(files["regions.csv"]!.split(separator: "\n").first, "rank,region,headcount,active_agents,premium,fyc,target,attainment,per_capita_premium,activity_rate")
        XCTAssertEqual(files["directors.csv"]!.split(separator: "\n").first, "rank,agent_id,name,region,headcount,active_agents,premium,fyc,target,attainment")
        XCTAssertEqual(files["diagnostics.csv"]!.split(separator: "\n").first, "severity,code,file,line,column,field,message,value")
        let rankings = files["rankings.csv"]!.split(separator: "\n").map(String.init)
        XCTAssertEqual(rankings[1], "overall,,1,A1,甲,T1,R1,premium,130000.00,")
        XCTAssertTrue(rankings.contains("region,R1,5,A3,丙,T1,R1,premium,-380000.00,"))
        XCTAssertTrue(rankings.contains("team,T2,1,A4,丁,T2,R1,premium,0.00,"))
        XCTAssertTrue(files["teams.csv"]!.contains("\n3,T1,M1,4,3,-200000.00,-35000.00,250000.00,-0.8000,-50000.00,0.7500\n"))
        XCTAssertTrue(files["directors.csv"]!.contains("\n1,D1,總監,R1,7,3,-200000.00,-35000.00,250000.00,-0.8000\n"))
        // payouts: one row per kept agent, totals reconcile.
        let payouts = files["payouts.csv"]!.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(payouts.count, 7)
        for row in payouts {
            let cents = row[10...17].map { Int64(Double(String($0))! * 100 + ($0.hasPrefix("-") ? -0.5 : 0.5)) }
            XCTAssertEqual(cents[4], 0, "no previous output: carried_in is 0.00")
            XCTAssertEqual(cents[5], cents[0] + cents[1] + cents[2] + cents[3] + cents[4])
            XCTAssertEqual(cents[5], cents[6] + cents[7])
        }
    }

    func testDiagnosticsAreSortedByFileLineColumnCode() throws {
        let sales = MonthFixture.salesHeader + "\nP1,ZZ,2026-10-01,x,abc,1\nP2,ZZ,2026-10-01,x,1,1\n"
        let files = try render(agents: ComputeTests.agents + "\nA6,己,agent,NOPE,T1,R1,mature,2020-01-01,active,", sales: sales)
        let rows = files["diagnostics.csv"]!.split(separator: "\n").dropFirst().map(String.init)
        let keys = rows.map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(5).joined(separator: ",") }
        // Within line 9, the warning without a column comes before the error at column 4.
        XCTAssertEqual(Array(keys.suffix(4)), [
            "warning,missing-target,agents.csv,9,",
            "error,unknown-manager,agents.csv,9,4",
            "error,bad-money,sales.csv,2,5",
            "error,unknown-agent,sales.csv,3,2",
        ])
        XCTAssertTrue(rows.contains("error,unknown-manager,agents.csv,9,4,manager_id,\"manager_id \"\"NOPE\"\" of A6 is not a kept agent; the link is dropped\",NOPE"))
    }
}

/// The fast CSV renderer must give exactly Mustache's bytes on every built-in CSV template.
final class FastCSVTemplateTests: XCTestCase {
    /// Numbers are written as their digits, exactly as SPEC §5.1 spells them (worked by hand),
    /// and such digits are what the escaping would have left them as; text is escaped.
    func testCellsAreWrittenAsTheirDigitsOrEscapedText() {
        let cases: [(CSVCell, String)] = [
            (.cents(0), "0.00"), (.cents(5), "0.05"), (.cents(-5), "-0.05"), (.cents(123_450), "1234.50"),
            (.cents(-100), "-1.00"), (.cents(Int64.max), "92233720368547758.07"), (.cents(Int64.min), "-92233720368547758.08"),
            (.integer(0), "0"), (.integer(-42), "-42"), (.integer(Int64.min), "-9223372036854775808"),
            (.scaled(5, places: 4), "0.0005"), (.scaled(-8735, places: 4), "-0.8735"), (.scaled(10_000, places: 4), "1.0000"),
            (.scaled(8735, places: 2), "87.35"), (.scaled(-1, places: 2), "-0.01"), (.scaled(7, places: 0), "7"),
            (.text("=1+2"), "'=1+2"), (.text("Chen, Wei"), "\"Chen, Wei\""), (.text("-5.00"), "-5.00"), (.empty, ""),
        ]
        for (cell, written) in cases {
            var out = ByteWriter(capacity: 1)
            cell.append(to: &out)
            XCTAssertEqual(String(decoding: out.bytes, as: UTF8.self), written, "\(cell)")
            XCTAssertEqual(CSVEscaping.escape(cell.string), written, "\(cell)")
        }
    }

    /// The table as a source whose columns make each row's cells (as payouts, rankings and
    /// diagnostics are made), not as rows already made.
    static func direct(_ table: CSVRows) -> CSVTableSource {
        CSVTableSource(count: table.count, columns: {
            table.columns.enumerated().map { k, name in CSVColumn<Int>(name) { table.row($0)[$0 * table.columns.count + k] } }
        }, rows: { $0 })
    }

    /// A variable that is no column of the source is written empty, directly as from rows.
    /// SPEC §5.1's escaping written the plain way: the guard when the field starts with = + - @
    /// TAB or CR and is not a plain number, then quotes (and doubled quotes inside) when the
    /// field holds a comma, a quote, CR or LF.
    static func referenceEscape(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let plainNumber = text.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?/) != nil
        let guarded = !plainNumber && [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(bytes.first ?? 0)
        let field = (guarded ? "'" : "") + text
        let quoted = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
        return quoted ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// A number at output precision is its decimal digits (SPEC §5.1): written by hand for
    /// a few, and against the plain way (the magnitude's digits, zero-padded, a point inserted)
    /// for every count of places from 0 to 28 and values of every length, both signs.
    func testScaledNumbersAreTheirDecimalDigits() {
        XCTAssertEqual(formatScaled(123_450, places: 2), "1234.50")
        XCTAssertEqual(formatScaled(-5, places: 2), "-0.05")
        XCTAssertEqual(formatScaled(8735, places: 4), "0.8735")
        XCTAssertEqual(formatScaled(0, places: 0), "0")
        XCTAssertEqual(formatScaled(7, places: 1), "0.7")
        XCTAssertEqual(formatScaled(100, places: 0), "100")
        XCTAssertEqual(formatScaled(Int64.min, places: 2), "-92233720368547758.08")
        XCTAssertEqual(formatScaled(Int64.max, places: 28), "0.0000000009223372036854775807")
        func plain(_ v: Int64, _ places: Int) -> String {
            var digits = String(v.magnitude)
            if digits.count <= places { digits = String(repeating: "0", count: places + 1 - digits.count) + digits }
            if places > 0 { digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places)) }
            return (v < 0 ? "-" : "") + digits
        }
        var values: [Int64] = [0, 1, -1, 9, 10, 99, 100, 101, Int64.max, Int64.min, Int64.min + 1]
        var g = SystemRandomNumberGenerator()
        for digits in 1...18 {
            let top = (0..<digits).reduce(Int64(1)) { r, _ in r * 10 }
            for _ in 0..<200 { values.append(Int64.random(in: -top..<top, using: &g)) }
        }
        for v in values {
            for places in 0...28 { XCTAssertEqual(formatScaled(v, places: places), plain(v, places), "\(v) at \(places)") }
        }
    }

    /// The escaping looks at eight bytes at a time for a reason to quote: every such byte at every
    /// position of fields of 0–40 bytes, among fillers just above and below it, and random fields.
    func testEscapingFindsAReasonToQuoteAtEveryPosition() {
        let fillers = ["a", "-", ".", "中", "0", " ", "'", "\u{7F}"]
        for special in [",", "\"", "\r", "\n"] {
            for filler in fillers {
                for length in 0...40 {
                    for position in 0...length {
                        let text = String(repeating: filler, count: position) + special + String(repeating: filler, count: length - position)
                        XCTAssertEqual(CSVEscaping.escape(text), Self.referenceEscape(text), "\(text.debugDescription)")
                    }
                    let plain = String(repeating: filler, count: length)
                    XCTAssertEqual(CSVEscaping.escape(plain), Self.referenceEscape(plain), "\(plain.debugDescription)")
                }
            }
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = ["a", "Z", "0", "9", "-", "=", "+", "@", "\t", "\r", "\n", ",", "\"", ".", " ", "陳", "é", "'"]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            XCTAssertEqual(CSVEscaping.escape(text), Self.referenceEscape(text), "\(text.debugDescription)")
        }
    }

    /// Bytes written past the first capacity are all kept, in order.
    func testByteWriterGrowsAndKeepsEveryByte() {
        var out = ByteWriter(capacity: 1)
        var want: [UInt8] = []
        for k in 0..<5_000 {
            let piece = (0..<(k % 37)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ k) }
            if k % 3 == 0 { out.append(UInt8(truncatingIfNeeded: k)); want.append(UInt8(truncatingIfNeeded: k)) }
            out.append(piece)
            want.append(contentsOf: piece)
        }
        XCTAssertEqual(out.count, want.count)
        XCTAssertEqual(out.bytes, want)
        out.removeAll()
        XCTAssertEqual(out.bytes, [])
        out.append([1, 2])
        XCTAssertEqual(out.bytes, [1, 2])
    }

    func testDirectRowsWriteAnUnknownVariableEmpty() throws {
        let fast = try XCTUnwrap(FastCSVTemplate(text: "{{% CONTENT_TYPE: CSV}}\nid;x;v\n{{#rows}}\n{{agent_id}};{{nothing}};{{value}}\n{{/rows}}\n"))
        var table = CSVRows(columns: ["value", "agent_id"])
        for cell: CSVCell in [.cents(-5), .text("A1"), .integer(7), .text("=B2")] { table.add(cell) }
        let want = Array("id;x;v\nA1;;-0.05\n'=B2;;7\n".utf8)
        XCTAssertEqual(fast.renderBytes(Self.direct(table), crlf: false, bom: false, slice: 1), want)
        XCTAssertEqual(fast.renderBytes(table, crlf: false, bom: false), want)
    }

    func testFastRendererMatchesMustacheOnEveryBuiltInTemplate() throws {
        let dir = CSVOutputTests.repoRoot.appendingPathComponent("templates").path
        let templates = try TemplateSet(directory: dir)
        var table = CSVRows(columns: ["agent_id", "name", "value", "scope", "message", "team", "rank", "field", "severity"])
        table.append(["agent_id": "A1", "name": "=HYPERLINK(\"x\")", "value": "-5.00", "scope": "overall", "message": "a, \"b\"\nc", "team": "-abc", "rank": "1"])
        table.append(["agent_id": "A2", "name": "Chen, Wei", "value": "", "rank": "", "field": "@x", "severity": "error"])
        table.append(["agent_id": "A3", "name": "x\r\ny", "value": "+1", "message": "\"\"\"", "team": "\tT", "rank": "-0.5"])
        table.append([:])
        // typed cells (numbers written as digits) next to text ones
        for cell: CSVCell in [.text("A4"), .text("-x"), .cents(-5), .text("team"), .text("m"), .integer(12), .scaled(8735, places: 4), .text(""), .text("warning")] {
            table.add(cell)
        }
        for name in TemplateSet.required where name.hasSuffix(".csv") {
            let text = try String(contentsOfFile: dir + "/" + name + ".mustache", encoding: .utf8)
            let fast = try XCTUnwrap(FastCSVTemplate(text: text), "\(name) should take the fast path")
            XCTAssertEqual(fast.render(table), templates.render(["rows": table.dictionaries], template: name), name)
            let empty = CSVRows(columns: ["agent_id"])
            XCTAssertEqual(fast.render(empty), templates.render(["rows": [[String: String]]()], template: name), name)
            // straight to bytes: the same as the text with the line ending and BOM applied after
            for crlf in [false, true] {
                for bom in [false, true] {
                    let text = templates.render(["rows": table.dictionaries], template: name)
                    let body = crlf ? CSVEscaping.crlf(text) : text
                    XCTAssertEqual(fast.renderBytes(table, crlf: crlf, bom: bom), (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(body.utf8), "\(name) crlf \(crlf) bom \(bom)")
                    // made a few rows at a time (as the big files are): the same bytes, one header, one BOM
                    for slice in [1, 3, 4, 100] {
                        XCTAssertEqual(fast.renderBytes(CSVTableSource(table), crlf: crlf, bom: bom, slice: slice),
                                       (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(body.utf8), "\(name) slice \(slice)")
                        // cells written by their columns as they are made (the big files), never stored
                        XCTAssertEqual(fast.renderBytes(Self.direct(table), crlf: crlf, bom: bom, slice: slice),
                                       (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(body.utf8), "\(name) direct, slice \(slice)")
                    }
                }
            }
        }
    }

    func testOtherShapesUseMustache() {
        XCTAssertNil(FastCSVTemplate(text: "{{% CONTENT_TYPE: CSV}}\na\n{{#rows}}\n{{#x}}{{y}}{{/x}}\n{{/rows}}\n"))
        XCTAssertNil(FastCSVTemplate(text: "{{% CONTENT_TYPE: CSV}}\na\n{{#items}}\n{{y}}\n{{/items}}\n"))
        XCTAssertNil(FastCSVTemplate(text: "a\n{{#rows}}\n{{y}}\n{{/rows}}\n"))
        XCTAssertNil(FastCSVTemplate(text: "{{% CONTENT_TYPE: CSV}}\na\n{{#rows}}\n{{{y}}}\n{{/rows}}\n"))
        XCTAssertNotNil(FastCSVTemplate(text: "{{% CONTENT_TYPE: CSV}}\nid;name\n{{#rows}}\n{{agent_id}};{{name}}\n{{/rows}}\n"))
    }
}
