/// The HTML templates compiled for speed: the same output as swift-mustache, byte for byte, for
/// the part of Mustache the pages use, without its per-variable costs (splitting each dotted name
/// into new strings and trying several protocol casts on every context level).
///
/// The parser is a port of swift-mustache 2's (the same standalone-line rules); templates using
/// anything else — set delimiters, blocks, transforms, indented partials, a content type other
/// than `XHTML` — are not compiled and keep the general renderer. While rendering, a value of a
/// type the view models do not use (or an escaped value outside `XHTML`) gives up the page, which
/// is then rendered by swift-mustache: the fast path never guesses. A test renders every page of
/// the example and a generated month both ways and compares the bytes.
struct CompiledPages: Sendable {
    indirect enum Node: Sendable {
        /// Literal template text, as UTF-8.
        case text([UInt8])
        case variable([String], escaped: Bool)
        case section([String], [Node])
        case inverted([String], [Node])
        case partial(String)
        case xhtml
    }

    /// Compiled templates by name (partials included).
    private(set) var templates: [String: [Node]] = [:]

    /// Compiles what can be compiled of `texts` (template name → text).
    init(texts: [String: String]) {
        for (name, text) in texts {
            if let nodes = try? Parser.parse(text) { templates[name] = nodes }
        }
        // a template is usable only if every partial it reaches compiled too
        var usable: [String: [Node]] = [:]
        for (name, nodes) in templates where Self.partialsCompiled(nodes, templates, depth: 0) { usable[name] = nodes }
        templates = usable
    }

    private static func partialsCompiled(_ nodes: [Node], _ all: [String: [Node]], depth: Int) -> Bool {
        guard depth < 16 else { return false }
        for node in nodes {
            switch node {
            case .partial(let name):
                guard let p = all[name], partialsCompiled(p, all, depth: depth + 1) else { return false }
            case .section(_, let body), .inverted(_, let body):
                guard partialsCompiled(body, all, depth: depth) else { return false }
            default: continue
            }
        }
        return true
    }

    struct GiveUp: Error {}

