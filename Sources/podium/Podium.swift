import ArgumentParser
import Foundation
import PodiumKit

@main
struct PodiumCommand: ParsableCommand {
    /// Output is best effort (see `BestEffortOutput`): a closed pipe must not kill a run.
    static func main() {
        BestEffortOutput.ignoreBrokenPipes()
        MemoryPolicy.apply()
        main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "podium",
        abstract: "The monthly close of a field sales organisation: validate, rank, pay, report.",
        discussion: """
        Example:
          podium validate --input exports/2026-10 --period 2026-10
          podium run --input exports/2026-10 --period 2026-10 --output output
          podium explain A000123 --input exports/2026-10 --period 2026-10

        Exit codes: 0 done, 64 usage, 65 data errors, 66 input missing, 73 output not writable,
        75 output locked, 78 plan invalid.
        """,
        version: PodiumKit.Podium.version,
        subcommands: [RunCommand.self, ValidateCommand.self, CompareCommand.self, ExplainCommand.self, VerifyCommand.self, MailCommand.self, SampleCommand.self]
    )
}

/// Options every command shares: where the month is and how to read it.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The month's folder: agents.csv, sales.csv, optional targets.csv and kpi.csv, plan.toml.", valueName: "DIR"))
    var input: String

    @Option(name: .long, help: ArgumentHelp("The month to close, YYYY-MM (default: the previous month in the plan's time zone).", valueName: "YYYY-MM"))
    var period: String?

    @Option(name: .long, help: ArgumentHelp("The incentive plan (default: DIR/plan.toml).", valueName: "FILE"))
    var plan: String?

    func validate() throws {
        if let period, Period(period) == nil {
            throw ValidationError("--period must be YYYY-MM with a year 1900–2999, e.g. 2026-10 (got \"\(period)\")")
        }
    }

    func inputs(encoding: String?) throws -> MonthInputs {
        var enc: TextEncoding?
        if let encoding {
            guard let e = TextEncoding(name: encoding) else {
                throw ValidationError("unknown --encoding \"\(encoding)\"; use \(TextEncoding.acceptedNames)")
            }
            enc = e
        }
        return MonthInputs(inputDirectory: input, period: period.flatMap(Period.init), planPath: plan, encoding: enc,
                           now: Clock.now())
    }
}

/// "Now" for the default period: `PODIUM_NOW` (ISO 8601, for tests) or the system clock.
enum Clock {
    static func now() -> Date {
        if let s = ProcessInfo.processInfo.environment["PODIUM_NOW"], let d = ISO8601DateFormatter().date(from: s) { return d }
        return Date()
    }

    /// The mail's Date: `SOURCE_DATE_EPOCH` when set, else now.
    static func mailDate() -> Date {
        if let s = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let secs = Int(s) { return Date(timeIntervalSince1970: TimeInterval(secs)) }
        return Date()
    }

    /// Generated-at for the pages: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now, in UTC.
    static func generatedAt() -> String {
        var date = Date()
        if let s = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let secs = Int(s) {
            date = Date(timeIntervalSince1970: TimeInterval(secs))
        }
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    BestEffortOutput.write(BestEffortOutput.standardError, line + "\n")
}

/// Writes many lines to standard error in blocks (a month can have tens of thousands of
/// diagnostics: one write each was a measurable part of a run), all of them before returning.
func printErrors<S: Sequence<String>>(_ lines: S) {
    for line in lines { StderrBuffer.shared.write(line + "\n", urgent: false) }
    StderrBuffer.shared.flush()
}

/// Prints the per-file summary: rows read, accepted, rejected and blank.
func printCounts(_ counts: [InputFile: FileCounts], names: (InputFile) -> String) {
    for file in InputFile.allCases {
        guard let c = counts[file] else { continue }
        printError("\(names(file)): \(c.read) rows read, \(c.accepted) accepted, \(c.rejected) rejected, \(c.blank) blank")
    }
}
