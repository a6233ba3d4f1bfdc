import Foundation
import PodiumKit
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on stderr — only when stderr is a terminal, so cron logs and
/// pipes never see it.
enum TerminalProgress {
    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// The handler to give the library, or nil when there is no terminal (or `quiet`).
    static func handler(quiet: Bool) -> ProgressHandler? {
        guard isTerminal, !quiet else { return nil }
        return { stage, fraction in
            let percent = Int((min(max(fraction, 0), 1) * 100).rounded())
            BestEffortOutput.write(BestEffortOutput.standardError, "\r\u{1B}[Kpodium: \(stage) \(percent)%")
        }
    }

    /// Clears the progress line before the next log line.
    static func clear(quiet: Bool) {
        guard isTerminal, !quiet else { return }
        BestEffortOutput.write(BestEffortOutput.standardError, "\r\u{1B}[K")
    }
}
