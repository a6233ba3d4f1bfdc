import XCTest
@testable import PodiumKit

/// Ordering and grouping texts by their bytes (SPEC §1.2: ids and names compare exactly).
final class ByteOrderTests: XCTestCase {
    /// By bytes, a text before every longer text it starts, including past the 16 bytes that are
    /// compared as integers; NFC é (C3 A9) after NFD e + U+0301 (65 CC 81).
    func testTextsAreOrderedByTheirBytes() {
        let a16 = String(repeating: "A", count: 16)
        let texts = ["b", "é", "ab", a16 + "b", "", a16 + "a", "e\u{301}", a16, "a", a16 + "A", a16 + "A\u{0}", a16 + "Ab"]
        let expected = ["", a16, a16 + "A", a16 + "A\u{0}", a16 + "Ab", a16 + "a", a16 + "b", "a", "ab", "b", "e\u{301}", "é"]
        let order = ByteOrder.sorted(texts.indices) { texts[$0] }
        XCTAssertEqual(order.map { Array(texts[$0].utf8) }, expected.map { Array($0.utf8) })
    }

    /// A repeated text keeps its indices in order; positions invert the order.
    func testEqualTextsKeepTheirOrderAndPositionsInvertIt() {
        let texts = ["B2", "A1", "B2", "A1"]
        XCTAssertEqual(ByteOrder.sorted(texts.indices) { texts[$0] }, [1, 3, 0, 2])
        let agents = ["C", "A", "B"].map { Agent(line: 2, id: $0, name: $0, role: "agent", managerID: nil, team: "T", region: "R", market: .mature,
                                                 hireDate: CivilDate(year: 2020, month: 1, day: 1)!, terminated: false, terminationDate: nil) }
        XCTAssertEqual(ByteOrder.positions(inOrder: ByteOrder.sorted(agents.indices) { agents[$0].id }), [2, 0, 1])
    }

    /// Groups come in the order of their first member; an NFC and an NFD spelling are two groups.
    func testGroupsByBytesInOrderOfFirstMember() {
        let names = ["T2", "Té", "T2", "Te\u{301}", "Té", "T1"]
        let ids = TextGroupIDs(count: names.count) { names[$0] }
        XCTAssertEqual(ids.of, [0, 1, 0, 2, 1, 3])
        let groups = TextGroups.grouped(names.indices, by: ids)
        XCTAssertEqual(groups.map(\.members), [[0, 2], [1, 4], [3], [5]])
        XCTAssertEqual(groups.map { Array($0.name.utf8) }, ["T2", "Té", "Te\u{301}", "T1"].map { Array($0.utf8) })
        // a subset in another order: groups in the order of their first member met, members as given
        let some = TextGroups.grouped([5, 4, 2, 1, 0], by: ids)
        XCTAssertEqual(some.map(\.members), [[5], [4, 1], [2, 0]])
        XCTAssertEqual(some.map(\.name), ["T1", "Té", "T2"])
    }
}
