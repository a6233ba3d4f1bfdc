import ArgumentParser
import Foundation
import PodiumKit

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a deterministic, realistic month of exports (and a plan) to try Podium on.",
        discussion: """
        Example:
          podium sample --agents 2000 --sales 40000 --period 2026-10 --out /tmp/month
          podium run --input /tmp/month --period 2026-10

        The same arguments always give the same bytes. Sales are streamed to disk, so millions
        of rows need little memory.
        """
    )

    @Option(name: .long, help: "People in agents.csv (directors, managers and agents together).")
    var agents = 200

    @Option(name: .long, help: "Rows in sales.csv (2% of them cancellations).")
    var sales = 4000

    @Option(name: .long, help: ArgumentHelp("The month, YYYY-MM.", valueName: "YYYY-MM"))
    var period = "2026-10"

    @Option(name: .long, help: "Seed of the generator.")
    var seed: UInt64 = 42

    @Option(name: .long, help: ArgumentHelp("Folder to write into (created).", valueName: "DIR"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Plan to copy in (default: the built-in sample plan).", valueName: "FILE"))
    var plan: String?

    func validate() throws {
        guard Period(period) != nil else { throw ValidationError("--period must be YYYY-MM") }
        guard agents >= 3, sales >= 0 else { throw ValidationError("--agents must be at least 3 and --sales at least 0") }
    }

    func run() throws {
        let planPath = plan ?? TemplateSet.builtInDirectory(executablePath: CommandLine.arguments[0]).map { ($0 as NSString).appendingPathComponent("sample-plan.toml") }
        guard let planPath, let planText = try? String(contentsOfFile: planPath, encoding: .utf8) else {
            printError("podium: cannot read the plan to copy (give --plan FILE)")
            throw ExitCode(66)
        }
        do {
            try SampleMonth(agents: agents, sales: sales, period: Period(period)!, seed: seed).write(to: out, planText: planText)
        } catch {
            printError("podium: cannot write the sample: \(error)")
            throw ExitCode(73)
        }
        printError("podium: sample month \(period) written to \(out): \(agents) people, \(sales) sales rows")
    }
}
