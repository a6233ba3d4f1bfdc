import Foundation

/// Facts about the run that the pages report but the computation does not know.
public struct RunContext: Sendable {
    /// `--keep-going` was given.
    public var keepGoing: Bool
    /// Generated-at text (from `SOURCE_DATE_EPOCH` when set), already formatted.
    public var generatedAt: String

    /// Generated-at as seconds since 1970 (0 when it is not set): payouts.xlsx's document dates.
    public var generatedSeconds: Int {
        guard !generatedAt.isEmpty, let d = ISO8601DateFormatter().date(from: generatedAt) else { return 0 }
        return Int(d.timeIntervalSince1970)
    }

    public init(keepGoing: Bool = false, generatedAt: String = "") {
        self.keepGoing = keepGoing
        self.generatedAt = generatedAt
    }
}
