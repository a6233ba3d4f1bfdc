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

    /// Amounts at the edges of the plain fast path (at most 12 digits, no commas, `.` and one or
    /// two digits) read as the full grammar reads them.
    func testPlainAmountEdges() {
        let cases: [(String, ValueParser.MoneyReading)] = [
            ("0001", .cents(100)), ("000000000000001", .cents(100)), ("0", .cents(0)), ("00.00", .cents(0)),
            ("999999999999", .cents(99_999_999_999_900)), ("999999999999.99", .cents(99_999_999_999_999)),
            ("1000000000000", .tooLarge), ("1000000000000.5", .tooLarge), ("1,000,000,000,000", .tooLarge),
            ("999,999,999,999.99", .cents(99_999_999_999_999)), ("1.5", .cents(150)), ("1.05", .cents(105)),
            ("1.", .invalid), (".5", .invalid), ("1.5a", .invalid), ("12a", .invalid), ("1.2.3", .invalid),
            ("1..5", .invalid), ("1,234.5", .cents(123_450)), ("-12.34", .cents(-1234)), ("(7.1)", .cents(-710)),
        ]
        for (s, expected) in cases { XCTAssertEqual(ValueParser.reading(s, symbols: symbols), expected, s) }
    }

    /// Random strings of digits, commas and points against the grammar of SPEC §1.2 written as a
    /// regular expression, with the digit limit counted by hand.
    func testNumberAgreesWithTheGrammarOnRandomStrings() throws {
        let grammar = try Regex("^([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\\.[0-9]{1,2})?$")
        func expected(_ s: String) -> ValueParser.MoneyReading {
            guard s.wholeMatch(of: grammar) != nil else { return .invalid }
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            let whole = parts[0].filter { $0 != "," }.drop { $0 == "0" }
            if whole.count > ValueParser.maxAmountDigits { return .tooLarge }
            let fraction = parts.count > 1 ? String(parts[1]) : ""
            let cents = (Int64(whole) ?? 0) * 100 + (fraction.isEmpty ? 0 : Int64(fraction.padding(toLength: 2, withPad: "0", startingAt: 0))!)
            return .cents(cents)
        }
        let alphabet: [Character] = ["0", "0", "1", "5", "9", ",", ".", "7", "3", "x"]
        var seed: UInt64 = 7
        func next(_ n: Int) -> Int { seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return Int(seed >> 33) % n }
        for _ in 0..<20_000 {
            let s = String((0..<next(18)).map { _ in next(4) == 0 ? alphabet[next(alphabet.count)] : Character(String(next(10))) })
            XCTAssertEqual(ValueParser.reading(s, symbols: symbols), expected(s), s)
        }
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

    /// The byte rule `text` (eight bytes at a time where it can) finds a control character or a
    /// line break at every offset of texts 8–40 bytes long, and nothing in texts without one.
    func testTextFindsEveryControlAtEveryOffset() {
        let fillers: [[UInt8]] = [Array("abcdefgh".utf8), Array("王小明區".utf8), Array("\u{A0}é~ \t".utf8)]
        let controls: [([UInt8], ValueParser.TextReading)] = [
            ([0x00], .control), ([0x07], .control), ([0x1F], .control), ([0x7F], .control), ([0xC2, 0x80], .control),
            ([0xC2, 0x85], .control), ([0xC2, 0x9F], .control), ([0x0A], .lineBreaks), ([0x0D], .lineBreaks),
            ([0x09], .plain), ([0xC2, 0xA0], .plain), ([0x20], .plain),
        ]
        for filler in fillers {
            for length in 8...40 {
                let base = (0..<length).map { filler[$0 % filler.count] }
                for (insert, expected) in controls {
                    for offset in 0...(length - insert.count) {
                        var bytes = base
                        bytes.replaceSubrange(offset..<(offset + insert.count), with: insert)
                        let reading = bytes.withUnsafeBufferPointer { ValueParser.text(bytes: $0, 0..<$0.count) }
                        XCTAssertEqual(reading, expected, "\(bytes) at \(offset)")
                    }
                }
                XCTAssertEqual(base.withUnsafeBufferPointer { ValueParser.text(bytes: $0, 0..<$0.count) }, .plain, "\(base)")
            }
        }
    }

    func testTrimmingUsesUnicodeWhiteSpace() {
        XCTAssertEqual("\u{3000} 王小明\u{00A0}\t".trimmingWhiteSpace(), "王小明")
    }

    /// The grouped form of amounts for people, at the edges of the comma groups and of Int64.
    func testGroupedMoney() {
        XCTAssertEqual(Money(cents: 0).grouped, "0.00")
        XCTAssertEqual(Money(cents: 5).grouped, "0.05")
        XCTAssertEqual(Money(cents: -5).grouped, "-0.05")
        XCTAssertEqual(Money(cents: 99_999).grouped, "999.99")
        XCTAssertEqual(Money(cents: 123_456).grouped, "1,234.56")
        XCTAssertEqual(Money(cents: 100_000_000).grouped, "1,000,000.00")
        XCTAssertEqual(Money(cents: -99_999_999).grouped, "-999,999.99")
        XCTAssertEqual(Money(cents: Int64.max).grouped, "92,233,720,368,547,758.07")
        XCTAssertEqual(Money(cents: Int64.min).grouped, "-92,233,720,368,547,758.08")
        // with a symbol: the sign first, then the symbol (short ones, and a long ISO code)
        XCTAssertEqual(Money(cents: -123_456).grouped(symbol: "¥"), "-¥1,234.56")
        XCTAssertEqual(Money(cents: 5).grouped(symbol: "NT$"), "NT$0.05")
        XCTAssertEqual(Money(cents: Int64.min).grouped(symbol: "XAU "), "-XAU 92,233,720,368,547,758.08")
        XCTAssertEqual(Money(cents: 0).grouped(symbol: ""), "0.00")
    }

    /// Plan numbers (decimals: denominators of 2s and 5s only) in messages and statements: exact
    /// up to 12 places, else 6.
    func testDecimalTextOfFractions() throws {
        XCTAssertEqual(try XCTUnwrap(Fraction(decimal: "0.05")).decimalText, "0.05")
        XCTAssertEqual(try XCTUnwrap(Fraction(decimal: "12.50")).decimalText, "12.5")
        XCTAssertEqual(try XCTUnwrap(Fraction(decimal: "-0.50")).decimalText, "-0.5")
        XCTAssertEqual(Fraction(3).decimalText, "3")
        XCTAssertEqual(Fraction(100).decimalText, "100")
        XCTAssertEqual(Fraction(ratio: 1, 8).decimalText, "0.125")
        XCTAssertEqual(Fraction(ratio: 1, 1024).decimalText, "0.0009765625")     // 2^10: ten places
        XCTAssertEqual(Fraction(ratio: 1, 8192).decimalText, "0.000122")         // 2^13: past 12, so 6
        // a denominator past 64 bits takes the BigInt way to the same rule: 1/2^70 → 6 places → 0
        let tiny = Fraction(ratio: 1, 1 << 35) * Fraction(ratio: 1, 1 << 35)
        XCTAssertEqual(tiny.decimalText, "0")
        XCTAssertEqual("10.0".trimmingTrailingZeros(), "10")
        XCTAssertEqual("100".trimmingTrailingZeros(), "100")
        XCTAssertEqual("0.000000".trimmingTrailingZeros(), "0")
        XCTAssertEqual("2.50".trimmingTrailingZeros(), "2.5")
    }
}

