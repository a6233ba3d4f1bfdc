/// One physical CSV record as scanned: fields unquoted but not yet trimmed or typed.
public struct CSVRecord: Sendable, Equatable {
    /// 1-based physical line on which the record starts.
    public var line: Int
    public var fields: [String]
    /// Something other than a delimiter or line end followed a closing quote (SPEC §1.1).
    public var badQuote: Bool

    public init(line: Int, fields: [String], badQuote: Bool = false) {
        self.line = line
        self.fields = fields
        self.badQuote = badQuote
    }
}

/// A quoted field still open at the end of the file.
public struct UnclosedQuote: Error, Equatable {
    public var line: Int
    public var column: Int
}
