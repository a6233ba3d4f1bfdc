import CPodiumSys
import XCTest
@testable import PodiumKit

/// The C line scanner and UTF-8 check of the sales hot path (SSE2 16 bytes at a time, byte by
/// byte at the end) against plain byte-by-byte readings of the same rules.
final class ByteScanTests: XCTestCase {
    /// A deterministic generator (the tests must not depend on the run).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    }

    /// What `podium_scan_line` must report, read byte by byte from the rules in its header.
    struct Expected: Equatable {
        var special = false
        var high = false
        var newline = -1
        var delimiters: [Int] = []
    }

    func reference(_ b: [UInt8], delimiter: UInt8) -> Expected {
        var e = Expected()
        for (i, c) in b.enumerated() {
            if c == 0x0A { e.newline = i; return e }
            if c == delimiter { e.delimiters.append(i) }
            else if c == 0x22 { e.special = true; return e }
            else if c == 0x0D && !(i + 1 < b.count && b[i + 1] == 0x0A) { e.special = true; return e }
            else if c >= 0x80 { e.high = true }
        }
        return e
    }

    func testLineScanAgreesWithAByteByByteReading() {
        var g = Generator(state: 42)
        let alphabet: [UInt8] = [0x41, 0x31, 0x2C, 0x2C, 0x3B, 0x20, 0x22, 0x0D, 0x0A, 0xE5, 0x80, 0x09]
        let capacity = 6
        var delims = [Int](repeating: -1, count: capacity)
        var checked = 0
        for round in 0..<20_000 {
            // lengths around the 16-byte blocks, CRs and line feeds at every place in a block
            let length = Int(g.next() % 70)
            var line = (0..<length).map { _ in g.pick(alphabet) }
            if round % 3 == 0 { line = line.map { $0 == 0x22 ? 0x41 : $0 } }   // more lines without quotes
            if round % 5 == 0 && length > 1 { line[length - 2] = 0x0D; line[length - 1] = 0x0A }
            let delimiter: UInt8 = round % 4 == 0 ? 0x3B : 0x2C
            let want = reference(line, delimiter: delimiter)
            let got = line.withUnsafeBufferPointer { p in
                delims.withUnsafeMutableBufferPointer { d in
                    podium_scan_line(p.baseAddress, p.count, delimiter, d.baseAddress, capacity)
                }
            }
            XCTAssertEqual(got.flags & PODIUM_SCAN_SPECIAL != 0, want.special, "\(line)")
            guard !want.special else { continue }
            XCTAssertEqual(got.flags & PODIUM_SCAN_HIGH != 0, want.high, "\(line)")
            XCTAssertEqual(got.newline, want.newline, "\(line)")
            XCTAssertEqual(got.delimiters, want.delimiters.count, "\(line)")
            XCTAssertEqual(Array(delims.prefix(min(capacity, want.delimiters.count))), Array(want.delimiters.prefix(capacity)), "\(line)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 5_000)   // the comparison ran on plenty of ordinary lines
    }

    /// The agent table's probe start must depend on every byte of an id: 10,000 ids that differ
    /// only in their last digits spread over a table of 32,768 slots about as random keys would
    /// (≈ 86 % distinct; the old multiply-only hash ignored the 7th byte: at most 1,000 distinct).
    func testAgentTableSpreadsIdsThatDifferInTheirLastCharacters() {
        let mask = (1 << 15) - 1
        var starts = Set<Int>()
        for i in 0..<10_000 {
            let bytes = Array(("A" + String(1_000_000 + i).dropFirst()).utf8)   // A000000 … A009999
            let start = bytes.withUnsafeBufferPointer { b -> Int in
                let (low, high) = AgentIDTable.pack(b)
                return AgentIDTable.start(low, high) & mask
            }
            starts.insert(start)
        }
        XCTAssertGreaterThan(starts.count, 8_000)
    }

    func testUTF8CheckAgreesWithTheStreamRules() {
        var g = Generator(state: 7)
        // valid sequences, and the bytes at the edges of every rule (overlong, surrogate, > U+10FFFF, cut off)
        let pieces: [[UInt8]] = [
            [0x41], [0x2C], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xE5, 0xA3, 0xBD], [0xED, 0x9F, 0xBF],
            [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xBF], [0xE5, 0xA3], [0xF0, 0x90, 0x80],
        ]
        // ASCII runs long enough for the 16-bytes-at-a-time skip, so that the other pieces land at
        // every offset of a block
        let runs: [[UInt8]] = [[UInt8](repeating: 0x61, count: 16), [UInt8](repeating: 0x30, count: 7),
                               [UInt8](repeating: 0x20, count: 31), [UInt8](repeating: 0x7F, count: 15)]
        var valid = 0, invalid = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(g.next() % 8) {
                // mostly valid pieces, so that whole strings are valid often enough
                let choice = g.next() % 8
                let piece = choice < 2 ? g.pick(runs) : choice == 2 ? g.pick(pieces) : g.pick(Array(pieces.prefix(10)))
                bytes += piece
            }
            let want = bytes.withUnsafeBufferPointer { UTF8Check.firstError($0, from: 0, to: $0.count, atEnd: true) == nil }
            let got = bytes.withUnsafeBufferPointer { podium_utf8_valid($0.baseAddress, $0.count) != 0 }
            XCTAssertEqual(got, want, "\(bytes.map { String($0, radix: 16) })")
            if want { valid += 1 } else { invalid += 1 }
        }
        XCTAssertGreaterThan(valid, 2_000)
        XCTAssertGreaterThan(invalid, 2_000)
    }
}
