/// Escapes text for XML (and polyglot HTML): the five XML entities only.
func xmlEscape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default:
            // Characters XML 1.0 forbids (C0 controls but tab/LF/CR) are dropped.
            if c.value < 0x20 && c != "\t" && c != "\n" && c != "\r" { continue }
            if c.value == 0xFFFE || c.value == 0xFFFF { continue }
            out.unicodeScalars.append(c)
        }
    }
    return out
}
