import Foundation
import XCTest
@testable import PodiumKit

/// Month to month (SPEC §7.3) and closed months (§7.6), through the binary: every expected number
/// is worked out by hand in the comments (ComputeTests.plan: agent base 3,100 a month, commission
/// 10 % of FYC at the first multiplier ×1.0 when there is no target, no KPI score without a target
/// or kpi.csv, so no bonus).
final class ChainTests: XCTestCase {
    func tempDir() -> String { NSTemporaryDirectory() + "podium-chain-" + UUID().uuidString }

    /// October: A1 and A3 −100,000 premium / −50,000 FYC → 3,100 − 5,000 = −1,900.00 each;
    /// A2 (leaves 2026-10-31, active all October) −80,000 / −40,000 → 3,100 − 4,000 = −900.00;
    /// A4 10,000 / 2,000 → 3,100 + 200 = 3,300.00.
    static let october = [
        "agents.csv": """
        \(MonthFixture.agentsHeader)
        A1,甲,agent,,T1,R1,mature,2020-01-01,active,
        A2,乙,agent,,T1,R1,mature,2020-01-01,terminated,2026-10-31
        A3,丙,agent,,T1,R1,mature,2020-01-01,active,
        A4,丁,agent,,T1,R1,mature,2020-01-01,active,
        """,
        "sales.csv": """
        \(MonthFixture.salesHeader)
        P1,A1,2026-10-05,壽險,-100000.00,-50000.00
        P2,A2,2026-10-05,壽險,-80000.00,-40000.00
        P3,A3,2026-10-05,壽險,-100000.00,-50000.00
        P4,A4,2026-10-05,壽險,10000.00,2000.00
        """,
    ]

    /// November: A3 has left the roster; A2 is inactive (left in October) and carries −900.00 on;
    /// A1 sells 10,000 / 3,000 → 3,100 + 300 − 1,900 = 1,500.00; A4 3,100.00.
    static let november = [
        "agents.csv": """
        \(MonthFixture.agentsHeader)
        A1,甲,agent,,T1,R1,mature,2020-01-01,active,
        A2,乙,agent,,T1,R1,mature,2020-01-01,terminated,2026-10-31
        A4,丁,agent,,T1,R1,mature,2020-01-01,active,
        """,
        "sales.csv": """
        \(MonthFixture.salesHeader)
        P5,A1,2026-11-03,壽險,10000.00,3000.00
        """,
    ]

    func month(_ files: [String: String], plan: String = ComputeTests.plan) -> String {
        MonthFixture(files: files, plan: plan).directory
    }

    func run(_ input: String, _ period: String, _ out: String, _ extra: [String] = []) throws -> PodiumOutcome {
        try runPodium(["run", "--input", input, "--period", period, "--output", out] + extra,
                      environment: ["SOURCE_DATE_EPOCH": "1793491200"])
    }

