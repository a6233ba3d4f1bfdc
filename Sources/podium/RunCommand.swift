import ArgumentParser
import CPodiumSys
import Foundation
import Logging
import PodiumKit

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Close the month: validate, compute pay and rankings, publish OUTPUT/PERIOD/.",
        discussion: """
        Example:
          podium run --input exports/2026-10 --period 2026-10 --output /srv/podium
          podium run --input exports/latest --output /srv/podium --print-paths   # cron: last month

        With any input error and no --keep-going nothing is published (exit 65) and an earlier
        output of the same period stays as it was. With --keep-going rejected rows are left out,
        listed in diagnostics.csv and on the report, and the run succeeds. Publishing is atomic:
        a killed run leaves the old complete output or the new one, never a mix.
        """
    )

    @OptionGroup var options: InputOptions

    @Option(name: .long, help: ArgumentHelp("Where to publish; the month goes into OUTPUT/PERIOD/.", valueName: "DIR"))
    var output = "output"

    @Option(name: .long, help: ArgumentHelp("The previous month's published folder (default: OUTPUT/PREV/ when it exists).", valueName: "DIR"))
    var previous: String?

    @Flag(name: .long, help: "Publish even when a later published month was computed from this one (it must then be run again).")
    var reopen = false

    @Option(name: .long, help: ArgumentHelp("Mustache templates to use instead of the built-in ones.", valueName: "DIR"))
    var templates: String?

    @Option(name: .long, help: ArgumentHelp("Encoding of every input file (wins over the plan).", valueName: "E"))
    var encoding: String?

    @Option(name: .long, help: ArgumentHelp("Language of the HTML pages: zh-Hant, zh-Hans or en (wins over the plan).", valueName: "L"))
    var locale: String?

    @Flag(name: .long, help: "Leave out rejected rows and publish anyway (file-level errors still stop the run).")
    var keepGoing = false

    @Option(name: .long, help: ArgumentHelp("Wait up to this many seconds for another run on the same output folder (default 0: exit 75 at once).", valueName: "SECONDS"))
    var wait: Double = 0

    @Flag(name: .long, help: "On success, print the published files' paths on stdout, one per line (for scripts).")
    var printPaths = false

    @Flag(name: .long, help: "Print errors only.")
    var quiet = false

    @Flag(name: .long, help: "Print warnings and the stages with their timings too.")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("Log format on stderr: text or json.", valueName: "F"))
    var logFormat = "text"

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
        if let locale, ReportLocale(rawValue: locale) == nil { throw ValidationError("--locale must be zh-Hant, zh-Hans or en") }
        if StderrLogHandler.Format(rawValue: logFormat) == nil { throw ValidationError("--log-format must be text or json") }
        if wait < 0 { throw ValidationError("--wait must be 0 or more seconds") }
    }

    func run() throws {
        podium_install_signal_cleanup()
        defer { StderrBuffer.shared.flush() }
        let level: Logger.Level = quiet ? .error : (verbose ? .info : .notice)
        let format = StderrLogHandler.Format(rawValue: logFormat)!
        let clears = format == .text && TerminalProgress.isTerminal && !quiet
        let log = Logger(label: "podium") { _ in StderrLogHandler(format: format, level: level, clearsLine: clears) }
        var inputs = try options.inputs(encoding: encoding)
        inputs.progress = format == .text ? TerminalProgress.handler(quiet: quiet) : nil
        inputs.previous = previous.map { .explicit($0) } ?? .sibling(outputRoot: output)
        guard let templateDir = templates ?? TemplateSet.builtInDirectory(executablePath: CommandLine.arguments[0]) else {
            log.error("podium: cannot find the built-in templates; give --templates DIR or set PODIUM_TEMPLATES")
            throw ExitCode(66)
        }
        var request = RunRequest(inputs: inputs, outputRoot: output, templatesDirectory: templateDir,
                                 locale: locale.flatMap(ReportLocale.init), keepGoing: keepGoing, wait: wait,
                                 generatedAt: Clock.generatedAt(), reopen: reopen)
        request.processExitsAfterRun = true
        let outcome = MonthlyRun.execute(request, log: log)
        TerminalProgress.clear(quiet: quiet || format != .text)
        if outcome.exitCode == 0, printPaths, let folder = outcome.publishedFolder {
            BestEffortOutput.write(BestEffortOutput.standardOutput, outcome.files.map { (folder as NSString).appendingPathComponent($0) + "\n" }.joined())
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
