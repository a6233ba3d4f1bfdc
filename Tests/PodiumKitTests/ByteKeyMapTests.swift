import XCTest
@testable import PodiumKit

/// The byte-keyed map that interns agent ids and team names, looked up by its own hash or by a
/// hash the caller made ahead (the roster check hashes its ids first and prefetches).
final class ByteKeyMapTests: XCTestCase {
    /// Keys of every length around the eight-byte steps of the hash, empty and CJK ones too.
    static let keys: [String] = {
        var keys = ["", "A", "陳", "A0000001", "A00000001", "A000000000000016", "A0000000000000017", "華北一區", String(repeating: "長", count: 40)]
        for k in 0..<3_000 { keys.append("A\(String(k, radix: 7))") }
        return keys
    }()

    func testEveryKeyIsFoundWithItsOwnOrAGivenHash() {
        var map = ByteKeyMap(capacity: 4)   // grows many times on the way
        for (k, key) in Self.keys.enumerated() {
            var key = key
            let prefetched = ByteKeyMap.hash(key)
            map.prefetch(hash: prefetched)
            XCTAssertTrue(key.withUTF8 { map.insert($0, hash: prefetched, value: k) }, key)
        }
        XCTAssertEqual(map.count, Self.keys.count)
        for (k, key) in Self.keys.enumerated() {
            var key = key
            XCTAssertEqual(key.withUTF8 { map.value(for: $0) }, k, key)
            let hash = ByteKeyMap.hash(key)
            XCTAssertEqual(key.withUTF8 { map.value(for: $0, hash: hash) }, k, key)
            // a repeated key keeps its first value
            XCTAssertFalse(key.withUTF8 { map.insert($0, value: -1) }, key)
            XCTAssertEqual(key.withUTF8 { map.value(for: $0) }, k, key)
        }
        for absent in ["B", "A00000002 ", "陳陳", "a0"] {
            var absent = absent
            XCTAssertNil(absent.withUTF8 { map.value(for: $0) }, absent)
        }
    }

    /// A text's hash is its bytes' hash, whatever the text's storage (small, native, a copy of
    /// a substring) and never 0 (0 marks an empty slot).
    func testTheHashOfATextIsTheHashOfItsBytes() {
        let long = String(repeating: "業務員", count: 10)
        for text in Self.keys + [String(long.dropFirst(2)), String(long.utf8.prefix(9))!] {
            let bytes = Array(text.utf8)
            XCTAssertEqual(ByteKeyMap.hash(text), bytes.withUnsafeBufferPointer { ByteKeyMap.hash($0) }, text)
            XCTAssertNotEqual(ByteKeyMap.hash(text), 0)
        }
    }
}