    func rows(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// payouts.csv rows by agent_id: the columns from carried_in on.
    func pay(_ folder: String) throws -> [String: [String]] {
        let r = try rows(folder + "/payouts.csv")
        XCTAssertEqual(r[0].suffix(4), ["carried_in", "total", "payable", "carry_forward"])
        return Dictionary(uniqueKeysWithValues: r.dropFirst().map { ($0[0], Array($0.suffix(4))) })
    }

    func testTwoMonthChainRecoversChargebacksAndCarriesBalancesOn() throws {
        let out = tempDir()
        let first = try run(month(Self.october), "2026-10", out)
        XCTAssertEqual(first.status, 0, first.stderr)
        let firstDiagnostics = try rows(out + "/2026-10/diagnostics.csv")
        XCTAssertEqual(firstDiagnostics.filter { $0[2] == "previous" }.map { Array($0[0...5]) },
                       [["warning", "no-previous-output", "previous", "", "", ""]])
        XCTAssertEqual(try pay(out + "/2026-10"), [
            "A1": ["0.00", "-1900.00", "0.00", "-1900.00"],
            "A2": ["0.00", "-900.00", "0.00", "-900.00"],
            "A3": ["0.00", "-1900.00", "0.00", "-1900.00"],
            "A4": ["0.00", "3300.00", "3300.00", "0.00"],
        ])

        let second = try run(month(Self.november), "2026-11", out)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertFalse(try String(contentsOfFile: out + "/2026-11/diagnostics.csv", encoding: .utf8).contains("no-previous-output"))
        XCTAssertEqual(try pay(out + "/2026-11"), [
            "A1": ["-1900.00", "1500.00", "1500.00", "0.00"],
            "A2": ["-900.00", "-900.00", "0.00", "-900.00"],
            "A4": ["0.00", "3100.00", "3100.00", "0.00"],
        ])
        // A3's −1,900.00 is on line 4 of October's payouts.csv, carry_forward is its 18th column
        let diagnostics = try rows(out + "/2026-11/diagnostics.csv")
        let notCarried = try XCTUnwrap(diagnostics.first { $0[1] == "balance-not-carried" })
        XCTAssertEqual(Array(notCarried[0...5]), ["warning", "balance-not-carried", "previous", "4", "18", "carry_forward"])
        XCTAssertEqual(notCarried.last, "-1900.00")

        // the manifest records the month it was computed from, with its payouts.csv SHA-256
        let octoberPayouts = try XCTUnwrap(Digest.sha256(file: out + "/2026-10/payouts.csv")).hex
        let manifest = try String(contentsOfFile: out + "/2026-11/manifest.json", encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"previous\": {\"period\": \"2026-10\", \"path\": \"../2026-10\", \"payouts_sha256\": \"\(octoberPayouts)\"}"), manifest)

        // October overall: A4 1, A2 2, A1 and A3 tied 3. November: A1 1 (was 3), A4 2 (was 1).
        let ranks = try rows(out + "/2026-11/rankings.csv")
        XCTAssertEqual(ranks[0].last, "previous_rank")
        let overall = ranks.filter { $0[0] == "overall" }.map { [$0[2], $0[3], $0[9]] }
        XCTAssertEqual(overall, [["1", "A1", "3"], ["2", "A4", "1"]])
        let team = ranks.filter { $0[0] == "team" }.map { [$0[2], $0[3], $0[9]] }
        XCTAssertEqual(team, [["1", "A1", "3"], ["2", "A4", "1"]])

        // explain shows the balance brought in
        let explain = try runPodium(["explain", "A1", "--input", month(Self.november), "--period", "2026-11", "--output", out])
        XCTAssertEqual(explain.status, 0, explain.stderr)
        XCTAssertTrue(explain.stdout.contains("carried_in = the previous month's carry_forward = -1,900.00"), explain.stdout)
        XCTAssertTrue(explain.stdout.contains("= 1,500.00"), explain.stdout)

        // the overview: November against October, from October's payouts.csv (premium −270,000 →
        // 10,000; FYC −138,000 → 3,000; headcount 4 → 2; payable 3,300 → 4,600), A3's balance not
        // carried, and the leaderboard's movement (A1 3rd → 1st ▲2, A4 1st → 2nd ▼1)
        let index = try XMLPage(bytes: Array(try XCTUnwrap(FileManager.default.contents(atPath: out + "/2026-11/index.html"))))
        let mom = "//h:section[@id='month-on-month']//h:tbody/h:tr"
        XCTAssertEqual(index.strings("\(mom)[1]/h:td"), ["保費", "¥10,000.00", "-¥270,000.00", "¥280,000.00"])
        XCTAssertEqual(index.strings("\(mom)[2]/h:td"), ["首年佣金", "¥3,000.00", "-¥138,000.00", "¥141,000.00"])
        XCTAssertEqual(index.strings("\(mom)[3]/h:td"), ["人力", "2", "4", "-2"])
        XCTAssertEqual(index.strings("\(mom)[4]/h:td"), ["應發合計", "¥4,600.00", "¥3,300.00", "¥1,300.00"])
        XCTAssertEqual(index.strings("//h:section[@id='month-on-month']/h:p[@class='note']"), ["未結轉的欠款（已離開名冊）: 1 · -¥1,900.00"])
        XCTAssertEqual(index.strings("//h:section[@id='leaderboard']//h:tbody/h:tr/h:td[last()]"), ["▲2", "▼1"])
        let statement = try XMLPage(bytes: Array(try XCTUnwrap(FileManager.default.contents(atPath: out + "/2026-11/statements/A1.html"))))
        XCTAssertEqual(statement.strings("//h:section[@id='pay']//h:tr[h:th='上月結轉']/h:td[2]"), ["-¥1,900.00"])
        XCTAssertEqual(statement.strings("//h:td[@id='total']"), ["¥1,500.00"])

        // the chain verifies
        let chain = try runPodium(["verify", "--chain", out])
        XCTAssertEqual(chain.status, 0, chain.stdout + chain.stderr)
        XCTAssertEqual(chain.stdout.split(separator: "\n").count, 2)
    }

