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

    @Option(name: .long, help: "Average store visits per active agent in visits.csv (0: no visits.csv).")
    var visits = 3

    @Option(name: .long, help: "Seed of the generator.")
    var seed: UInt64 = 42

    @Option(name: .long, help: ArgumentHelp("Folder to write into (created).", valueName: "DIR"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Plan to copy in (default: the built-in sample plan).", valueName: "FILE"))
    var plan: String?

    func validate() throws {
        guard Period(period) != nil else { throw ValidationError("--period must be YYYY-MM") }
        guard (3...SampleMonth.maxAgents).contains(agents), (0...SampleMonth.maxSales).contains(sales), (0...1000).contains(visits) else {
            throw ValidationError("--agents must be 3 to \(SampleMonth.maxAgents), --sales 0 to \(SampleMonth.maxSales), --visits 0 to 1000")
        }
    }

    func run() throws {
        let planPath = plan ?? TemplateSet.builtInDirectory(executablePath: CommandLine.arguments[0]).map { ($0 as NSString).appendingPathComponent("sample-plan.toml") }
        guard let planPath, let planText = try? String(contentsOfFile: planPath, encoding: .utf8) else {
            printError("podium: cannot read the plan to copy (give --plan FILE)")
            throw ExitCode(66)
        }
        do {
            try SampleMonth(agents: agents, sales: sales, period: Period(period)!, seed: seed, visitsPerAgent: visits).write(to: out, planText: planText)
        } catch {
            printError("podium: cannot write the sample: \(error)")
            throw ExitCode(73)
        }
        printError("podium: sample month \(period) written to \(out): \(agents) people, \(sales) sales rows")
    }
}
