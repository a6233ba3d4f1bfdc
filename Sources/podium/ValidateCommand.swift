import ArgumentParser
import PodiumKit

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a month's files and plan; print every diagnostic and a per-file summary. Writes nothing.",
        discussion: """
        Example:
          podium validate --input exports/2026-10 --period 2026-10 --encoding gb18030

        Exit 0 when there is no error (warnings allowed), 65 for data errors, 66 for a missing
        input file, 78 for an invalid plan.
        """
    )

    @OptionGroup var options: InputOptions

    @Option(name: .long, help: ArgumentHelp("Encoding of every input file: auto, utf-8, utf-16, utf-16le, utf-16be, gb18030, big5 (wins over the plan).", valueName: "E"))
    var encoding: String?

    func run() throws {
        let inputs = try options.inputs(encoding: encoding)
        switch MonthPipeline.prepare(inputs) {
        case .stopped(let diagnostics, let code, let counts):
            printErrors(diagnostics.sortedForReport().lazy.map(\.printed))
            printCounts(counts) { $0.defaultFileName }
            throw ExitCode(code)
        case .ready(_, let result):
            let diagnostics = result.diagnostics.sortedForReport()
            printErrors(diagnostics.lazy.map(\.printed))
            printCounts(result.month.counts) { result.month.fileNames[$0] ?? $0.defaultFileName }
            let errors = diagnostics.errorCount
            printError("podium: \(result.month.period): \(errors) error(s), \(diagnostics.count - errors) warning(s)")
            if errors > 0 { throw ExitCode(65) }
        }
    }
}