    /// A previous rankings.csv is outside input even when its manifest matches: ranks of 0, −5
    /// or past 32 bits are carried into previous_rank as written, never trapped on.
    func testAnyIntegerAsAPreviousRankIsKeptAsWritten() throws {
        let out = tempDir()
        XCTAssertEqual(try run(month(Self.october), "2026-10", out).status, 0)
        // October overall: A4 1, A2 2, A1 and A3 3 — rewritten to A4 0, A1 −5, A3 9,999,999,999
        let path = out + "/2026-10/rankings.csv"
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        for (k, line) in lines.enumerated() where line.hasPrefix("overall,,") {
            var f = line.components(separatedBy: ",")
            switch f[3] {
            case "A4": f[2] = "0"
            case "A1": f[2] = "-5"
            case "A3": f[2] = "9999999999"
            default: break
            }
            lines[k] = f.joined(separator: ",")
        }
        let text = lines.joined(separator: "\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let manifestPath = out + "/2026-10/manifest.json"
        var manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath))) as? [String: Any])
        var outputs = try XCTUnwrap(manifest["outputs"] as? [[String: Any]])
        let k = try XCTUnwrap(outputs.firstIndex { $0["name"] as? String == "rankings.csv" })
        outputs[k]["bytes"] = Array(text.utf8).count
        outputs[k]["sha256"] = Digest.sha256(Array(text.utf8))
        manifest["outputs"] = outputs
        try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: manifestPath))

        let r = try run(month(Self.november), "2026-11", out, ["--keep-going"])
        XCTAssertEqual(r.status, 0, r.stderr)
        // November overall: A1 1 (October's file says −5), A4 2 (it says 0)
        let overall = try rows(out + "/2026-11/rankings.csv").filter { $0[0] == "overall" }.map { [$0[2], $0[3], $0[9]] }
        XCTAssertEqual(overall, [["1", "A1", "-5"], ["2", "A4", "0"]])
    }

    func testTamperedPreviousPayoutsStopsTheRunAndPublishesNothing() throws {
        let out = tempDir()
        XCTAssertEqual(try run(month(Self.october), "2026-10", out).status, 0)
        let path = out + "/2026-10/payouts.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "-1900.00\n", with: "0.00\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try run(month(Self.november), "2026-11", out, ["--keep-going"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("previous: error[previous-output]"), r.stderr)
        XCTAssertTrue(r.stderr.contains("payouts.csv does not match its SHA-256"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/2026-11"))
    }

    func testForeignFolderAndMissingPreviousAndOtherPlan() throws {
        let out = tempDir()
        try FileManager.default.createDirectory(atPath: out + "/2026-10", withIntermediateDirectories: true)
        let r = try run(month(Self.november), "2026-11", out)
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("error[previous-output]") && r.stderr.contains("manifest"), r.stderr)

        let missing = try run(month(Self.november), "2026-11", tempDir(), ["--previous", "/nonexistent/2026-10"])
        XCTAssertEqual(missing.status, 66, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("previous: error[missing-file]"), missing.stderr)

        // a symbolic link loop where the previous month should be: 65, nothing published
        let loop = tempDir()
        try FileManager.default.createDirectory(atPath: loop, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: loop + "/2026-10", withDestinationPath: loop + "/2026-10")
        let looped = try run(month(Self.november), "2026-11", loop)
        XCTAssertEqual(looped.status, 65, looped.stderr)
        XCTAssertTrue(looped.stderr.contains("error[previous-output]"), looped.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: loop + "/2026-11"))

        // a month written by other templates, without carry_forward: 65 naming the column
        let other = tempDir()
        let templates = tempDir()
        try FileManager.default.copyItem(atPath: CSVOutputTests.repoRoot.appendingPathComponent("templates").path, toPath: templates)
        let payouts = try String(contentsOfFile: templates + "/payouts.csv.mustache", encoding: .utf8)
            .replacingOccurrences(of: ",carry_forward\n", with: "\n").replacingOccurrences(of: ",{{carry_forward}}\n", with: "\n")
        try payouts.write(toFile: templates + "/payouts.csv.mustache", atomically: true, encoding: .utf8)
        XCTAssertEqual(try run(month(Self.october), "2026-10", other, ["--templates", templates]).status, 0)
        let noColumn = try run(month(Self.november), "2026-11", other)
        XCTAssertEqual(noColumn.status, 65, noColumn.stderr)
        XCTAssertTrue(noColumn.stderr.contains("no agent_id or carry_forward column"), noColumn.stderr)

        let out2 = tempDir()
        XCTAssertEqual(try run(month(Self.october), "2026-10", out2).status, 0)
        let renamed = try run(month(Self.november, plan: "[plan]\nname = \"2027 plan\"\n" + ComputeTests.plan), "2026-11", out2)
        XCTAssertEqual(renamed.status, 0, renamed.stderr)
        XCTAssertTrue(try String(contentsOfFile: out2 + "/2026-11/diagnostics.csv", encoding: .utf8).contains("warning,previous-plan-differs,previous,,,"))
        XCTAssertEqual(try pay(out2 + "/2026-11")["A1"], ["-1900.00", "1500.00", "1500.00", "0.00"])
    }

    /// SPEC §7.6: a month a later month was computed from stays closed.
    func testClosedMonthIsRefusedThenReopenedAndTheChainMended() throws {
        let out = tempDir()
        let october = month(Self.october)
        XCTAssertEqual(try run(october, "2026-10", out).status, 0)
        let november = month(Self.november)
        XCTAssertEqual(try run(november, "2026-11", out).status, 0)
        let decemberFiles = ["agents.csv": Self.november["agents.csv"]!, "sales.csv": MonthFixture.salesHeader + "\n"]
        XCTAssertEqual(try run(month(decemberFiles), "2026-12", out).status, 0)
        XCTAssertEqual(try runPodium(["verify", "--chain", out]).status, 0)

        // a byte-identical re-run of November is harmless
        XCTAssertEqual(try run(november, "2026-11", out).status, 0)
        // one changed sale: refused, every folder still verifies
        var changed = Self.november
        changed["sales.csv"] = MonthFixture.salesHeader + "\nP5,A1,2026-11-03,壽險,10000.00,3100.00\n"
        let refused = try run(month(changed), "2026-11", out)
        XCTAssertEqual(refused.status, 73, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("previous: error[month-already-used]") && refused.stderr.contains("2026-12"), refused.stderr)
        for m in ["2026-10", "2026-11", "2026-12"] { XCTAssertEqual(try runPodium(["verify", out + "/" + m]).status, 0, m) }

        // --reopen publishes with the warning; December no longer verifies until it is run again
        let reopened = try run(month(changed), "2026-11", out, ["--reopen"])
        XCTAssertEqual(reopened.status, 0, reopened.stderr)
        XCTAssertTrue(reopened.stderr.contains("warning[later-month-stale]"), reopened.stderr)
        let stale = try runPodium(["verify", out + "/2026-12"])
        XCTAssertEqual(stale.status, 65)
        XCTAssertTrue(stale.stderr.contains("changed after this month used it"), stale.stderr)
        let broken = try runPodium(["verify", "--chain", out])
        XCTAssertEqual(broken.status, 65)
        XCTAssertTrue(broken.stdout.contains("2026-12: manifest.json: the previous month 2026-11"), broken.stdout)
        XCTAssertTrue(broken.stdout.contains("2026-10: not chained"), broken.stdout)

        XCTAssertEqual(try run(month(decemberFiles), "2026-12", out, ["--reopen"]).status, 0)
        let mended = try runPodium(["verify", "--chain", out])
        XCTAssertEqual(mended.status, 0, mended.stdout)
    }

    /// Two consecutive `podium sample` months into one folder: November's carried_in is
    /// October's carry_forward, cent for cent, for every agent on both rosters.
    func testTwoSampleMonthsChainCentForCent() throws {
        let out = tempDir(), october = tempDir(), november = tempDir()
        try SampleMonth(agents: 400, sales: 6000, period: Period("2026-10")!, seed: 9).write(to: october, planText: MonthFixture.planText)
        try SampleMonth(agents: 400, sales: 6000, period: Period("2026-11")!, seed: 9).write(to: november, planText: MonthFixture.planText)
        // big cancellations for a few long-serving agents, so that October ends with balances to recover
        let roster = try String(contentsOfFile: october + "/agents.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0[2] == "agent" && $0[8] == "active" && $0[7] < "2026-01-01" }.prefix(5)
        let sales = try FileHandle(forWritingTo: URL(fileURLWithPath: october + "/sales.csv"))
        sales.seekToEndOfFile()
        for (k, a) in roster.enumerated() { sales.write(Data("PNEG\(k),\(a[0]),2026-10-15,壽險,-900000.00,-300000.00\n".utf8)) }
        try sales.close()
        XCTAssertEqual(try run(october, "2026-10", out, ["--keep-going"]).status, 0)
        XCTAssertEqual(try run(november, "2026-11", out, ["--keep-going"]).status, 0)
        func column(_ folder: String, _ name: String) throws -> [String: String] {
            let lines = try String(contentsOfFile: folder + "/payouts.csv", encoding: .utf8).replacingOccurrences(of: "\u{FEFF}", with: "")
                .components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
            // sample names have no comma, so a plain split reads the columns
            let c = try XCTUnwrap(lines[0].firstIndex(of: name))
            return Dictionary(uniqueKeysWithValues: lines.dropFirst().map { ($0[0], $0[c]) })
        }
        let carried = try column(out + "/2026-10", "carry_forward"), carriedIn = try column(out + "/2026-11", "carried_in")
        XCTAssertGreaterThan(carried.values.filter { $0 != "0.00" }.count, 0, "October has negative balances to carry")
        for (id, balance) in carried { XCTAssertEqual(carriedIn[id], balance, id) }
        // and total = the line items + carried_in in every row of November
        let lines = try String(contentsOfFile: out + "/2026-11/payouts.csv", encoding: .utf8).components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        for line in lines {
            let f = line.components(separatedBy: ",").suffix(8).map { Decimal(string: $0)! }
            XCTAssertEqual(f[0] + f[1] + f[2] + f[3] + f[4], f[5], line)
        }
    }

    /// SPEC §5.0: a file the manifest does not list fails verify, and so does a name outside the folder.
    func testVerifyRejectsUnlistedFilesAndNamesOutsideTheFolder() throws {
        let out = tempDir()
        XCTAssertEqual(try run(month(Self.october), "2026-10", out).status, 0)
        XCTAssertEqual(try runPodium(["verify", out + "/2026-10"]).status, 0)
        try "x".write(toFile: out + "/2026-10/extra.txt", atomically: true, encoding: .utf8)
        let extra = try runPodium(["verify", out + "/2026-10"])
        XCTAssertEqual(extra.status, 65)
        XCTAssertTrue(extra.stderr.contains("extra.txt: not listed in the manifest"), extra.stderr)
        try FileManager.default.removeItem(atPath: out + "/2026-10/extra.txt")

        let manifestPath = out + "/2026-10/manifest.json"
        let manifest = try String(contentsOfFile: manifestPath, encoding: .utf8)
        try manifest.replacingOccurrences(of: "\"name\": \"teams.csv\"", with: "\"name\": \"../2026-10/teams.csv\"")
            .write(toFile: manifestPath, atomically: true, encoding: .utf8)
        let outside = try runPodium(["verify", out + "/2026-10"])
        XCTAssertEqual(outside.status, 65)
        XCTAssertTrue(outside.stderr.contains("outside the folder"), outside.stderr)
    }
}
