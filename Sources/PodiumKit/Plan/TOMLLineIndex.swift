/// Where each key path stands in a TOML text, and in which order keys first appear.
///
/// TOMLKit hands back tables without source positions and in sorted key order, but a plan's
/// `[roles]` order is its seniority order and every plan error should name its line; a light
/// scan of the text recovers both.
struct TOMLLineIndex {
    private(set) var lines: [String: Int] = [:]
    private(set) var order: [String] = []
    /// The deepest key path a plan may use: the deepest real key has four parts
    /// (`kpi.weights.agent.new`). Deeper paths are a plan error, and are not indexed past it.
    static let maxDepth = 8
    /// The first line with a deeper key path, if any.
    private(set) var tooDeepLine: Int?

    init(text: String) {
        var prefix: [String] = []
        var lineNumber = 0
        var arrayCounts: [String: Int] = [:]
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Self.stripComment(rawLine).trimmingCharacters(in: " \t\r")
            if line.isEmpty { continue }
            if line.hasPrefix("[[") , let close = line.range(of: "]]") {
                let path = Self.splitKey(String(line[line.index(line.startIndex, offsetBy: 2)..<close.lowerBound]))
                // `[[]]` names nothing (the TOML parser reports it; found by fuzzing)
                guard !path.isEmpty else { continue }
                let joined = path.joined(separator: ".")
                let n = arrayCounts[joined, default: 0]
                arrayCounts[joined] = n + 1
                prefix = path
                prefix[prefix.count - 1] += "[\(n)]"
                record(path, lineNumber)
                record(prefix, lineNumber)
                continue
            }
            if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
                prefix = Self.splitKey(String(line[line.index(after: line.startIndex)..<close]))
                record(prefix, lineNumber)
                continue
            }
            guard let eq = Self.firstTopLevelEquals(line) else { continue }
            let key = Self.splitKey(String(line[..<eq]))
            guard !key.isEmpty else { continue }
            let full = prefix + key
            record(full, lineNumber)
            // keys of an inline table on the same line
            let rest = line[line.index(after: eq)...]
            if rest.trimmingCharacters(in: " \t").hasPrefix("{") {
                for inner in Self.inlineKeys(String(rest)) {
                    record(full + [inner], lineNumber)
                }
            }
        }
    }

    private mutating func record(_ path: [String], _ line: Int) {
        if path.count > Self.maxDepth && tooDeepLine == nil { tooDeepLine = line }
        var p = ""
        for (k, part) in path.prefix(Self.maxDepth).enumerated() {
            if k > 0 { p += "." }
            p += part
            if lines[p] == nil {
                lines[p] = line
                order.append(p)
            }
        }
    }

    /// The line of a key path, or of its nearest known parent.
    func line(of path: String) -> Int? {
        var p = path
        while true {
            if let l = lines[p] { return l }
            if let bracket = p.lastIndex(of: "["), p.hasSuffix("]") {
                p = String(p[..<bracket])
                continue
            }
            guard let dot = p.lastIndex(of: ".") else { return nil }
            p = String(p[..<dot])
        }
    }

    /// Direct children of `path` in order of first appearance.
    func children(of path: String) -> [String] {
        let prefix = path + "."
        var seen = Set<String>()
        var result: [String] = []
        for p in order where p.hasPrefix(prefix) {
            let rest = p.dropFirst(prefix.count)
            let child = String(rest.split(separator: ".").first ?? "")
            if !child.isEmpty, seen.insert(child).inserted { result.append(child) }
        }
        return result
    }

    private static func stripComment<S: StringProtocol>(_ s: S) -> String {
        var inString: Character? = nil
        var out = ""
        for c in s {
            if let q = inString {
                if c == q { inString = nil }
            } else if c == "\"" || c == "'" {
                inString = c
            } else if c == "#" {
                break
            }
            out.append(c)
        }
        return out
    }

    private static func firstTopLevelEquals(_ s: String) -> String.Index? {
        var inString: Character? = nil
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if let q = inString { if c == q { inString = nil } } else if c == "\"" || c == "'" { inString = c } else if c == "=" { return i } else if c == "{" || c == "[" { return nil }
            i = s.index(after: i)
        }
        return nil
    }

    private static func splitKey(_ s: String) -> [String] {
        s.split(separator: ".").map { $0.trimmingCharacters(in: " \t\"'") }.filter { !$0.isEmpty }
    }

    /// `k` of each `k = ` directly inside an inline table (depth 1).
    private static func inlineKeys(_ s: String) -> [String] {
        var keys: [String] = []
        var depth = 0
        var inString: Character? = nil
        var token = ""
        for c in s {
            if let q = inString { if c == q { inString = nil }; continue }
            switch c {
            case "\"", "'": inString = c
            case "{", "[": depth += 1; token = ""
            case "}", "]": depth -= 1; token = ""
            case ",": token = ""
            case "=":
                if depth == 1 { let k = token.trimmingCharacters(in: " \t\"'"); if !k.isEmpty { keys.append(k) } }
                token = ""
            default: token.append(c)
            }
        }
        return keys
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
