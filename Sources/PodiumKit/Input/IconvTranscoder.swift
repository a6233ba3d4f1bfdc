#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes GB18030 or Big5 (code page 950) to UTF-8 with the C library's `iconv`.
struct IconvTranscoder: UTF8Transcoder {
    let sourceName: String
    private var carry: [UInt8] = []
    /// Closed when the last copy of the transcoder goes (it leaked one per GB18030/Big5 file
    /// before: found by fuzzing with LeakSanitizer).
    private var opened: IconvHandle?
    private var handle: iconv_t? { opened?.handle }

    init(from sourceName: String) {
        self.sourceName = sourceName
    }

    mutating func transcode(_ input: ArraySlice<UInt8>, final: Bool, into output: inout [UInt8]) throws {
        if handle == nil {
            let h = iconv_open("UTF-8", sourceName)
            guard let h, Int(bitPattern: h) != -1 else {
                throw DecodingFailure(detail: "iconv cannot convert from \(sourceName) on this system")
            }
            opened = IconvHandle(h)
        }
        var bytes = carry + Array(input)
        carry = []
        if bytes.isEmpty { return }
        var outBuffer = [UInt8](repeating: 0, count: max(4096, bytes.count * 2 + 16))
        let count = bytes.count
        var failure: DecodingFailure?
        var consumed: Int? = nil
        bytes.withUnsafeMutableBytes { inRaw in
            var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
            var inLeft = count
            while inLeft > 0 {
                let produced: Int = outBuffer.withUnsafeMutableBytes { outRaw in
                    var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                    var outLeft = outRaw.count
                    let r = iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft)
                    let n = outRaw.count - outLeft
                    if r == -1 {
                        let e = errno
                        if e == E2BIG { return n }
                        if e == EINVAL && !final {
                            consumed = count - inLeft
                            inLeft = 0
                            return n
                        }
                        let offset = count - inLeft
                        let bad = offset < count ? inRaw[offset] : 0
                        failure = DecodingFailure(detail: e == EINVAL
                            ? "the file ends inside a \(sourceName) character"
                            : "byte 0x\(hex(bad)) is not valid \(sourceName)")
                        inLeft = 0
                        return n
                    }
                    return n
                }
                output.append(contentsOf: outBuffer[0..<produced])
            }
            if consumed == nil { consumed = count }
        }
        if let failure { throw failure }
        if let consumed, consumed < count { carry = Array(bytes[consumed...]) }
    }
}

/// An open iconv conversion, closed on release.
final class IconvHandle {
    let handle: iconv_t

    init(_ handle: iconv_t) { self.handle = handle }

    deinit { iconv_close(handle) }
}
