/// Decodes UTF-16 (either byte order) to UTF-8; an unpaired surrogate is an encoding error.
struct UTF16Transcoder: UTF8Transcoder {
    let bigEndian: Bool
    private var carry: [UInt8] = []

    init(bigEndian: Bool) { self.bigEndian = bigEndian }

    mutating func transcode(_ input: ArraySlice<UInt8>, final: Bool, into output: inout [UInt8]) throws {
        let bytes: ArraySlice<UInt8> = carry.isEmpty ? input : ArraySlice(carry + input)
        carry = []
        var i = bytes.startIndex
        let end = bytes.endIndex
        func unit(_ at: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) : UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at])
        }
        while i < end {
            if end - i < 2 {
                if final { throw DecodingFailure(detail: "odd number of bytes in UTF-16") }
                carry = Array(bytes[i..<end]); return
            }
            let u = unit(i)
            var scalar: UInt32
            if u >= 0xD800 && u <= 0xDBFF {
                if end - i < 4 {
                    if final { throw DecodingFailure(detail: "unpaired UTF-16 surrogate") }
                    carry = Array(bytes[i..<end]); return
                }
                let low = unit(i + 2)
                guard low >= 0xDC00 && low <= 0xDFFF else { throw DecodingFailure(detail: "unpaired UTF-16 surrogate") }
                scalar = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                i += 4
            } else if u >= 0xDC00 && u <= 0xDFFF {
                throw DecodingFailure(detail: "unpaired UTF-16 surrogate")
            } else {
                scalar = u
                i += 2
            }
            appendUTF8(scalar, to: &output)
        }
    }
}

func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
        output.append(UInt8(scalar))
    case 0x80..<0x800:
        output.append(UInt8(0xC0 | (scalar >> 6)))
        output.append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
        output.append(UInt8(0xE0 | (scalar >> 12)))
        output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        output.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
        output.append(UInt8(0xF0 | (scalar >> 18)))
        output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
        output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        output.append(UInt8(0x80 | (scalar & 0x3F)))
    }
}
