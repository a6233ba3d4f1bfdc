extension Unicode.Scalar {
    /// Unicode `White_Space` (includes U+3000 and U+00A0), as SPEC §1.1 trims.
    @inline(__always)
    var isWhiteSpace: Bool { properties.isWhitespace }

    /// General category Cc.
    var isControl: Bool { properties.generalCategory == .control }
}

extension String {
    /// The string without leading and trailing Unicode `White_Space`.
    public func trimmingWhiteSpace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhiteSpace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isWhiteSpace })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }

    /// Unicode lower-casing, as header and enum matching use.
    var folded: String { lowercased() }
}
