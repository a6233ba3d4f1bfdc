/// Safe, unique file names for pages named after teams and agent ids (SPEC §5): no `/`, no `..`,
/// no control or markup characters; collisions resolved deterministically by a numeric suffix.
public struct PageNames: Sendable {
    /// By the key's bytes (an NFC and an NFD team are two pages).
    private var assigned: [ExactKey: String] = [:]

    /// Assigns a name to every key, in byte order of the keys, so the result never depends on input order.
    public init(keys: [String]) {
        // names in use compared as Strings, lower-cased: canonically equal or case-folded names
        // would collide on some file systems, so they get a suffix
        var used = Set<String>()
        for exact in Set(keys.map(ExactKey.init)).sorted() {
            let key = exact.text
            let base = Self.sanitize(key)
            var candidate = base
            var n = 2
            while used.contains(candidate.lowercased()) {
                candidate = "\(base)-\(n)"
                n += 1
            }
            used.insert(candidate.lowercased())
            assigned[exact] = candidate
        }
    }

    public subscript(_ key: String) -> String { assigned[ExactKey(key)] ?? Self.sanitize(key) }

    /// Letters and digits of any script, `-` and `_` are kept; everything else becomes `_`.
    public static func sanitize(_ key: String) -> String {
        // Most keys are plain ASCII ids, kept as they are (no Unicode property lookups).
        var plain = !key.isEmpty && key.utf8.count <= 200
        if plain {
            for b in key.utf8 where !(b >= 0x30 && b <= 0x39 || b >= 0x41 && b <= 0x5A || b >= 0x61 && b <= 0x7A || b == 0x2D || b == 0x5F) {
                plain = false
                break
            }
        }
        if plain { return key }
        var out = String.UnicodeScalarView()
        var bytes = 0
        for u in key.unicodeScalars {
            let keep = u.properties.isAlphabetic || u.properties.numericType != nil || u == "-" || u == "_"
            let c: Unicode.Scalar = keep && !u.isControl ? u : "_"
            // File names are at most 255 bytes: keep room for a collision suffix and ".html".
            bytes += String(c).utf8.count
            if bytes > 200 { break }
            out.append(c)
        }
        let s = String(out)
        return s.isEmpty ? "_" : s
    }
}
