/// SPEC §1.1 white space and trimming over UTF-8 bytes: the one implementation, which the String
/// forms (`String.trimmingWhiteSpace`) call.
enum ByteText {
    /// Whether some byte of the word is below `n` (n ≤ 128): "Bit Twiddling Hacks"' hasless,
    /// exact as a yes or no (a borrow starts only at such a byte).
    @inline(__always)
    static func hasByte(_ w: UInt64, below n: UInt8) -> Bool {
        (w &- 0x0101_0101_0101_0101 &* UInt64(n)) & ~w & 0x8080_8080_8080_8080 != 0
    }

    /// Whether some byte of the word is `b` (haszero of the word with `b` in every byte xored out).
    @inline(__always)
    static func hasByte(_ w: UInt64, equalTo b: UInt8) -> Bool {
        hasByte(w ^ (0x0101_0101_0101_0101 &* UInt64(b)), below: 1)
    }

    /// Unicode White_Space, complete: U+0009–000D, U+0020, U+0085, U+00A0, U+1680, U+2000–200A,
    /// U+2028, U+2029, U+202F, U+205F, U+3000.
    @inline(__always)
    static func isWhiteSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// The scalar starting at `i` and its length (input is valid UTF-8; a sequence cut off by the
    /// end of `b` reads as U+FFFD of length 1, never past the end).
    @inline(__always)
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c = b[i]
        if c < 0x80 { return (UInt32(c), 1) }
        let length = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4
        guard i + length <= b.count else { return (0xFFFD, 1) }
        if c < 0xE0 { return ((UInt32(c & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F), 2) }
        if c < 0xF0 { return ((UInt32(c & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F), 3) }
        return ((UInt32(c & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12) | (UInt32(b[i + 2] & 0x3F) << 6) | UInt32(b[i + 3] & 0x3F), 4)
    }

    /// The range without leading and trailing white space.
    @inline(__always)
    static func trim(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        // the usual cases: printable ASCII at both ends (no white space is in 0x21–0x7F), or a
        // scalar past ASCII that cannot be white space — every one of those starts with C2, E1,
        // E2 or E3 (U+0085, U+00A0; U+1680; U+2000–U+205F; U+3000), so a Chinese name's first
        // and last characters are told apart by a byte or two
        if !r.isEmpty {
            let first = b[r.lowerBound], last = b[r.upperBound - 1]
            let firstPlain = first < 0x80 ? first > 0x20 : !(first == 0xC2 || (first >= 0xE1 && first <= 0xE3))
            var lastPlain = last > 0x20 && last < 0x80
            if last >= 0x80 {
                let end = r.upperBound
                let two = end - 2 >= r.lowerBound ? b[end - 2] : 0, three = end - 3 >= r.lowerBound ? b[end - 3] : 0
                lastPlain = !(two == 0xC2 || (three >= 0xE1 && three <= 0xE3))
            }
            if firstPlain && lastPlain { return r }
        }
        return trimEnds(b, r)
    }

    private static func trimEnds(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi {
            let (v, n) = scalar(b, lo)
            guard isWhiteSpace(v) else { break }
            lo += n
        }
        while hi > lo {
            // step back to the start of the last scalar
            var s = hi - 1
            while s > lo && b[s] & 0xC0 == 0x80 { s -= 1 }
            guard isWhiteSpace(scalar(b, s).0) else { break }
            hi = s
        }
        return lo..<hi
    }

    /// Every field trims to nothing (SPEC §1.1 blank line); `range` gives field `f`'s bytes.
    @inline(__always)
    static func allBlank(_ b: UnsafeBufferPointer<UInt8>, fieldCount: Int, _ range: (Int) -> Range<Int>) -> Bool {
        for f in 0..<fieldCount where !trim(b, range(f)).isEmpty { return false }
        return true
    }
}
