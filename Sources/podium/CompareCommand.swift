import ArgumentParser
import Foundation
import Logging
import PodiumKit
import CPodiumSys

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "What-if: compute one month under two plans and publish OUTPUT/PERIOD-compare/.",
        discussion: """
        Example:
          podium compare --input exports/2026-10 --period 2026-10 --plan plan.toml --plan plan-2027.toml

        The month is read and validated once with the first plan's [input] and [roles], then
        computed under each plan (carried_in is 0.00 under both). compare.csv has each agent's
        total under A and B and the difference; compare.html the cost by role and line item, the
        20 biggest changes and the winners and losers per team. Diagnostics are printed, not
        written. Exit codes as for run; a plan that is invalid or lacks the roster's roles is 78.
        """
    )

    @Option(name: .long, help: ArgumentHelp("The month's folder.", valueName: "DIR"))
    var input: String

    @Option(name: .long, help: ArgumentHelp("The month, YYYY-MM (default: the previous month in plan A's time zone).", valueName: "YYYY-MM"))
    var period: String?

    @Option(name: .long, help: ArgumentHelp("Plan A, then plan B: give --plan twice.", valueName: "FILE"))
    var plan: [String] = []

    @Option(name: .long, help: ArgumentHelp("Where to publish; the comparison goes into OUTPUT/PERIOD-compare/.", valueName: "DIR"))
    var output = "output"

    @Option(name: .long, help: ArgumentHelp("Mustache templates to use instead of the built-in ones.", valueName: "DIR"))
    var templates: String?

    @Option(name: .long, help: ArgumentHelp("Encoding of every input file (wins over the plan).", valueName: "E"))
    var encoding: String?

    @Flag(name: .long, help: "Leave out rejected rows and compare anyway (file-level errors still stop).")
    var keepGoing = false

    @Option(name: .long, help: ArgumentHelp("Wait up to this many seconds for another run on the same output folder.", valueName: "SECONDS"))
    var wait: Double = 0

    @Flag(name: .long, help: "Print errors only.")
    var quiet = false

    @Flag(name: .long, help: "Print warnings too.")
    var verbose = false

    func validate() throws {
        guard plan.count == 2 else { throw ValidationError("give exactly two plans: --plan A.toml --plan B.toml") }
        if let period, Period(period) == nil { throw ValidationError("--period must be YYYY-MM, e.g. 2026-10") }
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
        if wait < 0 { throw ValidationError("--wait must be 0 or more seconds") }
        if let encoding, TextEncoding(name: encoding) == nil { throw ValidationError("unknown --encoding \"\(encoding)\"; use \(TextEncoding.acceptedNames)") }
    }

    func run() throws {
        podium_install_signal_cleanup()
        defer { StderrBuffer.shared.flush() }
        let level: Logger.Level = quiet ? .error : (verbose ? .info : .notice)
        let log = Logger(label: "podium") { _ in StderrLogHandler(format: .text, level: level, clearsLine: false) }
        guard let templateDir = templates ?? TemplateSet.builtInDirectory(executablePath: CommandLine.arguments[0]) else {
            log.error("podium: cannot find the built-in templates; give --templates DIR or set PODIUM_TEMPLATES")
            throw ExitCode(66)
        }
        let inputs = MonthInputs(inputDirectory: input, period: period.flatMap(Period.init), planPath: plan[0],
                                 encoding: encoding.flatMap(TextEncoding.init(name:)), now: Clock.now())
        let request = CompareRequest(inputs: inputs, planB: plan[1], outputRoot: output, templatesDirectory: templateDir,
                                     keepGoing: keepGoing, wait: wait, generatedAt: Clock.generatedAt())
        let outcome = PlanComparison.execute(request, log: log)
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
