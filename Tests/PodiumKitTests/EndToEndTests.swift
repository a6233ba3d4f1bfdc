import Foundation
import XCTest

/// Runs the built `podium` binary as a user (or cron) would: exit codes, stderr and files.
final class EndToEndTests: XCTestCase {
    static let root = CSVOutputTests.repoRoot

    typealias Outcome = PodiumOutcome
    static var binary: String { podiumBinary }

    func podium(_ args: [String], environment: [String: String] = [:]) throws -> Outcome {
        try runPodium(args, environment: environment)
    }

    var example: String { Self.root.appendingPathComponent("examples/2026-10").path }

    func testBinaryExists() {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.binary), "build podium first (make test does)")
    }

    func testValidateTheExampleMonth() throws {
        let r = try podium(["validate", "--input", example, "--period", "2026-10"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("agents.csv: 38 rows read, 38 accepted, 0 rejected, 0 blank"), r.stderr)
        XCTAssertTrue(r.stderr.contains("sales.csv: 139 rows read, 139 accepted, 0 rejected, 0 blank"), r.stderr)
    }

    func testRunPublishesEveryCSVFile() throws {
        let out = NSTemporaryDirectory() + "podium-e2e-" + UUID().uuidString
        let r = try podium(["run", "--input", example, "--period", "2026-10", "--output", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("podium: 2026-10 published to \(out)/2026-10"), r.stderr)
        for f in ["payouts.csv", "rankings.csv", "teams.csv", "regions.csv", "directors.csv", "diagnostics.csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/2026-10/\(f)"), f)
        }
        let payouts = try String(contentsOfFile: "\(out)/2026-10/payouts.csv", encoding: .utf8)
        XCTAssertEqual(payouts.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 39)
    }

    func testDataErrorsExit65AndPublishNothingWithoutKeepGoing() throws {
        let fixture = MonthFixture(files: ["agents.csv": simpleAgents,
                                           "sales.csv": MonthFixture.salesHeader + "\nP1,A1,2026-10-01,x,\"12,3x\",1\n"])
        let out = NSTemporaryDirectory() + "podium-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: "\(out)/2026-10", withIntermediateDirectories: true)
        try "old".write(toFile: "\(out)/2026-10/payouts.csv", atomically: true, encoding: .utf8)
        try "{}".write(toFile: "\(out)/2026-10/manifest.json", atomically: true, encoding: .utf8)   // an earlier output
        let r = try podium(["run", "--input", fixture.directory, "--period", "2026-10", "--output", out])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("sales.csv:2:5: error[bad-money]: premium \"12,3x\" is not an amount (e.g. 1234.50)"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: "\(out)/2026-10/payouts.csv", encoding: .utf8), "old")
        let kept = try podium(["run", "--input", fixture.directory, "--period", "2026-10", "--output", out, "--keep-going"])
        XCTAssertEqual(kept.status, 0, kept.stderr)
        XCTAssertTrue(try String(contentsOfFile: "\(out)/2026-10/payouts.csv", encoding: .utf8).contains("A1,"))
        let validate = try podium(["validate", "--input", fixture.directory, "--period", "2026-10"])
        XCTAssertEqual(validate.status, 65)
        XCTAssertTrue(validate.stderr.contains("sales.csv: 1 rows read, 0 accepted, 1 rejected, 0 blank"), validate.stderr)
    }

    func testMissingFileIs66PlanErrorIs78UsageIs64() throws {
        let missing = MonthFixture(files: ["agents.csv": simpleAgents])
        let r66 = try podium(["validate", "--input", missing.directory, "--period", "2026-10"])
        XCTAssertEqual(r66.status, 66)
        XCTAssertTrue(r66.stderr.contains("sales.csv: error[missing-file]"), r66.stderr)

        let badPlan = MonthFixture(files: ["agents.csv": simpleAgents, "sales.csv": MonthFixture.salesHeader + "\n"],
                                   plan: MonthFixture.planText.replacingOccurrences(of: "[ranking]", with: "[rankings]"))
        let r78 = try podium(["run", "--input", badPlan.directory, "--period", "2026-10", "--output", NSTemporaryDirectory()])
        XCTAssertEqual(r78.status, 78)
        XCTAssertTrue(r78.stderr.contains("error[unknown-key]: rankings: unknown key `rankings`; did you mean `ranking`?"), r78.stderr)

        XCTAssertEqual(try podium(["run", "--input", example, "--period", "2026-13"]).status, 64)
        XCTAssertEqual(try podium(["validate", "--input", example, "--encoding", "latin1"]).status, 64)
    }

    func testExplainShowsEachPayLineWithItsFormula() throws {
        let r = try podium(["explain", "A0001", "--input", example, "--period", "2026-10"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("commission = "), r.stdout)
        XCTAssertTrue(r.stdout.contains("total = "), r.stdout)
        XCTAssertEqual(try podium(["explain", "NOBODY", "--input", example, "--period", "2026-10"]).status, 65)
    }

    func testHelpShowsAnExample() throws {
        for command in ["run", "validate", "explain"] {
            let r = try podium([command, "--help"])
            XCTAssertEqual(r.status, 0)
            XCTAssertTrue(r.stdout.contains("Example:"), command)
        }
    }
}
