extension Unicode.Scalar {
    /// Unicode `White_Space` (includes U+3000 and U+00A0), as SPEC §1.1 trims.
    @inline(__always)
    var isWhiteSpace: Bool { ByteText.isWhiteSpace(value) }

    /// General category Cc: U+0000–U+001F and U+007F–U+009F.
    @inline(__always)
    var isControl: Bool { value < 0x20 || (value >= 0x7F && value <= 0x9F) }
}

extension String {
    /// The string without leading and trailing Unicode `White_Space`.
    public func trimmingWhiteSpace() -> String {
        // Fast path: both ends are ASCII and not white space.
        if let f = utf8.first, let l = utf8.last, f < 0x80, l < 0x80,
           f != 0x20, !(f >= 0x09 && f <= 0x0D), l != 0x20, !(l >= 0x09 && l <= 0x0D) {
            return self
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhiteSpace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isWhiteSpace })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }

    /// Unicode lower-casing, as header and enum matching use.
    var folded: String { lowercased() }
}
