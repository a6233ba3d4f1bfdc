import XCTest
@testable import PodiumKit

/// The rows a national month holds hundreds of thousands of are packed; their properties read
/// back what was stored, absent values included.
final class PackedRowsTests: XCTestCase {
    func testDimensionTableKeepsEachScoreAndItsAbsence() {
        var t = DimensionTable<Int64>()
        XCTAssertTrue(KPIDimension.allCases.allSatisfy { t[$0] == nil })
        t[.volume] = 12_000
        t[.attitude] = 0
        t[.growth] = -1
        XCTAssertEqual(t[.volume], 12_000)
        XCTAssertEqual(t[.attitude], 0, "a score of 0 is present, not absent")
        XCTAssertEqual(t[.growth], -1)
        XCTAssertNil(t[.planning])
        var u = t
        XCTAssertEqual(u, t)
        u[.volume] = nil
        XCTAssertNil(u[.volume])
        XCTAssertNotEqual(u, t)
        XCTAssertLessThanOrEqual(MemoryLayout<DimensionTable<Int64>>.stride, 56)
    }

    func testCivilDateComponentsAndLimits() {
        let d = CivilDate(year: 2026, month: 2, day: 28)!
        XCTAssertEqual([d.year, d.month, d.day], [2026, 2, 28])
        XCTAssertEqual(d.description, "2026-02-28")
        XCTAssertEqual(d.dayNumber, 20_512)   // 56 years of 365 days + 14 leap days + 31 + 27
        XCTAssertNil(CivilDate(year: 2026, month: 2, day: 29))
        XCTAssertNil(CivilDate(year: Int(Int32.max) + 1, month: 1, day: 1), "a year past 32 bits is no date")
        XCTAssertLessThan(CivilDate(year: 2025, month: 12, day: 31)!, d)
        XCTAssertEqual(MemoryLayout<CivilDate>.stride, 8)
    }

    func testRankingRowKeepsRanksValuesAndScope() {
        var r = RankingRow(scope: .team, scopeName: "T1", rank: 3, agentIndex: 7, metric: .premium, value: nil)
        XCTAssertEqual(r.scope, "team")
        XCTAssertEqual(r.rank, 3)
        XCTAssertNil(r.value)
        XCTAssertNil(r.previousRank)
        r.previousRank = 1
        r.value = 0
        r.rank = nil
        XCTAssertEqual(r.previousRank, 1)
        XCTAssertEqual(r.value, 0)
        XCTAssertNil(r.rank)
        // a previous rankings.csv is outside input: whatever integer it says is kept, never trapped on
        for previous in [0, -5, Int.max] {
            r.previousRank = previous
            XCTAssertEqual(r.previousRank, previous)
        }
        XCTAssertEqual(MemoryLayout<RankingRow>.stride, 48)
    }

    func testKPIRowKeepsEachScoreAndItsAbsence() {
        var k = KPIRow(line: 4, planning: 8750, process: nil, admin: 0, attitude: 10_000)
        XCTAssertEqual([k.planning, k.process, k.admin, k.attitude], [8750, nil, 0, 10_000])
        XCTAssertEqual(k.score(.planning), 8750)
        XCTAssertNil(k.score(.volume))
        k.process = 9999
        k.planning = nil
        XCTAssertEqual([k.planning, k.process], [nil, 9999])
        XCTAssertNotEqual(k, KPIRow(line: 4, planning: 8750, process: nil, admin: 0, attitude: 10_000))
    }

    /// A month holds a target and a kpi row (or none) per agent: the rows stay small.
    func testKeyedRowsAreSmall() {
        XCTAssertEqual(MemoryLayout<TargetRow?>.stride, 48)
        XCTAssertEqual(MemoryLayout<KPIRow?>.stride, 32)
    }
}
