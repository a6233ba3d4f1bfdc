import ArgumentParser
import Foundation
import PodiumKit

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Close the month: validate, compute pay and rankings, publish OUTPUT/PERIOD/.",
        discussion: """
        Example:
          podium run --input exports/2026-10 --period 2026-10 --output /srv/podium

        With any input error and no --keep-going nothing is published (exit 65) and an earlier
        output of the same period stays as it was. With --keep-going rejected rows are left out,
        listed in diagnostics.csv, and the run succeeds.
        """
    )

    @OptionGroup var options: InputOptions

    @Option(name: .long, help: ArgumentHelp("Where to publish; the month goes into OUTPUT/PERIOD/.", valueName: "DIR"))
    var output = "output"

    @Option(name: .long, help: ArgumentHelp("Mustache templates to use instead of the built-in ones.", valueName: "DIR"))
    var templates: String?

    @Option(name: .long, help: ArgumentHelp("Encoding of every input file (wins over the plan).", valueName: "E"))
    var encoding: String?

    @Option(name: .long, help: ArgumentHelp("Language of the HTML pages: zh-Hant, zh-Hans or en (wins over the plan).", valueName: "L"))
    var locale: String?

    @Flag(name: .long, help: "Leave out rejected rows and publish anyway (file-level errors still stop the run).")
    var keepGoing = false

    @Flag(name: .long, help: "Print errors only.")
    var quiet = false

    @Flag(name: .long, help: "Print warnings too.")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
        if let locale, ReportLocale(rawValue: locale) == nil { throw ValidationError("--locale must be zh-Hant, zh-Hans or en") }
    }

    func run() throws {
        let started = Date()
        let inputs = try options.inputs(encoding: encoding)
        guard let templateDir = templates ?? TemplateSet.builtInDirectory(executablePath: CommandLine.arguments[0]) else {
            printError("podium: cannot find the built-in templates; give --templates DIR or set PODIUM_TEMPLATES")
            throw ExitCode(66)
        }
        let templateSet: TemplateSet
        do { templateSet = try TemplateSet(directory: templateDir) } catch {
            printError("podium: \(error)")
            throw ExitCode(66)
        }
        switch MonthPipeline.prepare(inputs) {
        case .stopped(let diagnostics, let code, _):
            for d in diagnostics.sortedForReport() { printError(d.printed) }
            printError("podium: nothing published (exit \(code))")
            throw ExitCode(code)
        case .ready(var plan, let result):
            if let locale { plan.locale = ReportLocale(rawValue: locale)! }
            let diagnostics = result.diagnostics.sortedForReport()
            let errors = diagnostics.errorCount
            for d in diagnostics where d.severity == .error || verbose { printError(d.printed) }
            if errors > 0 && !keepGoing {
                printError("podium: \(result.month.period): \(errors) error(s) in the inputs; nothing published (use --keep-going to leave those rows out)")
                throw ExitCode(65)
            }
            let files: [RenderedFile]
            do {
                files = try ReportRenderer(templates: templateSet, plan: plan, run: RunContext(keepGoing: keepGoing, generatedAt: Clock.generatedAt())).render(result)
            } catch {
                printError("podium: \(error); nothing published")
                throw ExitCode(70)
            }
            let published: String
            do {
                published = try Publisher(outputRoot: output, period: result.month.period).publish(files)
            } catch {
                printError("podium: cannot write output: \(error)")
                throw ExitCode(73)
            }
            if !quiet {
                let payable = result.agents.reduce(Money.zero) { $0 + $1.pay.payable }
                let sales = result.month.counts[.sales] ?? FileCounts()
                let seconds = Date().timeIntervalSince(started)
                let warnings = diagnostics.count - errors
                printError("podium: \(result.month.period) published to \(published): \(result.month.agents.count) agents, \(sales.read) sales rows (\(sales.rejected) rejected), payable \(plan.currency) \(payable.grouped), \(warnings) warning(s), \(String(format: "%.1f", seconds)) s")
            }
        }
    }
}
