/// A scanned record as bytes: every field's unquoted bytes back to back, with the end offset of
/// each field (relative to the record's first byte). Both are slices of buffers the scanner (or a
/// batch) reuses, so a consumer that does not keep the record makes no allocation per row;
/// `record()` turns it into Strings when a row needs the slow path.
public struct RawRecord {
    /// 1-based physical line on which the record starts.
    public var line: Int
    public var bytes: ArraySlice<UInt8>
    public var ends: ArraySlice<Int>
    public var badQuote: Bool
    /// Set when the record passed a limit of `InputLimits`: the 1-based field that was too long
    /// (its bytes cut at the limit), or 0 for too many fields.
    public var oversized: Int? = nil

    public var fieldCount: Int { ends.count }

    /// The byte range of field `i`, relative to the record's first byte.
    @inline(__always)
    public func range(_ i: Int) -> Range<Int> {
        (i == 0 ? 0 : ends[ends.startIndex + i - 1])..<ends[ends.startIndex + i]
    }

    public func string(_ i: Int) -> String {
        let r = range(i), base = bytes.startIndex
        return String(decoding: bytes[(base + r.lowerBound)..<(base + r.upperBound)], as: UTF8.self)
    }

    public func record() -> CSVRecord {
        CSVRecord(line: line, fields: (0..<ends.count).map(string), badQuote: badQuote)
    }

    /// All fields empty after trimming (SPEC §1.1 blank line).
    public var isBlank: Bool {
        bytes.withUnsafeBufferPointer { b in
            ends.withUnsafeBufferPointer { e in
                ByteText.allBlank(b, fieldCount: e.count) { f in (f == 0 ? 0 : e[f - 1])..<e[f] }
            }
        }
    }
}
