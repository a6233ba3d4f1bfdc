import XCTest
@testable import PodiumKit

/// Files in GB18030, Big5 and UTF-16 built from bytes written down here (not from Podium's output).
final class EncodingTests: XCTestCase {
    // 王小明 in each encoding, and in GB18030 a four-byte sequence (😀).
    let wangGB: [UInt8] = [0xCD, 0xF5, 0xD0, 0xA1, 0xC3, 0xF7]
    let emojiGB: [UInt8] = [0x94, 0x39, 0xFC, 0x36]
    let wangBig5: [UInt8] = [0xA4, 0xFD, 0xA4, 0x70, 0xA9, 0xFA]

    func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }

    func agents(nameBytes: [UInt8]) -> [UInt8] {
        ascii(MonthFixture.agentsHeader + "\nM1,") + nameBytes + ascii(",manager,,T1,R1,mature,2020-01-01,active,\n")
    }

    func name(of month: MonthFixture, encoding: TextEncoding) -> String? {
        guard case .ready(_, let r) = month.prepare(encoding: encoding) else { return nil }
        return r.month.agents.first?.name
    }

    func testGB18030IncludingFourByteSequences() {
        let month = MonthFixture(bytes: ["agents.csv": agents(nameBytes: wangGB + emojiGB), "sales.csv": ascii(MonthFixture.salesHeader + "\n")])
        XCTAssertEqual(name(of: month, encoding: .gb18030), "王小明😀")
    }

    func testBig5() {
        let month = MonthFixture(bytes: ["agents.csv": agents(nameBytes: wangBig5), "sales.csv": ascii(MonthFixture.salesHeader + "\n")])
        XCTAssertEqual(name(of: month, encoding: .big5), "王小明")
    }

    func testAutoRejectsGB18030WithLineOfFirstBadByteAndAHint() {
        let bytes = ascii(MonthFixture.agentsHeader + "\nM1,x,manager,,T1,R1,mature,2020-01-01,active,\n\"A\n1\",") + wangGB + ascii(",agent,M1,T1,R1,mature,2020-01-01,active,\n")
        let month = MonthFixture(bytes: ["agents.csv": bytes, "sales.csv": ascii(MonthFixture.salesHeader + "\n")])
        guard case .stopped(let d, let code, _) = month.prepare() else { return XCTFail("should stop") }
        XCTAssertEqual(code, 65)
        XCTAssertEqual(d.located, ["encoding@4:-"])
        XCTAssertTrue(d[0].message.contains("--encoding gb18030"), d[0].message)
    }

    /// An Excel "Unicode text" export: UTF-16LE with a BOM and tabs.
    func testUTF16LEWithTabsAndBOM() {
        func utf16le(_ s: String) -> [UInt8] { [0xFF, 0xFE] + s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
        let text = MonthFixture.agentsHeader.replacingOccurrences(of: ",", with: "\t") + "\r\nM1\t王小明\t主管\t\tT1\tR1\t成熟\t2020-01-01\t在職\t\r\n"
        let sales = "policy_id\tagent_id\tdate\tproduct\tpremium\tfyc\r\nP1\tM1\t2026-10-01\t壽險\t\"1,234.50\"\tx\r\n"
        let month = MonthFixture(bytes: ["agents.csv": utf16le(text), "sales.csv": utf16le(sales)])
        XCTAssertEqual(name(of: month, encoding: .auto), "王小明")
        XCTAssertEqual(month.diagnostics().filter { $0.severity == .error }.located, ["bad-money@2:6"])
    }

    func testUTF8BOMIsNeverPartOfTheHeader() {
        let month = MonthFixture(bytes: ["agents.csv": [0xEF, 0xBB, 0xBF] + agents(nameBytes: ascii("Amy")), "sales.csv": ascii(MonthFixture.salesHeader + "\n")])
        XCTAssertEqual(name(of: month, encoding: .utf8), "Amy")
    }

    /// A lead byte at the end of a file is "incomplete" only when the bytes after it could still
    /// continue it; one followed by a byte that cannot ("E9 01" at the end, found by the `readers`
    /// fuzz target) is "invalid" — the same words from the stream validator, fed whole or a byte
    /// at a time, and from the check in place.
    func testIncompleteAndInvalidSequencesAtTheEndOfAFile() {
        let cases: [([UInt8], String)] = [
            ([0x41, 0xE9], "byte 0xE9 starts an incomplete UTF-8 sequence"),
            ([0x41, 0xE9, 0x80], "byte 0xE9 starts an incomplete UTF-8 sequence"),
            ([0x41, 0xE9, 0x01], "byte 0xE9 starts an invalid UTF-8 sequence"),
            ([0x41, 0xF0, 0x90, 0x41], "byte 0xF0 starts an invalid UTF-8 sequence"),
            ([0x41, 0xE9, 0x80, 0x41, 0x41], "byte 0xE9 starts an invalid UTF-8 sequence"),
        ]
        for (bytes, want) in cases {
            for chunk in [bytes.count, 1] {
                var v = UTF8Validator()
                var out: [UInt8] = []
                var got: String?
                var start = 0
                while start < bytes.count && got == nil {
                    let end = min(bytes.count, start + chunk)
                    do { try v.transcode(bytes[start..<end], final: end == bytes.count, into: &out) } catch { got = (error as? DecodingFailure)?.detail ?? "\(error)" }
                    start = end
                }
                XCTAssertEqual(got, want, "\(bytes) in chunks of \(chunk)")
            }
            bytes.withUnsafeBufferPointer { b in
                XCTAssertEqual(UTF8Check.firstError(b, from: 0, to: b.count, atEnd: true)?.detail, want, "\(bytes) in place")
            }
        }
    }

    func testTranscodersKeepSequencesSplitAcrossChunks() throws {
        for (encoding, bytes) in [(TextEncoding.gb18030, wangGB + emojiGB), (.big5, wangBig5), (.utf8, Array("王小明😀".utf8))] {
            var t = makeTranscoder(for: encoding)
            var out: [UInt8] = []
            for (i, b) in bytes.enumerated() { try t.transcode([b][...], final: i == bytes.count - 1, into: &out) }
            XCTAssertTrue(String(decoding: out, as: UTF8.self).hasPrefix("王小明"), "\(encoding)")
        }
    }

    func testEncodingNames() {
        XCTAssertEqual(TextEncoding(name: "GBK"), .gb18030)
        XCTAssertEqual(TextEncoding(name: "cp950"), .big5)
        XCTAssertEqual(TextEncoding(name: "utf-16-le"), .utf16le)
        XCTAssertNil(TextEncoding(name: "latin1"))
    }
}
