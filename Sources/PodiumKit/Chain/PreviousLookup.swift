import Foundation

/// Where `podium run` looks for the previous month's output (SPEC §7.3).
public enum PreviousSource: Sendable, Equatable {
    /// Never look (`validate`, `compare`).
    case none
    /// `OUTPUT/PREV/` when that folder exists.
    case sibling(outputRoot: String)
    /// `--previous DIR`: must exist.
    case explicit(String)
}

/// The previous output found for a month, and what finding it reported (file `previous`).
public struct PreviousFinding: Sendable {
    public var output: PreviousOutput?
    public var diagnostics: [Diagnostic] = []
    /// `--previous DIR` does not exist (exit 66).
    public var missing = false
    /// The previous output stops the run (`missing-file` or `previous-output`).
    public var stops: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Finds and checks the previous output: step 1 of SPEC §2 for the file `previous`.
public enum PreviousLookup {
    static func diagnostic(_ severity: Severity, _ code: String, _ message: String) -> Diagnostic {
        Diagnostic(severity, code, file: .previous, fileName: InputFile.previous.defaultFileName, message: message)
    }

    public static func find(_ source: PreviousSource, period: Period, planName: String) -> PreviousFinding {
        var finding = PreviousFinding()
        let folder: String, recorded: String
        switch source {
        case .none:
            return finding
        case .explicit(let dir):
            guard SafeFile.kind(dir) == .directory else {
                finding.missing = true
                finding.diagnostics.append(diagnostic(.error, "missing-file", "the previous output \(dir) given with --previous is not a folder"))
                return finding
            }
            folder = dir
            recorded = URL(fileURLWithPath: dir).standardizedFileURL.path
        case .sibling(let root):
            let name = period.preceding?.description ?? "(none)"
            folder = (root as NSString).appendingPathComponent(name)
            recorded = "../\(name)"
            // a symbolic link there that leads nowhere (or in a loop) is a broken previous output, not none
            guard period.preceding != nil, SafeFile.kind(folder) != .missing || SafeFile.entryExists(folder) else {
                finding.diagnostics.append(diagnostic(.warning, "no-previous-output",
                    "no previous output: there is no folder \(name) beside this month's; carried_in is 0.00 for everyone and previous ranks are empty"))
                return finding
            }
        }
        switch PreviousOutputReader.read(folder: folder, recordedPath: recorded) {
        case .failure(let untrusted):
            finding.diagnostics.append(diagnostic(.error, "previous-output",
                "the previous output \(folder) cannot be trusted: " + untrusted.problems.joined(separator: "; ")))
        case .success(let output):
            if output.planName.map({ ExactKey($0) != ExactKey(planName) }) ?? true {
                let was = output.planName.map { "\"\($0)\"" } ?? "no plan name"
                finding.diagnostics.append(diagnostic(.warning, "previous-plan-differs",
                    "the previous output \(folder) was made with \(was), this month with \"\(planName)\"; its balances and ranks are used all the same"))
            }
            finding.output = output
        }
        return finding
    }
}
