import Foundation
import XCTest
@testable import PodiumKit

/// The JSON string literals of manifest.json and the JSON log lines.
final class JSONTextTests: XCTestCase {
    /// RFC 8259's escapes, written by hand: quote, backslash, the named controls, `\u00XX` for
    /// the others; everything else (DEL, CJK, emoji) as it is.
    func testStringsAreEscapedAsRFC8259Says() {
        XCTAssertEqual(jsonString(""), #""""#)
        XCTAssertEqual(jsonString("statements/A1.html"), #""statements/A1.html""#)
        XCTAssertEqual(jsonString("a\"b\\c"), #""a\"b\\c""#)
        XCTAssertEqual(jsonString("x\ny\rz\t"), #""x\ny\rz\t""#)
        XCTAssertEqual(jsonString("\u{0}\u{1}\u{1F}\u{7F}"), "\"\\u0000\\u0001\\u001f\u{7F}\"")
        XCTAssertEqual(jsonString("總監 陳 😀"), "\"總監 陳 😀\"")
    }

    /// Whatever the text, a JSON parser reads back the same text.
    func testEveryTextReadsBackTheSame() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [String] = ["a", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1B}", "\u{7F}", "é", "業", "😀", "/", " "]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...16, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let parsed = try JSONSerialization.jsonObject(with: Data("[\(jsonString(text))]".utf8)) as? [String]
            XCTAssertEqual(parsed, [text], text.debugDescription)
        }
    }
}
