import Foundation
import XCTest
@testable import PodiumKit

/// What a cron job relies on: atomic publish, the lock, reproducible bytes, the manifest, faults.
final class CronTests: XCTestCase {
    var example: String { EndToEndTests.root.appendingPathComponent("examples/2026-10").path }

    func tempDir() -> String { NSTemporaryDirectory() + "podium-cron-" + UUID().uuidString }

    /// Every file under `folder`, relative path → bytes.
    func tree(_ folder: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for path in FileManager.default.subpaths(atPath: folder) ?? [] {
            var isDir: ObjCBool = false
            let full = folder + "/" + path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                out[path] = FileManager.default.contents(atPath: full)
            }
        }
        return out
    }

    func run(_ args: [String], env: [String: String] = [:]) throws -> EndToEndTests.Outcome {
        try runPodium(args, environment: env)
    }

    /// `--verbose` says how long each stage took, how fast each input was read, and the peak memory.
    func testVerboseRunReportsStagesWithSpeedAndPeakMemory() throws {
        let out = tempDir()
        let r = try run(["run", "--input", example, "--period", "2026-10", "--output", out, "--verbose"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let sales = try XCTUnwrap(lines.first { $0.contains("read and checked sales.csv in ") }, r.stderr)
        XCTAssertTrue(sales.contains(" MB/s; peak "), sales)
        let rendered = try XCTUnwrap(lines.first { $0.hasPrefix("podium: rendered ") }, r.stderr)
        // the peak of a whole run is at least what the process holds: well over a mebibyte
        let peak = try XCTUnwrap(rendered.split(separator: "peak ").last?.split(separator: " ").first.flatMap { Int($0) }, rendered)
        XCTAssertGreaterThan(peak, 1)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(PeakMemory.bytes()), 1 << 20)
    }

    /// The log is written in blocks when stderr is not a terminal: a month with far more than a
    /// block of warnings still logs every one, in report order, between the stage lines, and the
    /// summary comes last.
    func testBlockWrittenLogKeepsEveryLineInOrder() throws {
        let dir = tempDir(), out = tempDir()
        try SampleMonth(agents: 1500, sales: 3000, period: Period("2026-10")!, seed: 5).write(to: dir, planText: MonthFixture.planText)
        try "agent_id,planning,process,admin,attitude\n".write(toFile: dir + "/kpi.csv", atomically: true, encoding: .utf8)
        let r = try run(["run", "--input", dir, "--period", "2026-10", "--output", out, "--verbose", "--keep-going"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let warnings = lines.filter { $0.contains(": warning[missing-kpi]: ") }
        XCTAssertGreaterThan(warnings.joined(separator: "\n").utf8.count, 1 << 16)   // more than one block
        // the same warnings as diagnostics.csv, in its order
        let csv = try String(contentsOfFile: out + "/2026-10/diagnostics.csv", encoding: .utf8)
        let csvLines = csv.split(whereSeparator: \.isNewline).filter { $0.contains(",missing-kpi,") }.map { $0.split(separator: ",")[3] }
        XCTAssertEqual(warnings.map { $0.split(separator: ":")[1] }, csvLines)
        let computed = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("podium: read, validated and computed") })
        let rendered = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("podium: rendered ") })
        let first = try XCTUnwrap(lines.firstIndex { $0.contains(": warning[missing-kpi]: ") })
        let last = try XCTUnwrap(lines.lastIndex { $0.contains(": warning[missing-kpi]: ") })
        XCTAssertLessThan(computed, first)
        XCTAssertLessThan(last, rendered)
        XCTAssertTrue(lines.last?.contains("published to") == true, lines.last ?? "")
    }

    func testSameInputsAndSourceDateEpochGiveIdenticalBytes() throws {
        let a = tempDir(), b = tempDir()
        for out in [a, b] {
            let r = try run(["run", "--input", example, "--period", "2026-10", "--output", out], env: ["SOURCE_DATE_EPOCH": "1793491200"])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let ta = tree(a + "/2026-10"), tb = tree(b + "/2026-10")
        XCTAssertGreaterThan(ta.count, 40)
        XCTAssertEqual(Set(ta.keys), Set(tb.keys))
        for (k, v) in ta { XCTAssertEqual(v, tb[k], k) }
        let manifest = String(decoding: ta["manifest.json"]!, as: UTF8.self)
        XCTAssertTrue(manifest.contains("\"generated_at\": \"2026-11-01T00:00:00Z\""), manifest)
        XCTAssertFalse(manifest.contains(NSTemporaryDirectory()), "no absolute paths")
    }

    func testVerifyCatchesAOneByteChange() throws {
        let out = tempDir()
        XCTAssertEqual(try run(["run", "--input", example, "--period", "2026-10", "--output", out]).status, 0)
        let folder = out + "/2026-10"
        XCTAssertEqual(try run(["verify", folder]).status, 0)
        let payouts = folder + "/payouts.csv"
        var data = try XCTUnwrap(FileManager.default.contents(atPath: payouts))
        data[data.count - 5] = data[data.count - 5] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        try data.write(to: URL(fileURLWithPath: payouts))
        let r = try run(["verify", folder])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("payouts.csv: SHA-256"), r.stderr)
        XCTAssertEqual(try run(["verify", out]).status, 66, "no manifest there")
    }

    func testManifestRecordsInputsAndOutputs() throws {
        let out = tempDir()
        XCTAssertEqual(try run(["run", "--input", example, "--period", "2026-10", "--output", out]).status, 0)
        let json = try JSONSerialization.jsonObject(with: try XCTUnwrap(FileManager.default.contents(atPath: out + "/2026-10/manifest.json"))) as! [String: Any]
        XCTAssertEqual(json["period"] as? String, "2026-10")
        let inputs = json["inputs"] as! [[String: Any]]
        XCTAssertEqual(inputs.map { $0["name"] as! String }, ["agents.csv", "sales.csv", "targets.csv", "kpi.csv", "visits.csv"])
        let sales = inputs[1]
        XCTAssertEqual(sales["rows_read"] as? Int, 139)
        // visits.csv: 110 rows written, every one accepted (read = accepted + rejected)
        XCTAssertEqual([inputs[4]["rows_read"] as? Int, inputs[4]["rows_accepted"] as? Int, inputs[4]["rows_rejected"] as? Int], [110, 110, 0])
        XCTAssertEqual(sales["sha256"] as? String, Digest.sha256(file: example + "/sales.csv")?.hex)
        let outputs = (json["outputs"] as! [[String: Any]]).map { $0["name"] as! String }
        XCTAssertTrue(outputs.contains("payouts.csv"))
        XCTAssertTrue(outputs.contains("statements/A0001.html"))
        XCTAssertEqual((json["plan"] as! [String: Any])["name"] as? String, "2026 年度營銷激勵方案")
    }

    func testASecondRunOnALockedFolderExits75OrWaits() throws {
        let out = tempDir()
        var lock: OutputLock? = try OutputLock(outputRoot: out, wait: 0)
        let r = try run(["run", "--input", example, "--period", "2026-10", "--output", out])
        XCTAssertEqual(r.status, 75)
        XCTAssertTrue(r.stderr.contains("pid \(getpid())"), r.stderr)
        let (waiting, _, _) = try startPodium(["run", "--input", example, "--period", "2026-10", "--output", out, "--wait", "20", "--quiet"])
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertTrue(waiting.isRunning, "the second run waits for the lock")
        lock = nil
        waiting.waitUntilExit()
        XCTAssertEqual(waiting.terminationStatus, 0)
        XCTAssertNil(lock)
    }

    func testUnwritableOutputIs73() throws {
        let file = tempDir()
        try "not a folder".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try run(["run", "--input", example, "--period", "2026-10", "--output", file + "/out"])
        XCTAssertEqual(r.status, 73, r.stderr)
        XCTAssertFalse(r.stderr.contains("Fatal error"), "no stack trace")
    }

    func testPrintPathsListsThePublishedFiles() throws {
        let out = tempDir()
        let r = try run(["run", "--input", example, "--period", "2026-10", "--output", out, "--print-paths", "--quiet"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stderr, "", "--quiet prints nothing on success")
        let paths = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(paths.contains(out + "/2026-10/payouts.csv"))
        XCTAssertTrue(paths.allSatisfy { FileManager.default.fileExists(atPath: $0) })
    }

    func testJSONLogFormat() throws {
        let r = try run(["run", "--input", example, "--period", "2026-10", "--output", tempDir(), "--log-format", "json"])
        XCTAssertEqual(r.status, 0)
        let line = try XCTUnwrap(r.stderr.split(separator: "\n").last)
        let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        XCTAssertEqual(obj?["level"] as? String, "notice")
        XCTAssertTrue((obj?["message"] as? String ?? "").hasPrefix("podium: 2026-10 published to "))
    }

    func testDefaultPeriodIsLastMonthInThePlansTimeZone() throws {
        // 2026-11-30T17:00Z is already 1 December in Shanghai: the default period is November.
        let r = try run(["validate", "--input", example], env: ["PODIUM_NOW": "2026-11-30T17:00:00Z"])
        XCTAssertTrue(r.stderr.contains("podium: 2026-11:"), r.stderr)
        XCTAssertEqual(MonthInputs.defaultPeriod(now: ISO8601DateFormatter().date(from: "2026-01-15T00:00:00Z")!, timezone: "UTC").description, "2025-12")
    }

    /// Kills runs at several moments; the period folder must always be the old complete output
    /// or the new complete one, never a mix (its manifest verifies).
    func testKilledRunsNeverLeaveAHalfPublishedFolder() throws {
        let month = tempDir(), out = tempDir()
        XCTAssertEqual(try run(["sample", "--agents", "1500", "--sales", "20000", "--out", month]).status, 0)
        XCTAssertEqual(try run(["run", "--input", month, "--period", "2026-10", "--output", out, "--quiet"]).status, 0)
        let folder = out + "/2026-10"
        for (i, delay) in [0.2, 0.8, 1.6, 2.5, 3.5].enumerated() {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: podiumBinary)
            p.arguments = ["run", "--input", month, "--period", "2026-10", "--output", out, "--quiet"]
            p.environment = ["PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": String(1_793_491_200 + i)]
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, i == 4 ? SIGTERM : SIGKILL)
            p.waitUntilExit()
            if i == 4 && p.terminationReason == .exit { XCTAssertTrue([0, 143].contains(p.terminationStatus)) }
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/manifest.json"), "after kill \(i)")
            XCTAssertEqual(try OutputVerifier.verify(folder: folder), [], "after kill \(i) at \(delay) s")
        }
        // The next run cleans up what the killed ones left and publishes.
        XCTAssertEqual(try run(["run", "--input", month, "--period", "2026-10", "--output", out, "--quiet"]).status, 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.contains(".tmp-") || $0.contains(".old-") }
        XCTAssertEqual(leftovers, [])
    }
}

