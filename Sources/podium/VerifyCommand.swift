import ArgumentParser
import PodiumKit

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash a published folder against its manifest.json: the auditor's check.",
        discussion: """
        Example:
          podium verify /srv/podium/2026-10

        Exit 0 when every file listed in the manifest has its recorded size and SHA-256;
        65 on any difference (each printed); 66 when there is no manifest.
        """
    )

    @Argument(help: ArgumentHelp("A published period folder, OUTPUT/PERIOD.", valueName: "FOLDER"))
    var folder: String

    func run() throws {
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
