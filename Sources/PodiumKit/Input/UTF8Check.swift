/// UTF-8 checked in place, with the same verdicts and messages as `UTF8Validator` on a stream.
enum UTF8Check {
    /// For a lead byte: how many continuation bytes follow, and the range the first of them must
    /// be in (which rules out overlong forms, surrogates and code points past U+10FFFF); nil for a
    /// byte that cannot start a sequence.
    @inline(__always)
    static func sequence(lead c: UInt8) -> (need: Int, lower: UInt8, upper: UInt8)? {
        switch c {
        case 0xC2...0xDF: return (1, 0x80, 0xBF)
        case 0xE0: return (2, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE, 0xEF: return (2, 0x80, 0xBF)
        case 0xED: return (2, 0x80, 0x9F)
        case 0xF0: return (3, 0x90, 0xBF)
        case 0xF1...0xF3: return (3, 0x80, 0xBF)
        case 0xF4: return (3, 0x80, 0x8F)
        default: return nil
        }
    }

    /// The first byte in `from..<to` that does not start a valid sequence, and why. A sequence
    /// may read past `to` into `b` (the stream goes on); `atEnd` says `b` ends where the file does.
    static func firstError(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int, atEnd: Bool) -> (offset: Int, detail: String)? {
        var i = from
        while i < to {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            guard let (need, lower, upper) = sequence(lead: c) else { return (i, "byte 0x\(hex(c)) is not UTF-8") }
            for k in 1...need {
                if i + k >= b.count {
                    return (i, atEnd ? "byte 0x\(hex(c)) starts an incomplete UTF-8 sequence"
                                     : "byte 0x\(hex(c)) starts an invalid UTF-8 sequence")
                }
                let x = b[i + k]
                if x < (k == 1 ? lower : 0x80) || x > (k == 1 ? upper : 0xBF) {
                    return (i, "byte 0x\(hex(c)) starts an invalid UTF-8 sequence")
                }
            }
            i += need + 1
        }
        return nil
    }

    /// How many bytes the sequence that `lead` starts has (1 for a byte that starts none).
    static func sequenceLength(lead: UInt8) -> Int { sequence(lead: lead).map { $0.need + 1 } ?? 1 }

    /// Where a sequence starts that `b[from..<to]` ends in the middle of (its lead byte among the
    /// last three, its continuation bytes past `to`); nil when the range ends on a whole sequence.
    static func cutSequenceStart(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        var i = to - 1
        while i >= from && i >= to - 3 {
            let c = b[i]
            if c < 0x80 { return nil }
            if c >= 0xC0 { return i + sequenceLength(lead: c) > to ? i : nil }
            i -= 1
        }
        return nil
    }

    /// Line breaks (LF, CR or CR LF, each counted once) in `b[from..<to]`.
    static func lineBreaks(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int, afterCR: Bool) -> Int {
        var count = 0
        var lastCR = afterCR
        for i in from..<to {
            let c = b[i]
            if c == 0x0D { count += 1; lastCR = true } else if c == 0x0A { if !lastCR { count += 1 }; lastCR = false } else { lastCR = false }
        }
        return count
    }
}