/// The README's cron recipe, run for real with a stand-in `sendmail`, and the message read back
/// with Python's e-mail parser.
final class MailRecipeTests: XCTestCase {
    func testCronScriptMailsPayoutsOnlyAfterASuccessfulRun() throws {
        let root = EndToEndTests.root.path
        let work = NSTemporaryDirectory() + "podium-mail-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let fakeSendmail = work + "/sendmail"
        try "#!/bin/sh\ncat > \"$(dirname \"$0\")/sent.eml\"\n".write(toFile: fakeSendmail, atomically: true, encoding: .utf8)
        chmod(fakeSendmail, 0o755)
        func cron(_ input: String) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = [root + "/scripts/monthly-close.sh", input, work + "/out", "finance@example.com"]
            p.environment = ["PATH": "/usr/bin:/bin", "PODIUM": podiumBinary, "SENDMAIL": fakeSendmail,
                             "PODIUM_MAIL_FROM": "podium@example.com", "PODIUM_NOW": "2026-11-01T02:00:00+08:00",
                             "SOURCE_DATE_EPOCH": "1793491200"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        // A month with a missing sales file: no mail.
        let broken = MonthFixture(files: ["agents.csv": simpleAgents])
        XCTAssertEqual(try cron(broken.directory), 66)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/sent.eml"))
        // The example month: mailed, with payouts.csv attached byte for byte.
        XCTAssertEqual(try cron(root + "/examples/2026-10"), 0)
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", """
        import email, sys
        from email import policy
        m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
        assert m['To'] == 'finance@example.com', m['To']
        assert m['Subject'] == 'Podium payouts 2026-10', m['Subject']
        parts = {p.get_filename(): p.get_content() for p in m.iter_attachments()}
        data = parts['payouts-2026-10.csv']
        data = data.encode('utf-8') if isinstance(data, str) else data
        assert data == open(sys.argv[2], 'rb').read(), 'attachment differs'
        assert 'manifest-2026-10.json' in parts
        assert parts['payouts-2026-10.xlsx'] == open(sys.argv[3], 'rb').read(), 'xlsx attachment differs'
        body = m.get_body(preferencelist=('plain',)).get_content()
        assert 'SHA-256 of payouts.xlsx' in body and 'carried_in is 0.00' in body, body
        print('ok')
        """, work + "/sent.eml", work + "/out/2026-10/payouts.csv", work + "/out/2026-10/payouts.xlsx"]
        let out = Pipe()
        check.standardOutput = out
        try check.run()
        check.waitUntilExit()
        XCTAssertEqual(check.terminationStatus, 0)
        XCTAssertEqual(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), "ok\n")
    }
}

/// An installed binary (PREFIX/bin/podium) finds its templates in PREFIX/share/podium/templates,
/// whatever the working directory.
final class InstallLayoutTests: XCTestCase {
    func testInstalledBinaryFindsItsTemplates() throws {
        let prefix = NSTemporaryDirectory() + "podium-prefix-" + UUID().uuidString
        let fm = FileManager.default
        try fm.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: prefix + "/share/podium", withIntermediateDirectories: true)
        try fm.copyItem(atPath: podiumBinary, toPath: prefix + "/bin/podium")
        try fm.copyItem(atPath: EndToEndTests.root.appendingPathComponent("templates").path, toPath: prefix + "/share/podium/templates")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: prefix + "/bin/podium")
        p.arguments = ["run", "--input", EndToEndTests.root.appendingPathComponent("examples/2026-10").path,
                       "--period", "2026-10", "--output", prefix + "/out", "--quiet"]
        p.environment = ["PATH": "/usr/bin:/bin"]
        p.currentDirectoryURL = URL(fileURLWithPath: "/")
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertTrue(fm.fileExists(atPath: prefix + "/out/2026-10/index.html"))
    }
}

/// The durable step flushes each file Podium wrote (and only those): a file it wrote that is gone
/// by the time of the flush fails the publish (73's error), the old output stays.
final class DurablePublishTests: XCTestCase {
    func testEveryWrittenFileIsFlushedBeforeTheSwap() throws {
        let root = NSTemporaryDirectory() + "podium-durable-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let publisher = Publisher(outputRoot: root, name: "2026-10")
        try publisher.publish([RenderedFile(path: "a.csv", bytes: Array("old\n".utf8))])

        let staging = try publisher.begin()
        _ = try staging.write(RenderedFile(path: "a.csv", bytes: Array("new\n".utf8)))
        _ = try staging.write(RenderedFile(path: "statements/x.html", bytes: Array("<p/>".utf8)))
        try FileManager.default.removeItem(atPath: staging.path + "/statements/x.html")
        XCTAssertThrowsError(try publisher.commit(staging)) { error in
            XCTAssertTrue("\(error)".contains("statements/x.html"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: staging.path), "the staging folder is removed")
        XCTAssertEqual(try String(contentsOfFile: root + "/2026-10/a.csv", encoding: .utf8), "old\n")

        let again = try publisher.begin()
        _ = try again.write(RenderedFile(path: "a.csv", bytes: Array("new\n".utf8)))
        try publisher.commit(again)
        XCTAssertEqual(try String(contentsOfFile: root + "/2026-10/a.csv", encoding: .utf8), "new\n")
    }
}