/// Inputs the fuzzer found (make fuzz): each trapped before its fix.
final class FuzzFoundTests: XCTestCase {
    func testScoreWithManyDecimalsIsRejectedNotTrapped() {
        XCTAssertNil(ValueParser.score("1.12345678901234567890123"))
        XCTAssertNil(ValueParser.score("0.999"))
        XCTAssertNil(ValueParser.score("99999999999999999999999999"))
        XCTAssertEqual(ValueParser.score("99.99"), 9999)
    }

    /// TOMLKit's parser aborted the process (exit 134) on these (its internal assertions).
    func testEmptyTableHeaderIsAPlanErrorNotAnAbort() {
        for text in ["\n[\n\n", "[", "[\t\n", "[\r\n", " [[ \n", "x = 1\n[", "[|", "[[=a]]", "\u{FEFF}[(", "[[]]]]{", "s=[[}]]", "s=[}]", "s={a=[}", "s=['a',}]", "[\u{304}k"] {
            let (plan, d) = PlanLoader.parse(text: text, fileName: "plan.toml", defaultName: "plan")
            XCTAssertNil(plan, text)
            XCTAssertEqual(d.map(\.code), ["bad-plan"], text)
        }
        // quotes inside a comment open no string: the header after them is still checked (a saved fuzz crash)
        let saved = String(decoding: try! Data(contentsOf: Bundle.module.url(forResource: "Fixtures/fuzz-plan-comment-quotes", withExtension: "toml")!), as: UTF8.self)
        XCTAssertNil(PlanLoader.parse(text: saved, fileName: "plan.toml", defaultName: "plan").0)
        XCTAssertNotNil(TOMLPrecheck.problem("# '''\n[[\u{FE}x]]\n"))
        // and the precheck leaves good plans alone: brackets inside strings and comments
        XCTAssertNil(TOMLPrecheck.problem("[plan]\nname = \"[}\" # ]}\nx = [ { a = 1 }, ]\ny = '''\n[\n'''\n"))
    }
}

