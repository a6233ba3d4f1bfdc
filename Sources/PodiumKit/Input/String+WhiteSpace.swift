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
        var copy = self
        return copy.withUTF8 { b in
            let r = ByteText.trim(b, 0..<b.count)
            return r.count == b.count ? self : String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
        }
    }

    /// Unicode lower-casing, as header and enum matching use.
    var folded: String { lowercased() }
}
