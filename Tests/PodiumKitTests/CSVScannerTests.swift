import XCTest
@testable import PodiumKit

final class CSVScannerTests: XCTestCase {
    func scan(_ text: String, delimiter: UInt8 = 0x2C, chunk: Int = 3) throws -> [CSVRecord] {
        var s = CSVScanner(delimiter: delimiter)
        var out: [CSVRecord] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            s.feed(bytes[i..<min(i + chunk, bytes.count)]) { out.append($0) }
            i += chunk
        }
        try s.finish { out.append($0) }
        return out
    }

    func testQuotedLineBreakKeepsPhysicalLineNumbers() throws {
        let records = try scan("a,b\r\n\"x\r\ny\",2\n3,\"q\"\"z\"\r4,5")
        XCTAssertEqual(records.map(\.line), [1, 2, 4, 5])
        XCTAssertEqual(records[1].fields, ["x\r\ny", "2"])
        XCTAssertEqual(records[2].fields, ["3", "q\"z"])
        XCTAssertEqual(records[3].fields, ["4", "5"])
    }

    func testQuoteInsideUnquotedFieldIsData() throws {
        XCTAssertEqual(try scan("ab\"c,d\n")[0].fields, ["ab\"c", "d"])
    }

    func testTextAfterClosingQuoteIsBadQuote() throws {
        let r = try scan("\"ab\"c,d\n\"ok\" ,x\n\"fine\",y\n")
        XCTAssertEqual(r.map(\.badQuote), [true, true, false])
        XCTAssertEqual(r[0].fields, ["abc", "d"])
    }

    func testUnclosedQuoteReportsWhereItOpened() {
        XCTAssertThrowsError(try scan("a,b\n1,\"open\n\nmore")) { error in
            XCTAssertEqual(error as? UnclosedQuote, UnclosedQuote(line: 2, column: 2))
        }
    }

    func testLastRecordWithoutLineEnd() throws {
        XCTAssertEqual(try scan("a\nb").map(\.fields), [["a"], ["b"]])
        XCTAssertEqual(try scan("a\n\n").count, 2)
    }

    /// Property: arbitrary fields written as RFC 4180 read back equal, whatever the chunking.
    func testRoundTripOfArbitraryFields() throws {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [String] = ["a", "Z", "0", ",", "\"", "\n", "\r\n", "\r", " ", "王", "張", "😀", "\t", "é", "'", "="]
        for _ in 0..<300 {
            let rows = (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                (0..<3).map { _ in (0..<Int.random(in: 1...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined() }
            }
            let text = rows.map { $0.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }.joined(separator: "\r\n")
            let back = try scan(text, chunk: Int.random(in: 1...7, using: &rng))
            XCTAssertEqual(back.map(\.fields), rows)
        }
    }

    func testCSVEscapingGuardsFormulasButNotNumbers() {
        XCTAssertEqual(CSVEscaping.escape("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"")
        XCTAssertEqual(CSVEscaping.escape("-abc"), "'-abc")
        XCTAssertEqual(CSVEscaping.escape("@x"), "'@x")
        XCTAssertEqual(CSVEscaping.escape("+1"), "'+1")
        XCTAssertEqual(CSVEscaping.escape("-5.00"), "-5.00")
        XCTAssertEqual(CSVEscaping.escape("-12"), "-12")
        XCTAssertEqual(CSVEscaping.escape("Chen, Wei"), "\"Chen, Wei\"")
        XCTAssertEqual(CSVEscaping.escape("王小明"), "王小明")
    }
}
