/// Shapes of TOML that make TOMLKit's bundled toml++ 3 abort the process (an internal
/// assertion) instead of reporting an error, found by fuzzing the plan loader: caught here
/// first and reported as an ordinary plan error (78) with the line.
///
/// One pass over the bytes (not Characters: `[` + U+0304 is one Character, but the parser
/// sees a `[`), knowing strings (basic, literal, multi-line) and comments, finds
/// - a table header `[` or `[[` not followed by a key (`[` + line end, `[|`, `[[]]`), and
/// - a `}` met while the innermost open bracket of a value is a `[` (`s = [}]`).
enum TOMLPrecheck {
    /// The line of the first such shape, and what is wrong there; nil when the text is safe to parse.
    static func problem(_ text: String) -> (line: Int, message: String)? {
        let b = Array(text.utf8)
        var i = 0, line = 1
        var stack: [UInt8] = []
        var inValue = false     // after `=`, until a line ends with no bracket open
        var lineStart = true    // only white space since the line began
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        func isKeyStart(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D || c == 0x22 || c == 0x27
        }
        while i < b.count {
            let c = b[i]
            if c == 0x0A {
                line += 1
                if stack.isEmpty { inValue = false }
                lineStart = true
                i += 1
                continue
            }
            if c == 0x20 || c == 0x09 || c == 0x0D { i += 1; continue }
            let atLineStart = lineStart
            lineStart = false
            if c == UInt8(ascii: "#") {
                while i < b.count && b[i] != 0x0A { i += 1 }
                continue
            }
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                let triple = i + 2 < b.count && b[i + 1] == c && b[i + 2] == c
                let width = triple ? 3 : 1
                i += width
                while i < b.count {
                    if b[i] == 0x0A {
                        line += 1
                        if !triple { break }
                    }
                    if c == UInt8(ascii: "\"") && b[i] == UInt8(ascii: "\\") { i += 2; continue }
                    if b[i] == c && (!triple || (i + 2 < b.count && b[i + 1] == c && b[i + 2] == c)) { i += width; break }
                    i += 1
                }
                continue
            }
            if !inValue {
                if atLineStart && c == UInt8(ascii: "[") {
                    var j = i + 1
                    if j < b.count && b[j] == UInt8(ascii: "[") { j += 1 }
                    while j < b.count && (b[j] == 0x20 || b[j] == 0x09) { j += 1 }
                    if j >= b.count || !isKeyStart(b[j]) {
                        return (line, "a table header `[` must be followed by its name, e.g. [commission]")
                    }
                    while i < b.count && b[i] != 0x0A { i += 1 }   // the header's own brackets are not a value
                    continue
                }
                if c == UInt8(ascii: "=") { inValue = true }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "["), UInt8(ascii: "{"): stack.append(c)
            case UInt8(ascii: "]"): if stack.last == UInt8(ascii: "[") { stack.removeLast() }
            case UInt8(ascii: "}"):
                if stack.last == UInt8(ascii: "[") { return (line, "a `}` closes an array that is still open (`]` missing)") }
                if stack.last == UInt8(ascii: "{") { stack.removeLast() }
            default: break
            }
            i += 1
        }
        return nil
    }
}
