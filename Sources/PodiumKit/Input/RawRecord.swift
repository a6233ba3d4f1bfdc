/// A scanned record as bytes: every field's unquoted bytes back to back, with the end offset of
/// each field. The scanner reuses its buffers, so a consumer that does not keep the record makes
/// no allocation per row; `record()` turns it into Strings when a row needs the slow path.
public struct RawRecord {
    /// 1-based physical line on which the record starts.
    public var line: Int
    public var bytes: [UInt8]
    public var ends: [Int]
    public var badQuote: Bool

    public var fieldCount: Int { ends.count }

    /// The byte range of field `i` in `bytes`.
    @inline(__always)
    public func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

    public func string(_ i: Int) -> String { String(decoding: bytes[range(i)], as: UTF8.self) }

    public func record() -> CSVRecord {
        CSVRecord(line: line, fields: (0..<ends.count).map(string), badQuote: badQuote)
    }

    /// All fields empty after trimming (SPEC §1.1 blank line), decided from the bytes when possible.
    public var isBlank: Bool {
        for b in bytes where b < 0x80 && b != 0x20 && !(b >= 0x09 && b <= 0x0D) { return false }
        if bytes.isEmpty { return true }
        return record().isBlank
    }
}
