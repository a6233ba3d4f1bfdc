import ArgumentParser
import Foundation
import PodiumKit

struct MailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Write an e-mail (RFC 5322) with a published month's payouts.csv attached, for sendmail -t.",
        discussion: """
        Example:
          podium mail output/2026-10 --from podium@example.com --to finance@example.com | sendmail -t

        The folder is checked against its manifest first: a folder that does not verify is
        never mailed (exit 65).
        """
    )

    @Argument(help: ArgumentHelp("A published period folder, OUTPUT/PERIOD.", valueName: "FOLDER"))
    var folder: String

    @Option(name: .long, help: "Sender address.")
    var from: String

    @Option(name: .long, help: "Recipient address (repeat for several).")
    var to: [String]

    func validate() throws {
        if to.isEmpty { throw ValidationError("give at least one --to address") }
        for a in to + [from] where a.contains("\n") || a.contains("\r") { throw ValidationError("an address cannot contain a line break") }
    }

    func run() throws {
        do {
            let differences = try OutputVerifier.verify(folder: folder)
            guard differences.isEmpty else {
                for d in differences { printError("\(folder)/\(d.name): \(d.problem)") }
                printError("podium: \(folder) does not match its manifest; not mailing it")
                throw ExitCode(65)
            }
            let message = try MailMessage.forPublished(folder: folder, from: from, to: to, date: Clock.mailDate())
            BestEffortOutput.write(BestEffortOutput.standardOutput, message.text)
        } catch let e as VerifyError {
            printError("podium: \(e)")
            throw ExitCode(66)
        }
    }
}
