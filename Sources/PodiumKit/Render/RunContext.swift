/// Facts about the run that the pages report but the computation does not know.
public struct RunContext: Sendable {
    /// `--keep-going` was given.
    public var keepGoing: Bool
    /// Generated-at text (from `SOURCE_DATE_EPOCH` when set), already formatted.
    public var generatedAt: String

    public init(keepGoing: Bool = false, generatedAt: String = "") {
        self.keepGoing = keepGoing
        self.generatedAt = generatedAt
    }
}
