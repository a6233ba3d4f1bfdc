/// Escapes text for XML (and polyglot HTML): the five XML entities only.
func xmlEscape(_ s: String) -> String {
    // Most values (amounts, names, labels) need nothing: return them as they are. U+FFFE and
    // U+FFFF are EF BF BE / EF BF BF in UTF-8, so an EF byte sends the text the long way.
    if !needsXMLEscape(s.utf8) { return s }
    var out: [UInt8] = []
    out.reserveCapacity(s.utf8.count + 16)
    xmlEscape(s, into: &out)
    return String(decoding: out, as: UTF8.self)
}

/// `xmlEscape` appended to UTF-8 bytes (the compiled pages' output) without an intermediate String.
func xmlEscape(_ s: String, into out: inout [UInt8]) {
    let done: Void? = s.utf8.withContiguousStorageIfAvailable { xmlEscape(bytes: $0, into: &out) }
    if done == nil { Array(s.utf8).withUnsafeBufferPointer { xmlEscape(bytes: $0, into: &out) } }
}

private func xmlEscape(bytes u: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    if !needsXMLEscape(u) {
        out.append(contentsOf: u)
        return
    }
    var i = 0
    while i < u.count {
        let b = u[i]
        switch b {
        case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])          // &amp;
        case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])                // &lt;
        case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])                // &gt;
        case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])    // &quot;
        case 0x27: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])          // &#39;
        case 0x09, 0x0A, 0x0D: out.append(b)
        case 0x00..<0x20: break                                                    // forbidden in XML 1.0: dropped
        case 0xEF where i + 2 < u.count && u[i + 1] == 0xBF && (u[i + 2] == 0xBE || u[i + 2] == 0xBF):
            i += 3                                                                 // U+FFFE, U+FFFF: dropped
            continue
        default: out.append(b)
        }
        i += 1
    }
}

/// Whether any byte would be escaped or dropped (an EF byte may start U+FFFE or U+FFFF).
@inline(__always)
private func needsXMLEscape<S: Sequence>(_ bytes: S) -> Bool where S.Element == UInt8 {
    for b in bytes where b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27 || b == 0xEF {
        if b == 0x09 || b == 0x0A || b == 0x0D { continue }
        return true
    }
    return false
}
