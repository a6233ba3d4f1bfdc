/// The character encodings Podium reads (SPEC §1.1).
public enum TextEncoding: String, Sendable, CaseIterable {
    /// A byte-order mark decides; otherwise the file must be valid UTF-8.
    case auto
    case utf8 = "utf-8"
    /// UTF-16 without a BOM is read as little endian.
    case utf16 = "utf-16"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    /// Covers GBK and GB2312.
    case gb18030
    /// Windows code page 950.
    case big5

    /// Accepts the canonical names and the spellings SPEC §2 lists (`utf8`, `gbk`, `cp950`, …).
    public init?(name: String) {
        let n = name.trimmingWhiteSpace().lowercased()
        switch n {
        case "auto": self = .auto
        case "utf-8", "utf8": self = .utf8
        case "utf-16", "utf16": self = .utf16
        case "utf-16le", "utf-16-le", "utf16le": self = .utf16le
        case "utf-16be", "utf-16-be", "utf16be": self = .utf16be
        case "gb18030", "gbk", "gb2312": self = .gb18030
        case "big5", "cp950": self = .big5
        default: return nil
        }
    }

    /// The names accepted on the command line and in the plan, for error messages.
    public static let acceptedNames = "auto, utf-8, utf-16, utf-16le, utf-16be, gb18030 (gbk, gb2312), big5 (cp950)"
}

/// Why a byte stream could not be decoded.
struct DecodingFailure: Error {
    /// Bytes before the bad one were decoded and handed on; the bad byte's line is the scanner's.
    var detail: String
}

/// Turns bytes in some encoding into UTF-8, chunk by chunk, keeping incomplete sequences
/// for the next chunk so that a file is never held whole in memory.
protocol UTF8Transcoder {
    /// Appends the UTF-8 of `input` to `output`; throws after appending everything before a bad byte.
    mutating func transcode(_ input: ArraySlice<UInt8>, final: Bool, into output: inout [UInt8]) throws
}

/// Makes the transcoder for an encoding (after the BOM has decided what `auto` means).
func makeTranscoder(for encoding: TextEncoding) -> UTF8Transcoder {
    switch encoding {
    case .auto, .utf8: return UTF8Validator()
    case .utf16, .utf16le: return UTF16Transcoder(bigEndian: false)
    case .utf16be: return UTF16Transcoder(bigEndian: true)
    case .gb18030: return IconvTranscoder(from: "GB18030")
    case .big5: return IconvTranscoder(from: "CP950")
    }
}
