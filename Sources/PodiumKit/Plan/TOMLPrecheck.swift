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
        var number = 0
        var inMultiline = false
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            // a line inside a multi-line string is text, not a header
            let quotes = raw.components(separatedBy: "\"\"\"").count - 1 + raw.components(separatedBy: "'''").count - 1
            defer { if quotes % 2 == 1 { inMultiline.toggle() } }
            if inMultiline { continue }
            var rest = raw.drop { $0 == " " || $0 == "\t" || (number == 1 && $0 == "\u{FEFF}") }
            guard rest.first == "[" else { continue }
            rest = rest.dropFirst()
            if rest.first == "[" { rest = rest.dropFirst() }
            rest = rest.drop { $0 == " " || $0 == "\t" }
            // a key starts with a bare-key character or a quote
            guard let c = rest.first, c.isASCII, c.isLetter || c.isNumber || c == "_" || c == "-" || c == "\"" || c == "'" else { return number }
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