extension FuzzFoundTests {
    /// A sales.csv whose first line ends in a cut-off UTF-8 sequence (0xF9 then CR) reached the
    /// blank-line check of the reader on every core before its UTF-8 check, which read past the
    /// buffer (a saved `month` crash, split into files as the target does). Now: `encoding`, 65.
    func testSalesHeaderWithACutOffSequenceIsAnEncodingError() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/fuzz-month-cut-utf8", withExtension: "bin"))
        let saved = [UInt8](try Data(contentsOf: url))
        let parts = saved.split(separator: 0, maxSplits: 4, omittingEmptySubsequences: false).map { Array($0) }
        XCTAssertEqual(parts[1], [0x7B, 0x2B, 0x59, 0xF9, 0x0D])
        let month = MonthFixture(bytes: ["agents.csv": parts[0], "sales.csv": parts[1], "targets.csv": parts[2]])
        let (plan, _) = PlanLoader.load(path: month.directory + "/plan.toml", fileName: "plan.toml")
        let loader = MonthLoader(inputDirectory: month.directory, plan: try XCTUnwrap(plan), period: Period("2026-10")!)
        guard case .stopped(let diagnostics, let code, _) = loader.load() else { return XCTFail("not stopped") }
        XCTAssertEqual(code, 65)
        XCTAssertEqual(diagnostics.filter { $0.file == .sales }.located, ["encoding@1:-"])
        // and the byte rules never read past a cut-off sequence
        let cut: [UInt8] = [0x41, 0xF9]
        cut.withUnsafeBufferPointer { b in
            XCTAssertEqual(ByteText.trim(b, 0..<2), 0..<2)
            XCTAssertEqual(ByteText.scalar(b, 1).1, 1)
        }
    }
}

/// SPEC §1.1 trimming over bytes against the Unicode definition.
final class ByteTrimTests: XCTestCase {
    /// The byte trim agrees with trimming Unicode White_Space scalars from both ends, on random
    /// texts of white space (every one of the 25), ASCII, Chinese and other non-ASCII scalars —
    /// the fast checks of the first and last bytes included.
    func testByteTrimAgreesWithUnicodeWhiteSpaceOnRandomTexts() {
        let white: [Unicode.Scalar] = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
                                       0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]
            .map { Unicode.Scalar($0)! }
        let other: [Unicode.Scalar] = ["A", "z", "0", "~", "王", "區", "險", "€", "\u{2030}", "\u{205E}", "\u{2060}", "\u{1681}",
                                       "\u{A1}", "\u{84}", "é", "\u{3001}", "\u{1F600}", "\u{E000}"]
        XCTAssertTrue(white.allSatisfy(\.properties.isWhitespace))
        XCTAssertTrue(other.allSatisfy { !$0.properties.isWhitespace })
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int { seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return Int(seed >> 33) % n }
        for _ in 0..<5000 {
            var scalars: [Unicode.Scalar] = []
            for _ in 0..<next(6) { scalars.append(next(3) == 0 ? white[next(white.count)] : other[next(other.count)]) }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            let bytes = Array(String(text).utf8)
            var lo = 0, hi = scalars.count
            while lo < hi && scalars[lo].properties.isWhitespace { lo += 1 }
            while hi > lo && scalars[hi - 1].properties.isWhitespace { hi -= 1 }
            let start = scalars[..<lo].reduce(0) { $0 + String($1).utf8.count }
            let end = start + scalars[lo..<hi].reduce(0) { $0 + String($1).utf8.count }
            bytes.withUnsafeBufferPointer { b in
                XCTAssertEqual(ByteText.trim(b, 0..<b.count), start..<end, "\(scalars.map { String($0.value, radix: 16) })")
            }
        }
    }
}
