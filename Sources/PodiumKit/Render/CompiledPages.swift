/// The HTML templates compiled for speed: the same output as swift-mustache, byte for byte, for
/// the part of Mustache the pages use, without its per-variable costs (splitting each dotted name
/// into new strings, trying several protocol casts on every context level, hashing names).
///
/// The context is a `PageObject`: each name in a template is resolved to a `PageKey` when the
/// template is compiled, so a lookup is a scan of one-byte keys and a value is read with a
/// `switch`. The parser is a port of swift-mustache 2's (the same standalone-line rules);
/// templates using anything else — set delimiters, blocks, transforms, indented partials, a
/// content type other than `XHTML` — are not compiled and keep the general renderer. While
/// rendering, a value the fast path does not print as swift-mustache would (an object or list
/// as text, an escaped value outside `XHTML`) gives up the page, which is then rendered by
/// swift-mustache from the same context: the fast path never guesses. A test renders every page
/// of the example and a generated month both ways and compares the bytes.
struct CompiledPages: Sendable {
    /// A template as parsed (names as written, split at dots).
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
    /// The same templates flattened for rendering.
    private let program: Program

    /// Compiles what can be compiled of `texts` (template name → text).
    init(texts: [String: String]) {
        var parsed: [String: [Node]] = [:]
        for (name, text) in texts {
            if let nodes = try? Parser.parse(text) { parsed[name] = nodes }
        }
        // a template is usable only if every partial it reaches compiled too
        for (name, nodes) in parsed where Self.partialsCompiled(nodes, parsed, depth: 0) { templates[name] = nodes }
        program = Program(templates)
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

    /// Every usable template as one list of instructions whose operands are plain numbers, text
    /// as one byte array and names resolved to keys: rendering reads them through pointers, so
    /// the two cores never retain and release the same shared objects.
    struct Program: Sendable {
        enum Op: Sendable {
            /// `count` bytes of `text` from `start`.
            case text(start: Int32, count: Int32)
            /// The name made of `count` parts of `parts` from `first`.
            case variable(first: Int32, count: Int32, escaped: Bool)
            /// A section whose body is the instructions after it, up to `end`.
            case section(first: Int32, count: Int32, end: Int32)
            case inverted(first: Int32, count: Int32, end: Int32)
            /// The instructions of a partial.
            case partial(start: Int32, end: Int32)
            case xhtml
        }

        /// One part of a dotted name: the key objects know it by, its place among the labels.
        struct Part: Sendable {
            var key: PageKey?
            var label: Int32
        }

        private(set) var ops: [Op] = []
        private(set) var text: [UInt8] = []
        private(set) var parts: [Part] = []
        /// Each template's instructions.
        private(set) var ranges: [String: Range<Int>] = [:]

        init(_ templates: [String: [Node]]) {
            // partials first would need an order; instead each template is laid out once and
            // partials are patched in when every range is known
            var pending: [(op: Int, name: String)] = []
            for (name, nodes) in templates.sorted(by: { $0.key < $1.key }) {
                let start = ops.count
                emit(nodes, &pending)
                ranges[name] = start..<ops.count
            }
            for (k, name) in pending {
                let r = ranges[name]!
                ops[k] = .partial(start: Int32(r.lowerBound), end: Int32(r.upperBound))
            }
        }

        private mutating func path(_ names: [String]) -> (Int32, Int32) {
            let first = parts.count
            for name in names { parts.append(Part(key: PageKey(rawValue: name), label: Int32(Labels.index[name] ?? -1))) }
            return (Int32(first), Int32(names.count))
        }

        private mutating func emit(_ nodes: [Node], _ pending: inout [(op: Int, name: String)]) {
            for node in nodes {
                switch node {
                case .text(let bytes):
                    ops.append(.text(start: Int32(text.count), count: Int32(bytes.count)))
                    text.append(contentsOf: bytes)
                case .variable(let names, let escaped):
                    let (first, count) = path(names)
                    ops.append(.variable(first: first, count: count, escaped: escaped))
                case .section(let names, let body), .inverted(let names, let body):
                    let (first, count) = path(names)
                    let at = ops.count
                    ops.append(.xhtml)  // replaced below, when the body's end is known
                    emit(body, &pending)
                    let end = Int32(ops.count)
                    if case .section = node {
                        ops[at] = .section(first: first, count: count, end: end)
                    } else {
                        ops[at] = .inverted(first: first, count: count, end: end)
                    }
                case .partial(let name):
                    pending.append((ops.count, name))
                    ops.append(.xhtml)  // replaced when every template's range is known
                case .xhtml:
                    ops.append(.xhtml)
                }
            }
        }
    }

    struct GiveUp: Error {}

    /// The page, or nil when it needs the general renderer.
    func render(_ context: Any, template: String) -> String? {
        renderBytes(context, template: template).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The page as UTF-8 bytes (what is written and checked), or nil when it needs the general
    /// renderer (a template that did not compile, or a context that is not a `PageObject`).
    func renderBytes(_ context: Any, template: String) -> [UInt8]? {
        guard let range = program.ranges[template], let root = context as? PageObject else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        var stack: [PageValue] = [.object(root)]
        let done: Bool = program.ops.withUnsafeBufferPointer { ops in
            program.text.withUnsafeBufferPointer { text in
                program.parts.withUnsafeBufferPointer { parts in
                    let run = Run(ops: ops, text: text, parts: parts)
                    do {
                        try run.render(range.lowerBound, range.upperBound, &stack, xhtml: false, into: &out, depth: 0)
                        return true
                    } catch {
                        return false
                    }
                }
            }
        }
        // kept until the run publishes: an exact copy holds half the memory of the 16 KiB
        // buffer, which the next page then reuses
        return done ? out.withUnsafeBufferPointer { Array($0) } : nil
    }

    /// One page's rendering over the program's memory.
    private struct Run {
        let ops: UnsafeBufferPointer<Program.Op>
        let text: UnsafeBufferPointer<UInt8>
        let parts: UnsafeBufferPointer<Program.Part>

        func render(_ from: Int, _ to: Int, _ stack: inout [PageValue], xhtml: Bool, into out: inout [UInt8], depth: Int) throws {
            var xhtml = xhtml
            var pc = from
            while pc < to {
                switch ops[pc] {
                case .text(let start, let count):
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: text[Int(start)..<Int(start + count)]))
                case .xhtml:
                    xhtml = true
                case .variable(let first, let count, let escaped):
                    switch lookup(first, count, stack) {
                    case nil:
                        break
                    case .text(let value):
                        if escaped {
                            guard xhtml else { throw GiveUp() }
                            xmlEscape(value, into: &out)
                        } else {
                            out.append(contentsOf: value.utf8)
                        }
                    case .flag(let flag):
                        // "true"/"false" need no escaping
                        if escaped { guard xhtml else { throw GiveUp() } }
                        out.append(contentsOf: (flag ? "true" : "false").utf8)
                    case .list, .object, .labels:
                        // swift-mustache prints these with `String(describing:)`: not followed here
                        throw GiveUp()
                    }
                case .section(let first, let count, let end):
                    let body = pc + 1, end = Int(end)
                    pc = end
                    guard let value = lookup(first, count, stack) else { continue }
                    switch value {
                    case .list(let rows):
                        for row in rows {
                            stack.append(.object(row))
                            try render(body, end, &stack, xhtml: xhtml, into: &out, depth: depth)
                            stack.removeLast()
                        }
                    case .flag(let flag):
                        if flag { try render(body, end, &stack, xhtml: xhtml, into: &out, depth: depth) }
                    case .text, .object, .labels:
                        // any other value is pushed and the body rendered once (a text too, even empty)
                        stack.append(value)
                        try render(body, end, &stack, xhtml: xhtml, into: &out, depth: depth)
                        stack.removeLast()
                    }
                    continue
                case .inverted(let first, let count, let end):
                    let body = pc + 1, end = Int(end)
                    pc = end
                    let value = lookup(first, count, stack)
                    switch value {
                    case nil:
                        try render(body, end, &stack, xhtml: xhtml, into: &out, depth: depth)
                    case .list(let rows):
                        // swift-mustache pushes the empty list here; `{{.}}` inside would see it
                        guard rows.isEmpty, let value else { continue }
                        stack.append(value)
                        try render(body, end, &stack, xhtml: xhtml, into: &out, depth: depth)
                        stack.removeLast()
                    case .flag(let flag):
                        if !flag { try render(body, end, &stack, xhtml: xhtml, into: &out, depth: depth) }
                    case .text, .object, .labels:
                        break
                    }
                    continue
                case .partial(let start, let end):
                    guard depth < 16 else { throw GiveUp() }
                    try render(Int(start), Int(end), &stack, xhtml: xhtml, into: &out, depth: depth + 1)
                }
                pc += 1
            }
        }

        /// A name looked up as swift-mustache does: the first part on the innermost context
        /// level that has it, the rest inside that value.
        private func lookup(_ first: Int32, _ count: Int32, _ stack: [PageValue]) -> PageValue? {
            guard count > 0 else { return stack.last }
            let head = parts[Int(first)]
            var level = stack.count - 1
            while level >= 0 {
                if var value = Self.child(head, of: stack[level]) {
                    for k in Int(first + 1)..<Int(first + count) {
                        guard let child = Self.child(parts[k], of: value) else { return nil }
                        value = child
                    }
                    return value
                }
                level -= 1
            }
            return nil
        }

        /// A named child: objects have their keys, the labels their names; texts, flags and
        /// lists have none (swift-mustache's `Mirror` finds none either).
        @inline(__always)
        private static func child(_ part: Program.Part, of value: PageValue) -> PageValue? {
            switch value {
            case .object(let o):
                guard let key = part.key else { return nil }
                return o[key]
            case .labels(let labels):
                return part.label >= 0 ? .text(labels.ordered[Int(part.label)]) : nil
            case .text, .flag, .list:
                return nil
            }
        }
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
