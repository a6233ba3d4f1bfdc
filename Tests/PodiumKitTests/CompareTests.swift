import Foundation
import XCTest
@testable import PodiumKit

/// `podium compare` (SPEC §7.4) on the hand-worked month of ComputeTests (A1: FYC 30,000 at
/// attainment 130 %; A2: 10,000 at 50 %; A3: −75,000, a chargeback month).
final class CompareTests: XCTestCase {
    func tempDir() -> String { NSTemporaryDirectory() + "podium-compare-" + UUID().uuidString }

    func compare(_ planB: String, planA: String = ComputeTests.plan, extra: [String] = []) throws -> (PodiumOutcome, String) {
        let month = MonthFixture(files: ["agents.csv": ComputeTests.agents, "sales.csv": ComputeTests.sales,
                                         "targets.csv": ComputeTests.targets, "kpi.csv": ComputeTests.kpi], plan: planA)
        let b = month.directory + "/plan-b.toml"
        try planB.write(toFile: b, atomically: true, encoding: .utf8)
        let out = tempDir()
        let r = try runPodium(["compare", "--input", month.directory, "--period", "2026-10", "--plan", month.directory + "/plan.toml",
                               "--plan", b, "--output", out] + extra, environment: ["SOURCE_DATE_EPOCH": "1793491200"])
        return (r, out + "/2026-10-compare")
    }

    /// agent_id → delta
    func deltas(_ folder: String) throws -> [String: String] {
        let lines = try String(contentsOfFile: folder + "/compare.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "agent_id,name,role,team,total_a,total_b,delta")
        return Dictionary(uniqueKeysWithValues: lines.dropFirst().map { l in
            let f = l.split(separator: ",", omittingEmptySubsequences: false)
            return (String(f[0]), String(f[6]))
        })
    }

    func testARateChange() throws {
        // agents' rate 10 % → 12 %: A1 0.10 × 30,000 × 1.5/1.3 = 3,461.54 → 0.12 × … = 4,153.85 (+692.31);
        // A2 1,000.00 → 1,200.00 (+200.00); A3 −7,500.00 → −9,000.00 (−1,500.00); nobody else moves
        let (r, folder) = try compare(ComputeTests.plan.replacingOccurrences(of: "agent = { mature = 0.10", with: "agent = { mature = 0.12"))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try deltas(folder), ["A1": "692.31", "A2": "200.00", "A3": "-1500.00", "A4": "0.00", "A5": "0.00", "M1": "0.00", "D1": "0.00"])
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: folder)), ["compare.csv", "compare.html", "manifest.json"])
        let page = try XMLPage(bytes: Array(try XCTUnwrap(FileManager.default.contents(atPath: folder + "/compare.html"))))
        XCTAssertEqual(page.strings("//h:section[@id='changes']//h:tbody/h:tr/h:td[1]"), ["A3", "A1", "A2"], "|delta| descending")
        XCTAssertEqual(page.strings("//h:section[@id='summary']/h:h2"), ["3 / 7 人的合計改變"])
        // T1 holds M1, A1, A2, A3: two gain, one loses, one stays; +692.31 + 200.00 − 1,500.00 = −607.69
        XCTAssertEqual(page.strings("//h:section[@id='teams']//h:tbody/h:tr[h:td[1]='T1']/h:td"), ["T1", "2", "1", "1", "-¥607.69"])
        let manifest = try String(contentsOfFile: folder + "/manifest.json", encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"plans\": {\"a\": {\"name\": \"plan\""), manifest)
        XCTAssertEqual(try runPodium(["verify", folder]).status, 0)
    }

    func testATierChange() throws {
        // the second tier ×1.5 → ×2.0: only A1 reaches it: 0.10 × 30,000 × (1.0 + 0.2×2.0 + 0.1×2.0)/1.3
        // = 3,692.31 (+230.77)
        let (r, folder) = try compare(ComputeTests.plan.replacingOccurrences(of: "{ upto = 1.2, multiplier = 1.5 }", with: "{ upto = 1.2, multiplier = 2.0 }"))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try deltas(folder).filter { $0.value != "0.00" }, ["A1": "230.77"])
    }

    func testIdenticalPlansSayNoOneChanges() throws {
        let (r, folder) = try compare(ComputeTests.plan)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(try deltas(folder).values.allSatisfy { $0 == "0.00" })
        let page = try XMLPage(bytes: Array(try XCTUnwrap(FileManager.default.contents(atPath: folder + "/compare.html"))))
        XCTAssertEqual(page.strings("//h:section[@id='summary']/h:h2"), ["兩個方案下沒有任何人的合計改變"])
        XCTAssertEqual(page.strings("//h:section[@id='changes']/h:p"), ["無"])
    }

    func testAnInvalidPlanBIs78NamingIt() throws {
        let (r, folder) = try compare(ComputeTests.plan.replacingOccurrences(of: "[commission]", with: "[comission]"))
        XCTAssertEqual(r.status, 78, r.stderr)
        XCTAssertTrue(r.stderr.contains("plan-b.toml"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder))
        // plan B without a role the roster has
        let (r2, _) = try compare(ComputeTests.plan.replacingOccurrences(of: "director = { label = \"總監\", aliases = [] }\n", with: ""))
        XCTAssertEqual(r2.status, 78, r2.stderr)
        XCTAssertTrue(r2.stderr.contains("plan-b.toml"), r2.stderr)
    }
}
