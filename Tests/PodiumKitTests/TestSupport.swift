import Foundation
import XCTest
@testable import PodiumKit

/// A month folder written from strings (or bytes) in a temporary directory.
struct MonthFixture {
    let directory: String

    static let agentsHeader = "agent_id,name,role,manager_id,team,region,market,hire_date,status,termination_date"
    static let salesHeader = "policy_id,agent_id,date,product,premium,fyc"

    /// The example plan shipped with the tests (the SPEC §4 example).
    static var planText: String {
        let url = Bundle.module.url(forResource: "Fixtures/plan", withExtension: "toml")!
        return try! String(contentsOf: url, encoding: .utf8)
    }

    init(files: [String: String], plan: String? = MonthFixture.planText) {
        self.init(bytes: files.mapValues { Array($0.utf8) }, plan: plan)
    }

    init(bytes: [String: [UInt8]], plan: String? = MonthFixture.planText) {
        directory = NSTemporaryDirectory() + "podium-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, data) in bytes {
            _ = FileManager.default.createFile(atPath: directory + "/" + name, contents: Data(data))
        }
        if let plan { _ = FileManager.default.createFile(atPath: directory + "/plan.toml", contents: Data(plan.utf8)) }
    }

    /// An existing folder.
    init(directory: String) { self.directory = directory }

    func prepare(period: String = "2026-10", encoding: TextEncoding? = nil) -> PreparedMonth {
        MonthPipeline.prepare(MonthInputs(inputDirectory: directory, period: Period(period), encoding: encoding))
    }

    /// The computed month; fails the test when the month stopped.
    func result(file: StaticString = #filePath, line: UInt = #line) -> CloseResult? {
        switch prepare() {
        case .ready(_, let r): return r
        case .stopped(let d, let code, _):
            XCTFail("stopped with \(code): \(d.map(\.printed))", file: file, line: line)
            return nil
        }
    }

    func diagnostics() -> [Diagnostic] {
        switch prepare() {
        case .ready(_, let r): return r.diagnostics
        case .stopped(let d, _, _): return d
        }
    }
}

/// A one-line roster with a manager, for tests that are about other files.
let simpleAgents = """
agent_id,name,role,manager_id,team,region,market,hire_date,status,termination_date
M1,經理,manager,,T1,R1,mature,2020-01-01,active,
A1,王小明,agent,M1,T1,R1,mature,2020-01-01,active,
A2,李小華,agent,M1,T1,R1,mature,2020-01-01,active,

"""

extension Array where Element == Diagnostic {
    /// `code@line:column` of each diagnostic, for compact assertions.
    var located: [String] {
        map { "\($0.code)@\($0.line.map(String.init) ?? "-"):\($0.column.map(String.init) ?? "-")" }
    }
}

/// What running the podium binary gave.
struct PodiumOutcome {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The built podium binary (make test builds it before the tests).
var podiumBinary: String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    for config in ["debug", "release"] {
        let path = root.appendingPathComponent(".build/\(config)/podium").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return root.appendingPathComponent(".build/debug/podium").path
}

/// Starts podium with a minimal environment (no HOME, LANG or TERM) and no stdin.
func startPodium(_ args: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: podiumBinary)
    p.arguments = args
    p.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { _, b in b }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    return (p, out, err)
}

/// Runs podium to the end.
func runPodium(_ args: [String], environment: [String: String] = [:]) throws -> PodiumOutcome {
    let (p, out, err) = try startPodium(args, environment: environment)
    // stderr is drained beside stdout: a child that fills one pipe while we wait on the other blocks
    nonisolated(unsafe) var e = Data()
    let drained = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        e = err.fileHandleForReading.readDataToEndOfFile()
        drained.signal()
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    drained.wait()
    p.waitUntilExit()
    return PodiumOutcome(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}
