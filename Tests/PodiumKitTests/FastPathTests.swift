import Foundation
import XCTest
@testable import PodiumKit

/// The byte-level fast path for sales.csv must decide exactly as the String path does.
final class FastPathTests: XCTestCase {
    func load(_ month: MonthFixture, fast: Bool) throws -> ValidatedMonth {
        let (plan, _) = PlanLoader.load(path: month.directory + "/plan.toml", fileName: "plan.toml")
        var loader = MonthLoader(inputDirectory: month.directory, plan: try XCTUnwrap(plan), period: Period("2026-10")!)
        loader.useFastPath = fast
        guard case .loaded(let m) = loader.load() else { XCTFail("stopped"); throw CancellationError() }
        return m
    }

    func testFastAndSlowPathsAgreeOnAHostileSalesFile() throws {
        let sales = MonthFixture.salesHeader + "\n" + [
            "P1,A1,2026-10-01,壽險,100.00,10.00",            // clean
            " P2 ,\u{3000}A1\u{3000},2026/10/2, 壽險 ,\"1,000\",¥5",   // clean after trimming, other spellings
            "P1,A1,2026-10-03,壽險,100.00,10.00",            // repeat of P1
            "P1,A1,2026-10-03,壽險,-100.00,-10.00",          // cancellation: a different key
            "P3,A1,2026-10-04,壽險,100.00,-1.00",            // sign-mismatch
            "P4,A1,2026-10-04,壽險,100.00,101.00",           // fyc-exceeds-premium
            "P5,ZZ,2026-10-04,壽險,100.00,1.00",             // unknown-agent
            "P6,A1,2026-11-01,壽險,100.00,1.00",             // out-of-period
            "P7,A1,2026-10-04,\"壽\n險\",100.00,1.00",       // line-break warning, accepted
            "P8,A1,2026-10-04,壽\u{85}險,100.00,1.00",        // C1 control: bad-text
            "P9,A 1,2026-10-04,壽險,100.00,1.00",            // bad-id
            "P10,A2,2026-10-05,壽險,(50.00),(5.00)",         // negative in parentheses
            "P10,A2,2026-10-06,壽險,-50.00,-5.00",           // repeat of the cancellation
            "P11,A2,2026-10-31,壽險,0,0",                    // zero
            ",A2,2026-10-31,壽險,1,0",                       // missing policy
        ].joined(separator: "\n") + "\n"
        let month = MonthFixture(files: ["agents.csv": simpleAgents, "sales.csv": sales])
        let fast = try load(month, fast: true), slow = try load(month, fast: false)
        XCTAssertEqual(fast.sales, slow.sales)
        XCTAssertEqual(fast.counts, slow.counts)
        XCTAssertEqual(fast.diagnostics.sortedForReport(), slow.diagnostics.sortedForReport())
        XCTAssertEqual(fast.diagnostics.filter { $0.file == .sales }.sortedForReport().located, [
            "duplicate-key@4:1", "sign-mismatch@6:6", "fyc-exceeds-premium@7:6", "unknown-agent@8:2",
            "out-of-period@9:3", "line-break@10:4", "bad-text@12:4", "bad-id@13:2", "duplicate-key@15:1", "missing-value@17:1",
        ])
        // A1: 100 + 1,000 − 100 + 100 (P7) = 1,100.00; A2: −50 + 0 (the row without a policy is rejected).
        XCTAssertEqual(fast.sales[1].premium, 110_000)
        XCTAssertEqual(fast.sales[2].premium, -5_000)
    }

    func testFastAndSlowPathsAgreeOnAGeneratedMonth() throws {
        let dir = NSTemporaryDirectory() + "podium-fast-" + UUID().uuidString
        try SampleMonth(agents: 400, sales: 8000, period: Period("2026-10")!, seed: 7).write(to: dir, planText: MonthFixture.planText)
        let month = MonthFixture(directory: dir)
        let fast = try load(month, fast: true), slow = try load(month, fast: false)
        XCTAssertEqual(fast.sales, slow.sales)
        XCTAssertEqual(fast.counts, slow.counts)
        XCTAssertEqual(fast.counts[.sales]?.read, 8000)
        XCTAssertEqual(fast.diagnostics.sortedForReport(), slow.diagnostics.sortedForReport())
    }
}
