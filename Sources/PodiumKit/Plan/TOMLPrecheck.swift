/// Shapes of TOML that make TOMLKit's bundled toml++ 3 abort the process (an internal
/// assertion) instead of reporting an error, found by fuzzing the plan loader: caught here
/// first and reported as an ordinary plan error (78) with the line.
enum TOMLPrecheck {
    /// The line of the first such shape, and what is wrong there; nil when the text is safe to parse.
    static func problem(_ text: String) -> (line: Int, message: String)? {
        if let line = emptyTableHeader(text) {
            return (line, "a table header `[` must be followed by its name, e.g. [commission]")
        }
        if let line = braceClosingAnArray(text) {
            return (line, "a `}` closes an array that is still open (`]` missing)")
        }
        return nil
    }

    /// The first line that opens a table header (`[` or `[[`) not followed by a key (`[` + line
    /// end, `[|`, `[[]]`). A value line never starts with `[`, so only broken headers are caught.
    static func emptyTableHeader(_ text: String) -> Int? {
        // on bytes, not Characters: `[` + U+0304 is one Character, but toml++ sees a `[`
        let b = Array(text.utf8)
        var number = 0
        var start = 0
        var inMultiline = false
        while start <= b.count {
            var end = start
            while end < b.count && b[end] != 0x0A { end += 1 }
            number += 1
            let line = b[start..<end]
            start = end + 1
            // a line inside a multi-line string is text, not a header
            var quotes = 0
            var k = line.startIndex
            while k + 2 < line.endIndex {
                if (line[k] == 0x22 || line[k] == 0x27) && line[k + 1] == line[k] && line[k + 2] == line[k] { quotes += 1; k += 3 } else { k += 1 }
            }
            defer { if quotes % 2 == 1 { inMultiline.toggle() } }
            if inMultiline { continue }
            var i = line.startIndex
            if number == 1 && line.starts(with: [0xEF, 0xBB, 0xBF]) { i += 3 }
            while i < line.endIndex && (line[i] == 0x20 || line[i] == 0x09) { i += 1 }
            guard i < line.endIndex, line[i] == UInt8(ascii: "[") else { continue }
            i += 1
            if i < line.endIndex && line[i] == UInt8(ascii: "[") { i += 1 }
            while i < line.endIndex && (line[i] == 0x20 || line[i] == 0x09) { i += 1 }
            // a key starts with a bare-key character or a quote
            guard i < line.endIndex else { return number }
            let c = line[i]
            let ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D || c == 0x22 || c == 0x27
            if !ok { return number }
        }
        return nil
    }

    /// The line of a `}` met while the innermost open bracket of a value is a `[` (`s = [}]`).
    static func braceClosingAnArray(_ text: String) -> Int? {
        let b = Array(text.utf8)
        var i = 0, line = 1
        var stack: [UInt8] = []
        var inValue = false   // after `=`, until the line ends with no bracket open
        func at(_ s: String) -> Bool { let u = Array(s.utf8); return i + u.count <= b.count && Array(b[i..<(i + u.count)]) == u }
        while i < b.count {
            let c = b[i]
            if c == 0x0A { line += 1; if stack.isEmpty { inValue = false }; i += 1; continue }
            if c == UInt8(ascii: "#") {
                while i < b.count && b[i] != 0x0A { i += 1 }
                continue
            }
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                let triple = at(c == UInt8(ascii: "\"") ? "\"\"\"" : "'''")
                let close = triple ? Array(repeating: c, count: 3) : [c]
                i += close.count
                while i < b.count {
                    if b[i] == 0x0A { line += 1; if !triple { break } }
                    if c == UInt8(ascii: "\"") && b[i] == UInt8(ascii: "\\") { i += 2; continue }
                    if i + close.count <= b.count && Array(b[i..<(i + close.count)]) == close { i += close.count; break }
                    i += 1
                }
                continue
            }
            if !inValue {
                if c == UInt8(ascii: "=") { inValue = true }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "["), UInt8(ascii: "{"): stack.append(c)
            case UInt8(ascii: "]"): if stack.last == UInt8(ascii: "[") { stack.removeLast() }
            case UInt8(ascii: "}"):
                if stack.last == UInt8(ascii: "[") { return line }
                if stack.last == UInt8(ascii: "{") { stack.removeLast() }
            default: break
            }
            i += 1
        }
        return nil
    }
}