    /// The page, or nil when it needs the general renderer.
    func render(_ context: Any, template: String) -> String? {
        renderBytes(context, template: template).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The page as UTF-8 bytes (what is written and checked), or nil when it needs the general renderer.
    func renderBytes(_ context: Any, template: String) -> [UInt8]? {
        guard let nodes = templates[template] else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        var stack: [Frame] = [Frame(context)]
        do {
            try render(nodes, &stack, xhtml: false, into: &out, depth: 0)
        } catch {
            return nil
        }
        return out
    }

    /// A context level, its kind found once when it is pushed: a cast from `Any` costs far more
    /// than a switch, and every name is looked up through the levels.
    private struct Frame {
        enum Kind {
            case dictionary([String: Any])
            case strings([String: String])
            /// A string, number, flag or list: no named children.
            case leaf
            /// A type this renderer does not know: swift-mustache must render the page.
            case unknown
        }

        let value: Any
        let kind: Kind

        init(_ value: Any) {
            self.value = value
            if let d = CompiledPages.exact(value, [String: Any].self) {
                kind = .dictionary(d)
            } else if let d = CompiledPages.exact(value, [String: String].self) {
                kind = .strings(d)
            } else if CompiledPages.hasNoChildren(value) {
                kind = .leaf
            } else {
                kind = .unknown
            }
        }

        init(dictionary d: [String: Any]) {
            value = d
            kind = .dictionary(d)
        }

        func child(_ name: String) throws -> Any? {
            switch kind {
            case .dictionary(let d): return d[name]
            case .strings(let d): return d[name]
            case .leaf: return nil
            case .unknown: throw GiveUp()
            }
        }
    }

    private func render(_ nodes: [Node], _ stack: inout [Frame], xhtml: Bool, into out: inout [UInt8], depth: Int) throws {
        var xhtml = xhtml
        for node in nodes {
            switch node {
            case .text(let text):
                out.append(contentsOf: text)
            case .xhtml:
                xhtml = true
            case .variable(let path, let escaped):
                guard let value = try lookup(path, stack) else { continue }
                let text = try Self.text(of: value)
                if escaped {
                    guard xhtml else { throw GiveUp() }
                    xmlEscape(text, into: &out)
                } else {
                    out.append(contentsOf: text.utf8)
                }
            case .section(let path, let body):
                guard let value = try lookup(path, stack) else { continue }
                if let rows = Self.exact(value, [[String: Any]].self) {
                    // the usual list: its rows are dictionaries, pushed without a cast each
                    for row in rows {
                        stack.append(Frame(dictionary: row))
                        try render(body, &stack, xhtml: xhtml, into: &out, depth: depth)
                        stack.removeLast()
                    }
                } else if let items = Self.items(value) {
                    for item in items {
                        stack.append(Frame(item))
                        try render(body, &stack, xhtml: xhtml, into: &out, depth: depth)
                        stack.removeLast()
                    }
                } else if let flag = Self.exact(value, Bool.self) {
                    if flag { try render(body, &stack, xhtml: xhtml, into: &out, depth: depth) }
                } else {
                    stack.append(Frame(value))
                    try render(body, &stack, xhtml: xhtml, into: &out, depth: depth)
                    stack.removeLast()
                }
            case .inverted(let path, let body):
                let value = try lookup(path, stack)
                var show: Bool
                if let value {
                    if let items = Self.items(value) {
                        show = items.isEmpty
                    } else if let flag = Self.exact(value, Bool.self) {
                        show = !flag
                    } else {
                        show = false
                    }
                } else {
                    show = true
                }
                if show {
                    // swift-mustache pushes an empty list here; `{{.}}` inside would see it
                    if let value, Self.items(value) != nil {
                        stack.append(Frame(value))
                        try render(body, &stack, xhtml: xhtml, into: &out, depth: depth)
                        stack.removeLast()
                    } else {
                        try render(body, &stack, xhtml: xhtml, into: &out, depth: depth)
                    }
                }
            case .partial(let name):
                guard depth < 16 else { throw GiveUp() }
                guard let nodes = templates[name] else { continue }
                try render(nodes, &stack, xhtml: xhtml, into: &out, depth: depth + 1)
            }
        }
    }

    @inline(__always)
    private static func exact<T>(_ value: Any, _ type: T.Type) -> T? {
        ObjectIdentifier(Swift.type(of: value)) == ObjectIdentifier(T.self) ? (value as! T) : nil
    }

    /// The elements of a list value, nil for anything that is not a list.
    private static func items(_ value: Any) -> [Any]? {
        if let a = exact(value, [[String: Any]].self) { return a }
        if let a = exact(value, [[String: String]].self) { return a }
        if let a = exact(value, [String].self) { return a }
        if let a = exact(value, [Any].self) { return a }
        return nil
    }

    /// A variable's text as swift-mustache writes it (`String(describing:)`), for the types the
    /// view models use.
    private static func text(of value: Any) throws -> String {
        if let s = exact(value, String.self) { return s }
        if let i = exact(value, Int.self) { return String(i) }
        if let b = exact(value, Bool.self) { return b ? "true" : "false" }
        throw GiveUp()
    }

    /// A name looked up as swift-mustache does: the first part on the innermost context level
    /// that has it, the rest inside that value.
    private func lookup(_ path: [String], _ stack: [Frame]) throws -> Any? {
        if path.isEmpty { return stack.last?.value }
        var found: Any?
        for frame in stack.reversed() {
            if let child = try frame.child(path[0]) {
                found = child
                break
            }
        }
        guard var value = found else { return nil }
        for name in path.dropFirst() {
            guard let child = try Self.child(name, of: value) else { return nil }
            value = child
        }
        return value
    }

    private static func child(_ name: String, of object: Any) throws -> Any? {
        if let d = exact(object, [String: Any].self) { return d[name] }
        if let d = exact(object, [String: String].self) { return d[name] }
        if hasNoChildren(object) { return nil }
        throw GiveUp()
    }

    /// Values without named children in swift-mustache's eyes (its Mirror finds none).
    private static func hasNoChildren(_ object: Any) -> Bool {
        exact(object, String.self) != nil || exact(object, Bool.self) != nil || exact(object, Int.self) != nil || items(object) != nil
    }
}

extension CompiledPages {
    /// A port of swift-mustache 2's template parser for the tags the pages use.
    struct Parser {
        struct Unsupported: Error {}

        private let chars: [Character]
        private var position = 0

        private init(_ text: String) { chars = Array(text) }

        static func parse(_ text: String) throws -> [Node] {
            // other line ends would meet swift-mustache's `isNewline` in places this port does not follow
            guard !text.contains(where: { $0.isNewline && $0 != "\n" }) else { throw Unsupported() }
            var parser = Parser(text)
            let nodes = try parser.parse(sectionName: nil, newLine: true)
            return nodes
        }

        private var reachedEnd: Bool { position >= chars.count }
        private var current: Character { reachedEnd ? "\0" : chars[position] }

        private mutating func read(while set: (Character) -> Bool) -> String {
            var s = ""
            while !reachedEnd, set(chars[position]) {
                s.append(chars[position])
                position += 1
            }
            return s
        }

        private mutating func read(_ string: String) -> Bool {
            let want = Array(string)
            guard position + want.count <= chars.count else { throw0(); return false }
            if Array(chars[position..<(position + want.count)]) == want {
                position += want.count
                return true
            }
            return false
        }

        /// swift-mustache throws when a delimiter check runs past the end; so do we (no template).
        private var overflow = false
        private mutating func throw0() { overflow = true }

        private static let nameChars = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
        private static let partialChars = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")

