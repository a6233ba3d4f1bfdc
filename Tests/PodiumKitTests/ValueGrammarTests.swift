import XCTest
@testable import PodiumKit

final class ValueGrammarTests: XCTestCase {
    let symbols = ["¥", "￥", "$"]

    func testMoneySpellingsFromSpec() {
        let valid: [(String, Int64)] = [
            ("1,234.5", 123_450), ("¥-20", -2000), ("-¥20", -2000), ("(300.00)", -30000), ("007", 700),
            ("¥(5)", -500), ("(¥5)", -500), ("$1,234,567.89", 123_456_789), ("-0", 0), ("(0.00)", 0), ("￥12.3", 1230),
        ]
        for (s, cents) in valid { XCTAssertEqual(ValueParser.money(s, symbols: symbols), cents, s) }
        let invalid = ["12,34", "1.234", "1e3", "12.345", "12.", ".5", "+5", "¥ 5", "5¥", "--5.00", "12,3x", "N/A", "1,2345", "(5", "-(5)", "¥", ""]
        for s in invalid { XCTAssertNil(ValueParser.money(s, symbols: symbols), s) }
    }

    func testDateSpellingsFromSpec() {
        XCTAssertEqual(ValueParser.date("2026/9/5"), CivilDate(year: 2026, month: 9, day: 5))
        XCTAssertEqual(ValueParser.date("2026.10.05"), CivilDate(year: 2026, month: 10, day: 5))
        XCTAssertEqual(ValueParser.date("2024-02-29"), CivilDate(year: 2024, month: 2, day: 29))
        for s in ["2026-10-32", "05/10/2026", "20261005", "2026-13-05", "2026-10-5x", "2026年10月5日", "2026-10/05",
                  "2025-02-29", "1899-12-31", "3000-01-01", "2026-10-05 10:00", "2026-010-05"] {
            XCTAssertNil(ValueParser.date(s), s)
        }
    }

    func testScoreSpellings() {
        XCTAssertEqual(ValueParser.score("87.35"), 8735)
        XCTAssertEqual(ValueParser.score("100"), 10000)
        XCTAssertEqual(ValueParser.score("77.9"), 7790)
        XCTAssertEqual(ValueParser.score("0"), 0)
        for s in ["100.01", "101", "-1", "87.355", ".5", "5.", "abc", "1e2"] { XCTAssertNil(ValueParser.score(s), s) }
    }

    func testIdRules() {
        XCTAssertTrue(ValueParser.id("000123"))
        XCTAssertTrue(ValueParser.id("業務員-01"))
        XCTAssertTrue(ValueParser.id(String(repeating: "a", count: 64)))
        XCTAssertFalse(ValueParser.id(String(repeating: "a", count: 65)))
        XCTAssertFalse(ValueParser.id("A 1"))
        XCTAssertFalse(ValueParser.id("A\u{3000}1"))
        XCTAssertFalse(ValueParser.id("A\u{7}1"))
    }

    func testTextLineBreaksBecomeOneSpaceEach() {
        XCTAssertEqual(ValueParser.text("a\r\nb\nc\rd")?.text, "a b c d")
        XCTAssertEqual(ValueParser.text("tab\tok")?.hadLineBreak, false)
        XCTAssertNil(ValueParser.text("bell\u{7}"))
        XCTAssertNil(ValueParser.text("a\nb\u{0}"))
        XCTAssertEqual(ValueParser.text("keep\u{2028}this")?.text, "keep\u{2028}this")
    }

    func testTrimmingUsesUnicodeWhiteSpace() {
        XCTAssertEqual("\u{3000} 王小明\u{00A0}\t".trimmingWhiteSpace(), "王小明")
    }
}
