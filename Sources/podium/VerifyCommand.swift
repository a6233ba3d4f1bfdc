import ArgumentParser
import PodiumKit

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash a published folder against its manifest.json: the auditor's check.",
        discussion: """
        Example:
          podium verify /srv/podium/2026-10

          podium verify --chain /srv/podium

        Exit 0 when every file listed in the manifest has its recorded size and SHA-256, no
        other file is in the folder, and the month it was computed from (manifest "previous")
        still has the payouts.csv it read; 65 on any difference (each printed); 66 when there
        is no manifest. --chain prints one line per month folder and exits 0 only when all hold.
        """
    )

    @Argument(help: ArgumentHelp("A published period folder, OUTPUT/PERIOD (with --chain: the OUTPUT folder).", valueName: "FOLDER"))
    var folder: String

    @Flag(name: .long, help: "Verify every month folder in FOLDER (an OUTPUT folder) and every link between consecutive months.")
    var chain = false

    func run() throws {
        if chain {
            let lines = OutputVerifier.verifyChain(root: folder)
            BestEffortOutput.write(BestEffortOutput.standardOutput, lines.map { "\($0.period): \($0.text)\n" }.joined())
            if lines.isEmpty { printError("podium: no month folder (YYYY-MM) in \(folder)") ; throw ExitCode(66) }
            if lines.contains(where: { !$0.ok }) {
                printError("podium: the chain of months in \(folder) does NOT hold")
                throw ExitCode(65)
            }
            printError("podium: every month in \(folder) matches its manifest and every link holds")
            return
        }
        do {
            let differences = try OutputVerifier.verify(folder: folder)
            for d in differences { printError("\(folder)/\(d.name): \(d.problem)") }
            if !differences.isEmpty {
                printError("podium: \(folder) does NOT match its manifest (\(differences.count) difference(s))")
                throw ExitCode(65)
            }
            printError("podium: \(folder) matches its manifest")
        } catch let e as VerifyError {
            printError("podium: \(e)")
            throw ExitCode(66)
        }
    }
}