        /// Text up to the next `{{` (consumed) or line end (not consumed).
        private mutating func readUntilTagOrNewline() throws -> String {
            var text = ""
            while !reachedEnd {
                text += read { $0 != "\n" && $0 != "{" }
                if current == "\n" { break }
                if current == "{" {
                    if read("{{") { break }
                    if overflow { throw Unsupported() }
                    text.append("{")
                    position += 1
                }
            }
            return text
        }

        /// The tag's name as written, and its parts as swift-mustache splits it ("." → none).
        private mutating func parseName() throws -> (raw: String, path: [String]) {
            _ = read { $0.isWhitespace }
            let name = read { Self.nameChars.contains($0) }
            _ = read { $0.isWhitespace }
            guard read("}}") else { throw Unsupported() }
            // transforms `f(x)`, empty names and names starting with "." are not used by the pages
            guard !name.isEmpty, !name.contains("("), !name.contains(")"), name == "." || !name.hasPrefix(".") else { throw Unsupported() }
            return (name, name == "." ? [] : name.split(separator: ".").map(String.init))
        }

        /// swift-mustache's `hasLineFinished`: at the end, or only spaces and tabs before a line
        /// end (then consumed).
        private mutating func lineFinished() -> Bool {
            if reachedEnd { return true }
            var p = position
            while p < chars.count, chars[p] == " " || chars[p] == "\t" { p += 1 }
            if p < chars.count, chars[p] == "\n" {
                position = p + 1
                return true
            }
            return false
        }

        private mutating func parse(sectionName: String?, newLine startNewLine: Bool) throws -> [Node] {
            var nodes: [Node] = []
            var newLine = startNewLine
            var whiteSpaceBefore = ""
            while !reachedEnd {
                if newLine { whiteSpaceBefore = read { $0 == " " || $0 == "\t" } }
                let text = try readUntilTagOrNewline()
                if current == "\n" {
                    nodes.append(.text(Array((whiteSpaceBefore + text + "\n").utf8)))
                    newLine = true
                    position += 1
                    continue
                }
                if !text.isEmpty {
                    nodes.append(.text(Array((whiteSpaceBefore + text).utf8)))
                    whiteSpaceBefore = ""
                    newLine = false
                }
                if reachedEnd { break }
                var setNewLine = false
                func flushWhiteSpace() {
                    if !whiteSpaceBefore.isEmpty {
                        nodes.append(.text(Array(whiteSpaceBefore.utf8)))
                        whiteSpaceBefore = ""
                    }
                }
                switch current {
                case "#", "^":
                    let inverted = current == "^"
                    position += 1
                    let (raw, path) = try parseName()
                    if newLine && lineFinished() { setNewLine = true } else { flushWhiteSpace() }
                    let body = try parse(sectionName: raw, newLine: setNewLine)
                    nodes.append(inverted ? .inverted(path, body) : .section(path, body))
                case "/":
                    position += 1
                    let (raw, _) = try parseName()
                    guard let sectionName, raw == sectionName else { throw Unsupported() }
                    if newLine && lineFinished() {} else { flushWhiteSpace() }
                    return nodes
                case "!":
                    position += 1
                    while !reachedEnd, !(current == "}" && position + 1 < chars.count && chars[position + 1] == "}") { position += 1 }
                    guard read("}}") else { throw Unsupported() }
                    setNewLine = newLine && lineFinished()
                case "{", "&":
                    let triple = current == "{"
                    flushWhiteSpace()
                    position += 1
                    let (_, path) = try parseName()
                    if triple { guard read("}") else { throw Unsupported() } }
                    nodes.append(.variable(path, escaped: false))
                case ">":
                    position += 1
                    _ = read { $0.isWhitespace }
                    guard current != "*" else { throw Unsupported() }
                    let name = read { Self.partialChars.contains($0) }
                    _ = read { $0.isWhitespace }
                    guard read("}}") else { throw Unsupported() }
                    // an indented standalone partial is re-indented line by line: not ported
                    guard whiteSpaceBefore.isEmpty else { throw Unsupported() }
                    setNewLine = newLine && lineFinished()
                    nodes.append(.partial(name))
                    whiteSpaceBefore = ""
                case "%":
                    position += 1
                    _ = read { $0.isWhitespace }
                    let variable = read { $0.isLetter || $0 == "_" }
                    _ = read { $0.isWhitespace }
                    guard read(":") else { throw Unsupported() }
                    _ = read { $0.isWhitespace }
                    let value = read { $0.isLetter || $0.isNumber || $0 == "_" }
                    _ = read { $0.isWhitespace }
                    guard read("}}"), variable == "CONTENT_TYPE", value == "XHTML" else { throw Unsupported() }
                    nodes.append(.xhtml)
                    setNewLine = newLine && lineFinished()
                case "=", "$", "<":
                    throw Unsupported()
                default:
                    flushWhiteSpace()
                    let (_, path) = try parseName()
                    nodes.append(.variable(path, escaped: true))
                }
                newLine = setNewLine
            }
            guard sectionName == nil else { throw Unsupported() }
            return nodes
        }
    }
}
