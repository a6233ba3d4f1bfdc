import ArgumentParser
import PodiumKit

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show one agent's metrics, KPI dimensions and each pay line with its formula.",
        discussion: """
        Example:
          podium explain A000123 --input exports/2026-10 --period 2026-10

        Rows with errors are left out as with `run --keep-going`; the errors are counted on stderr.
        """
    )

    @Argument(help: "The agent_id to explain.")
    var agentID: String

    @OptionGroup var options: InputOptions

    @Option(name: .long, help: ArgumentHelp("Encoding of every input file (wins over the plan).", valueName: "E"))
    var encoding: String?

    @Option(name: .long, help: ArgumentHelp("The output folder `run` publishes to; its previous month gives carried_in (default: output).", valueName: "DIR"))
    var output = "output"

    @Option(name: .long, help: ArgumentHelp("The previous month's published folder (default: OUTPUT/PREV/ when it exists).", valueName: "DIR"))
    var previous: String?

    func run() throws {
        var inputs = try options.inputs(encoding: encoding)
        inputs.previous = previous.map { .explicit($0) } ?? .sibling(outputRoot: output)
        switch MonthPipeline.prepare(inputs) {
        case .stopped(let diagnostics, let code, _):
            printErrors(diagnostics.sortedForReport().lazy.map(\.printed))
            throw ExitCode(code)
        case .ready(let plan, let result):
            guard let text = Explanation.text(for: agentID, in: result, plan: plan) else {
                printError("podium: \(agentID) is not a kept agent of \(result.month.period)")
                throw ExitCode(65)
            }
            let errors = result.diagnostics.errorCount
            if errors > 0 { printError("podium: note: \(errors) input error(s) were left out; run `podium validate` to see them") }
            BestEffortOutput.write(BestEffortOutput.standardOutput, text)
        }
    }
}
