import XCTest
@testable import PodiumKit

/// The reporting tree's lists and sums, on a forest small enough to work out by hand.
final class OrgTreeTests: XCTestCase {
    //        0           4
    //      /   \
    //     1     2
    //    / \
    //   3   5
    static let parents: [Int?] = [nil, 0, 0, 1, nil, 1]

    static func tree() -> OrgTree {
        let agents = parents.indices.map { i in
            Agent(line: i + 2, id: "A\(i)", name: "N\(i)", role: "agent", managerID: parents[i].map { "A\($0)" },
                  team: "T", region: "R", market: .mature, hireDate: CivilDate(year: 2020, month: 1, day: 1)!,
                  terminated: false, terminationDate: nil)
        }
        return OrgTree(agents: agents, managers: parents)
    }

    func testDirectReportsLevelsAndOrders() {
        let t = Self.tree()
        XCTAssertEqual(t.children[0].map { $0 }, [1, 2])
        XCTAssertEqual(t.children[1].map { $0 }, [3, 5])
        for leaf in [2, 3, 4, 5] { XCTAssertEqual(t.children[leaf].map { $0 }, [], "\(leaf)") }
        XCTAssertEqual(t.level, [1, 2, 2, 3, 1, 3])
        XCTAssertEqual(t.topDown, [0, 4, 1, 2, 3, 5])
        let (order, position, size) = t.preorder()
        XCTAssertEqual(order, [0, 1, 3, 5, 2, 4])
        XCTAssertEqual(position, [0, 1, 4, 2, 5, 3])
        XCTAssertEqual(size, [5, 3, 1, 1, 1, 1])
    }

    /// Heads 0, 1 and 4 (2 is no head): 0's organization is everyone under it, 1's is 1, 3
    /// and 5, 4's itself; agent 3 left out. Each list ascending.
    func testOrganizationMembersOfHeads() {
        let t = Self.tree()
        XCTAssertEqual(t.organizationMembers(heads: [1, 4, 0]) { $0 != 3 }, [[1, 5], [4], [0, 1, 2, 5]])
        XCTAssertEqual(t.organizationMembers(heads: [2]) { _ in true }, [[2]])
        XCTAssertEqual(t.organizationMembers(heads: []) { _ in true }, [])
        // the same lists as the pre-order's runs, filtered and sorted
        let (order, position, size) = t.preorder()
        let heads = [0, 1, 2, 3, 4, 5]
        XCTAssertEqual(t.organizationMembers(heads: heads) { $0 % 2 == 0 },
                       heads.map { h in order[position[h]..<(position[h] + size[h])].filter { $0 % 2 == 0 }.sorted() })
    }

    func testSumsOverOrganizationsAndGenerations() {
        let t = Self.tree()
        // agent i's own value is i + 1
        XCTAssertEqual(t.organizationSums { Int64($0 + 1) }, [16, 12, 3, 4, 5, 6])
        let g = t.generationSums([1, 2, 3, 4, 5, 6], generations: 2)
        XCTAssertEqual(Array(g[0]), [2 + 3, 4 + 6])
        XCTAssertEqual(Array(g[1]), [4 + 6, 0])
        XCTAssertEqual(Array(g[3]), [0, 0])
    }
}
