/// Escapes text for XML (and polyglot HTML): the five XML entities only.
func xmlEscape(_ s: String) -> String {
    // Most values (amounts, names, labels) need nothing: return them as they are. U+FFFE and
    // U+FFFF are EF BF BE / EF BF BF in UTF-8, so an EF byte sends the text the long way.
    var clean = true
    for b in s.utf8 where b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27 || b == 0xEF {
        if b == 0x09 || b == 0x0A || b == 0x0D { continue }
        clean = false
        break
    }
    if clean { return s }
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
