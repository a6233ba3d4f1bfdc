import Foundation
import XCTest
@testable import PodiumKit

/// What an attacker or a careless user tries (the hostile-input issue): each test failed before
/// its fix — a crash (132/134/139), a hang, lost input or a wrong agent paid.
final class HostileInputTests: XCTestCase {
    func tempDir() -> String { NSTemporaryDirectory() + "podium-hostile-" + UUID().uuidString }

    func month(_ files: [String: String], plan: String = ComputeTests.plan) -> MonthFixture { MonthFixture(files: files, plan: plan) }

    var simple: [String: String] { ["agents.csv": simpleAgents, "sales.csv": MonthFixture.salesHeader + "\nP1,A1,2026-10-01,x,100.00,10.00\n"] }

    // 1. publishing never replaces the input, or a folder that is not a Podium output
    func testPublishingRefusesToReplaceItsInputsOrAForeignFolder() throws {
        let root = tempDir()
        let input = root + "/2026-10"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        for (name, text) in simple { try text.write(toFile: input + "/" + name, atomically: true, encoding: .utf8) }
        try ComputeTests.plan.write(toFile: input + "/plan.toml", atomically: true, encoding: .utf8)
        let r = try runPodium(["run", "--input", input, "--period", "2026-10", "--output", root])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("lies inside the output folder"), r.stderr)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: input)), ["agents.csv", "sales.csv", "plan.toml"])

        let out = tempDir()
        try FileManager.default.createDirectory(atPath: out + "/2026-10", withIntermediateDirectories: true)
        try "mine".write(toFile: out + "/2026-10/notes.txt", atomically: true, encoding: .utf8)
        let foreign = try runPodium(["run", "--input", month(simple).directory, "--period", "2026-10", "--output", out])
        XCTAssertEqual(foreign.status, 64, foreign.stderr)
        XCTAssertTrue(foreign.stderr.contains("is not a Podium output"), foreign.stderr)
        XCTAssertEqual(try String(contentsOfFile: out + "/2026-10/notes.txt", encoding: .utf8), "mine")

        let fileOut = tempDir()
        try FileManager.default.createDirectory(atPath: fileOut, withIntermediateDirectories: true)
        try "x".write(toFile: fileOut + "/2026-10", atomically: true, encoding: .utf8)
        XCTAssertEqual(try runPodium(["run", "--input", month(simple).directory, "--period", "2026-10", "--output", fileOut]).status, 64)
    }

    // 2. ids and team names are compared by their bytes: é (U+00E9) is not e + U+0301
    func testIdsAndTeamsAreComparedExactly() throws {
        let nfc = "\u{E9}", nfd = "e\u{301}"
        let roster = MonthFixture.agentsHeader + """

        \(nfc),甲,agent,,T\(nfc),R1,mature,2020-01-01,active,
        \(nfd),乙,agent,,T\(nfd),R1,mature,2020-01-01,active,
        X\(nfc),丙,agent,\(nfd),T1,R1,mature,2020-01-01,active,
        """
        let sales = MonthFixture.salesHeader + "\nP1,\(nfd),2026-10-01,x,100.00,10.00\nP2,Z\(nfd),2026-10-01,x,5.00,1.00\n"
        let r = try XCTUnwrap(month(["agents.csv": roster, "sales.csv": sales]).result())
        XCTAssertEqual(r.month.agents.count, 3, "the NFD row is no duplicate of its NFC twin")
        XCTAssertEqual(r.diagnostics.filter { $0.severity == .error }.located, ["unknown-agent@3:2"], "Z + NFD is unknown; the NFD sale is the NFD agent's")
        func premium(_ id: String) -> Int64 { r.agents[r.month.agents.firstIndex { ExactKey($0.id) == ExactKey(id) }!].premium.cents }
        XCTAssertEqual(premium(nfd), 10_000)
        XCTAssertEqual(premium(nfc), 0)
        XCTAssertEqual(r.tree.parent[2], 1, "X's manager is the NFD agent")
        XCTAssertEqual(Set(r.teams.map { Array($0.name.unicodeScalars) }), [Array("T\(nfc)".unicodeScalars), Array("T\(nfd)".unicodeScalars), Array("T1".unicodeScalars)])
        let names = PageNames(keys: ["T\(nfc)", "T\(nfd)"])
        XCTAssertNotEqual(names["T\(nfc)"], names["T\(nfd)"], "two teams, two pages")
    }

    // 3. money beyond 64 bits never traps
    func testAmountsPastTheLimitAreRejectedAndSumsNeverOverflow() throws {
        // 16 integer digits: its own message; leading zeros do not count
        let huge = MonthFixture.salesHeader + "\n" + (1...10).map { "P\($0),A1,2026-10-01,x,9999999999999999.99,1.00" }.joined(separator: "\n")
            + "\nP11,A1,2026-10-01,x,00000000000000001.00,1.00\n"
        let d = month(["agents.csv": simpleAgents, "sales.csv": huge]).diagnostics().filter { $0.file == .sales }
        XCTAssertEqual(d.map(\.code), Array(repeating: "bad-money", count: 10))
        XCTAssertTrue(d[0].message.contains("more than 12 digits before the point"), d[0].message)
        XCTAssertEqual(ValueParser.money("00000000000000001.00", symbols: []), 100)
        XCTAssertEqual(ValueParser.money("999,999,999,999.99", symbols: []), 99_999_999_999_999)
        XCTAssertNil(ValueParser.money("1.123456789012345678901234567890", symbols: []), "a long fraction is no amount, and does not trap")

        // 201 rows of the largest amount pass the month's limit: a file-level error, exit 65
        let many = MonthFixture.salesHeader + "\n" + (1...201).map { "P\($0),A1,2026-10-01,x,999999999999.99,1.00" }.joined(separator: "\n") + "\n"
        let big = month(["agents.csv": simpleAgents, "sales.csv": many])
        for command in [["validate"], ["run", "--output", tempDir()], ["explain", "A1"]] {
            let r = try runPodium(command + ["--input", big.directory, "--period", "2026-10"])
            XCTAssertEqual(r.status, 65, "\(command) \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("error[amount-limit]"), r.stderr)
        }
        // one such row against a 0.01 target: attainment 99,999,999,999,999 renders
        let one = month(["agents.csv": simpleAgents, "sales.csv": MonthFixture.salesHeader + "\nP1,A1,2026-10-01,x,999999999999.99,1.00\n",
                         "targets.csv": "agent_id,target_premium\nA1,0.01\n"])
        let r = try runPodium(["run", "--input", one.directory, "--period", "2026-10", "--output", tempDir(), "--keep-going"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    // 4. big plan numbers are 78 with a message, never a crash
    func testHugePlanNumbersAre78() {
        let cases = [
            ("agent = { mature = 0.10, developing = 0.10, new = 0.10 }", "agent = { mature = 1e19, developing = 0.10, new = 0.10 }", "commission.rate.agent.mature"),
            ("volume = 60\nplanning = 40", "volume = 1e308\nplanning = 40", "kpi.weights.agent.volume"),
            ("agent = { mature = 3100,", "agent = { mature = 100000000000000000,", "base_salary.agent.mature"),
            ("target = { agent = 1000,", "target = { agent = 1e308,", "kpi_bonus.target.agent"),
            ("{ min = 60, multiplier = 0.5 }", "{ min = 60, multiplier = 1e308 }", "kpi_bonus.steps[0].multiplier"),
            ("[kpi]\n", "[kpi]\ncap = 1e308\n", "kpi.cap"),
            ("{ upto = 1.0, multiplier = 1.0 }", "{ upto = 1e300, multiplier = 1.0 }", "commission.tiers[0].upto"),
        ]
        for (from, to, field) in cases {
            let text = ComputeTests.plan.replacingOccurrences(of: from, with: to)
            XCTAssertNotEqual(text, ComputeTests.plan, from)
            let (plan, d) = PlanLoader.parse(text: text, fileName: "plan.toml", defaultName: "plan")
            XCTAssertNil(plan, field)
            XCTAssertTrue(d.contains { $0.field == field }, "\(field): \(d.map(\.printed))")
        }
    }

    // 5. a FIFO or a device is never opened; 6. a failing stderr or stdout never changes the exit code
    func testSpecialFilesAre66AndOutputIsBestEffort() throws {
        let m = month(simple)
        try FileManager.default.removeItem(atPath: m.directory + "/sales.csv")
        XCTAssertEqual(mkfifo(m.directory + "/sales.csv", 0o644), 0)
        let fifo = try runPodium(["validate", "--input", m.directory, "--period", "2026-10"])
        XCTAssertEqual(fifo.status, 66, fifo.stderr)
        XCTAssertTrue(fifo.stderr.contains("is not a regular file"), fifo.stderr)
        try FileManager.default.removeItem(atPath: m.directory + "/sales.csv")
        try FileManager.default.createSymbolicLink(atPath: m.directory + "/sales.csv", withDestinationPath: "/dev/zero")
        XCTAssertEqual(try runPodium(["validate", "--input", m.directory, "--period", "2026-10"]).status, 66)
        try FileManager.default.removeItem(atPath: m.directory + "/sales.csv")
        try FileManager.default.createDirectory(atPath: m.directory + "/sales.csv", withIntermediateDirectories: false)
        let folder = try runPodium(["validate", "--input", m.directory, "--period", "2026-10"])
        XCTAssertEqual(folder.status, 66)
        XCTAssertTrue(folder.stderr.contains("is a folder, not a file"), folder.stderr)

        // 2>/dev/full: the month is published and the exit is 0
        let out = tempDir()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: podiumBinary)
        p.arguments = ["run", "--input", month(simple).directory, "--period", "2026-10", "--output", out, "--print-paths"]
        p.standardError = FileHandle(forWritingAtPath: "/dev/full")
        let pipe = Pipe()
        p.standardOutput = pipe
        try pipe.fileHandleForReading.close()   // a reader that went away: EPIPE, not SIGPIPE
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/2026-10/manifest.json"))
    }

    // 7. a long cycle costs a line per member
    func testALongCycleIsReportedInLinearSpace() throws {
        let n = 10_000
        var roster = MonthFixture.agentsHeader + "\n"
        for i in 0..<n { roster += "C\(i),n,agent,C\((i + 1) % n),T1,R1,mature,2020-01-01,active,\n" }
        let m = month(["agents.csv": roster, "sales.csv": MonthFixture.salesHeader + "\n"])
        let r = try runPodium(["validate", "--input", m.directory, "--period", "2026-10"])
        XCTAssertEqual(r.status, 65)
        let cycles = r.stderr.split(separator: "\n").filter { $0.contains("error[cycle]") }
        XCTAssertEqual(cycles.count, n)
        XCTAssertLessThan(r.stderr.utf8.count, 1000 * n, "no line lists the whole cycle")
        XCTAssertTrue(cycles[0].contains("a reporting cycle of 10000 people (C0 → C1 → C2 → C3 → C4 → … → C0); this link (C0 → C1) is dropped"), String(cycles[0]))
    }

    // 8. a director's organization from a pre-order: every member of a deep chain once
    func testOrganizationsOfADeepChainAreComplete() throws {
        var roster = MonthFixture.agentsHeader + "\nD0,d,director,,T1,R1,mature,2020-01-01,active,\nD1,d,director,D0,T1,R1,mature,2020-01-01,active,\n"
        for i in 0..<3000 { roster += "A\(i),n,agent,\(i == 0 ? "D1" : "A\(i - 1)"),T1,R1,mature,2020-01-01,active,\n" }
        let r = try XCTUnwrap(month(["agents.csv": roster, "sales.csv": MonthFixture.salesHeader + "\n"]).result())
        XCTAssertEqual(r.directors.map(\.headcount).sorted(), [3001, 3002])
        let tree = r.tree
        let (order, position, size) = tree.preorder()
        XCTAssertEqual(Set(order).count, r.month.agents.count)
        for i in r.month.agents.indices where i != 0 { XCTAssertTrue(position[i] > position[tree.parent[i] ?? i] || tree.parent[i] == nil) }
        XCTAssertEqual(size[0], r.month.agents.count)
    }

    // 9. a recursive partial is a template error (70), not a stack overflow
    func testRecursivePartialsAre70() throws {
        let templates = tempDir()
        try FileManager.default.copyItem(atPath: CSVOutputTests.repoRoot.appendingPathComponent("templates").path, toPath: templates)
        try "{{> _self}}".write(toFile: templates + "/_self.mustache", atomically: true, encoding: .utf8)
        try ("{{> _self}}\n" + String(contentsOfFile: templates + "/_foot.mustache", encoding: .utf8)).write(toFile: templates + "/_foot.mustache", atomically: true, encoding: .utf8)
        let r = try runPodium(["run", "--input", month(simple).directory, "--period", "2026-10", "--output", tempDir(), "--templates", templates])
        XCTAssertEqual(r.status, 70, r.stderr)
        XCTAssertTrue(r.stderr.contains("_self.mustache includes itself"), r.stderr)
        XCTAssertEqual(TemplateSet.partialCycle(["_a": "{{> _b}}", "_b": "{{>_a}}", "x": "{{> _a}}"]), ["_a", "_b", "_a"])
        XCTAssertNil(TemplateSet.partialCycle(["_a": "{{> _b}}", "_b": "x", "x": "{{> _a}} {{> _b}}"]))
    }

    // 11. smaller: field limits, UTF-16 messages, sample bounds
    func testFieldLimitsAndMessages() throws {
        let long = String(repeating: "長", count: 11_000)   // 33,000 bytes
        let roster = MonthFixture.agentsHeader + "\nA1,\(long),agent,,T1,R1,mature,2020-01-01,active,\nA2,乙,agent,,T1,R1,mature,2020-01-01,active,\n"
        let d = month(["agents.csv": roster, "sales.csv": MonthFixture.salesHeader + "\n"]).diagnostics()
        XCTAssertEqual(d.filter { $0.severity == .error }.located, ["field-too-long@2:2"])
        let wide = MonthFixture.agentsHeader + String(repeating: ",", count: 600) + "\n"
        XCTAssertEqual(month(["agents.csv": wide, "sales.csv": MonthFixture.salesHeader + "\n"]).diagnostics().first?.code, "field-too-long")

        // a UTF-16 file with a bad byte says UTF-16
        var utf16: [UInt8] = [0xFF, 0xFE]
        for u in (MonthFixture.salesHeader + "\n").utf16 { utf16 += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        utf16 += [0x00, 0xD8, 0x41, 0x00]   // a lone high surrogate
        let m = MonthFixture(bytes: ["agents.csv": Array(simpleAgents.utf8), "sales.csv": utf16], plan: ComputeTests.plan)
        let enc = try XCTUnwrap(m.diagnostics().first { $0.code == "encoding" })
        XCTAssertTrue(enc.message.contains("UTF-16LE"), enc.message)

        XCTAssertEqual(try runPodium(["sample", "--agents", "9223372036854775807", "--out", tempDir()]).status, 64)

        // an invisible U+FEFF inside an id is shown escaped; a long header cell is quoted short
        let bom = month(["agents.csv": simpleAgents, "sales.csv": MonthFixture.salesHeader + "\nP1,A\u{FEFF}1,2026-10-01,x,1.00,1.00\n"]).diagnostics()
        XCTAssertTrue(bom.contains { $0.code == "unknown-agent" && $0.message.contains("A\\u{feff}1") }, bom.map(\.message).joined(separator: "\n"))
        let cell = String(repeating: "x", count: 20_000)
        let header = month(["agents.csv": simpleAgents, "sales.csv": MonthFixture.salesHeader + ",\(cell)\n"]).diagnostics()
        let unknown = try XCTUnwrap(header.first { $0.code == "unknown-column" })
        XCTAssertLessThanOrEqual(unknown.field.count, Diagnostic.maxField + 1)
        XCTAssertLessThanOrEqual(unknown.value.count, Diagnostic.maxValue + 1)
        XCTAssertLessThan(unknown.message.count, 300)
    }
}
