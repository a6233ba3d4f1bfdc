/// Passes UTF-8 through unchanged after checking it is well formed (no overlongs, surrogates or
/// code points above U+10FFFF).
struct UTF8Validator: UTF8Transcoder {
    private var carry: [UInt8] = []

    mutating func transcode(_ input: ArraySlice<UInt8>, final: Bool, into output: inout [UInt8]) throws {
        var bytes: ArraySlice<UInt8>
        if carry.isEmpty { bytes = input } else { bytes = ArraySlice(carry + input); carry = [] }
        var i = bytes.startIndex
        let end = bytes.endIndex
        var validEnd = i
        while i < end {
            let b = bytes[i]
            if b < 0x80 { i += 1; validEnd = i; continue }
            guard let (need, lower, upper) = UTF8Check.sequence(lead: b) else {
                output.append(contentsOf: bytes[bytes.startIndex..<validEnd])
                throw DecodingFailure(detail: "byte 0x\(hex(b)) is not UTF-8")
            }
            if i + need >= end {
                // Sequence may continue in the next chunk.
                var ok = true
                for k in 1..<(end - i) {
                    let c = bytes[i + k]
                    let lo: UInt8 = k == 1 ? lower : 0x80, hi: UInt8 = k == 1 ? upper : 0xBF
                    if c < lo || c > hi { ok = false; break }
                }
                if ok && !final {
                    carry = Array(bytes[i..<end])
                    break
                }
                output.append(contentsOf: bytes[bytes.startIndex..<validEnd])
                // cut off by the end of the file, or broken by a byte that cannot continue it
                // (the verdict of `UTF8Check`, which the readers in place use)
                throw DecodingFailure(detail: ok ? "byte 0x\(hex(b)) starts an incomplete UTF-8 sequence"
                                                 : "byte 0x\(hex(b)) starts an invalid UTF-8 sequence")
            }
            for k in 1...need {
                let c = bytes[i + k]
                let lo: UInt8 = k == 1 ? lower : 0x80, hi: UInt8 = k == 1 ? upper : 0xBF
                if c < lo || c > hi {
                    output.append(contentsOf: bytes[bytes.startIndex..<validEnd])
                    throw DecodingFailure(detail: "byte 0x\(hex(b)) starts an invalid UTF-8 sequence")
                }
            }
            i += need + 1
            validEnd = i
        }
        output.append(contentsOf: bytes[bytes.startIndex..<validEnd])
    }
}

func hex(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
}
