import Foundation
import Mustache

/// The Mustache templates a run renders with: the built-in ones or a user's `--templates DIR`.
public struct TemplateSet: Sendable {
    public let directory: String
    let library: MustacheLibrary
    /// CSV templates of the plain shape, rendered without the general machinery.
    let fastCSV: [String: FastCSVTemplate]
    /// HTML templates compiled for speed (see `CompiledPages`); the library renders the rest.
    let compiled: CompiledPages
    /// Tests turn the compiled pages off to compare.
    var useCompiledPages = true

    /// Names of the templates a run needs (without `.mustache`).
    public static let required = ["payouts.csv", "rankings.csv", "teams.csv", "regions.csv", "directors.csv", "diagnostics.csv",
                                  "index.html", "team.html", "director.html", "statement.html"]

    /// Loads every `*.mustache` file of `directory`.
    ///
    /// - Throws: `TemplateError` naming the file and position of a parse error, or a missing template.
    public init(directory: String) throws {
        CSVContentType.register()
        XHTMLContentType.register()
        self.directory = directory
        var library = MustacheLibrary()
        var fast: [String: FastCSVTemplate] = [:]
        var texts: [String: String] = [:]
        let fm = FileManager.default
        guard let names = try? fm.subpathsOfDirectory(atPath: directory) else {
            throw TemplateError(message: "template folder \(directory) cannot be read")
        }
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw TemplateError(message: "\(path) cannot be read as UTF-8")
            }
            let templateName = String(name.dropLast(".mustache".count))
            texts[templateName] = text
            if templateName.hasSuffix(".csv"), let f = FastCSVTemplate(text: text) { fast[templateName] = f }
            do {
                try library.register(text, named: templateName)
            } catch let e as MustacheTemplate.ParserError {
                throw TemplateError(message: "\(path):\(e.context.lineNumber):\(e.context.columnNumber): template error: \(e.error)")
            } catch {
                throw TemplateError(message: "\(path): template error: \(error)")
            }
        }
        if let cycle = Self.partialCycle(texts) {
            throw TemplateError(message: "template \(cycle[0]).mustache includes itself through partials (\(cycle.joined(separator: " → "))): it would never end", exitCode: 70)
        }
        for r in Self.required where library.getTemplate(named: r) == nil {
            throw TemplateError(message: "template \(r).mustache is missing from \(directory)")
        }
        self.library = library
        self.fastCSV = fast
        self.compiled = CompiledPages(texts: texts)
    }

    /// swift-mustache alone over some template texts (for tests comparing the renderers).
    static func renderWithLibrary(texts: [String: String], context: Any, template: String) throws -> String? {
        var library = MustacheLibrary()
        for (name, text) in texts { try library.register(text, named: name) }
        return library.render(context, withTemplate: template)
    }

    public func render(_ context: Any, template: String) -> String {
        if useCompiledPages, let page = compiled.render(context, template: template) { return page }
        return library.render(context, withTemplate: template) ?? ""
    }

    /// `render` as the UTF-8 bytes that are written (the compiled pages make them directly).
    func renderBytes(_ context: Any, template: String) -> [UInt8] {
        if useCompiledPages, let page = compiled.renderBytes(context, template: template) { return page }
        return Array((library.render(context, withTemplate: template) ?? "").utf8)
    }

    /// A chain of partials that comes back to where it started (`_a` → `_b` → `_a`), if any:
    /// swift-mustache would recurse until the stack overflows.
    static func partialCycle(_ texts: [String: String]) -> [String]? {
        var edges: [String: [String]] = [:]
        for (name, text) in texts {
            var found: [String] = []
            var rest = Substring(text)
            while let open = rest.range(of: "{{") {
                rest = rest[open.upperBound...]
                guard let close = rest.range(of: "}}") else { break }
                let tag = rest[..<close.lowerBound].trimmingCharacters(in: " \t")
                if tag.hasPrefix(">") {
                    let partial = tag.dropFirst().trimmingCharacters(in: " \t")
                    if !partial.isEmpty { found.append(partial) }
                }
                rest = rest[close.upperBound...]
            }
            edges[name] = found
        }
        var state: [String: Int] = [:]   // 1 on the path, 2 done
        var path: [String] = []
        func visit(_ n: String) -> [String]? {
            if state[n] == 2 { return nil }
            if state[n] == 1 { return Array(path[path.firstIndex(of: n)!...]) + [n] }
            state[n] = 1
            path.append(n)
            for m in edges[n] ?? [] where texts[m] != nil {
                if let c = visit(m) { return c }
            }
            path.removeLast()
            state[n] = 2
            return nil
        }
        for n in texts.keys.sorted() { if let c = visit(n) { return c } }
        return nil
    }

    /// Whether a template of this name (without `.mustache`) was loaded.
    func has(_ name: String) -> Bool { library.getTemplate(named: name) != nil }

    /// Renders a CSV template over rows, through the fast renderer when the template allows it.
    func renderCSV(_ table: CSVRows, template: String) -> String {
        if let f = fastCSV[template] { return f.render(table) }
        return render(["rows": table.dictionaries], template: template)
    }

    /// Finds the built-in templates: `$PODIUM_TEMPLATES`, then `templates/` beside or above the
    /// executable (a build inside the repository), then `share/podium/templates` of an install.
    public static func builtInDirectory(executablePath: String) -> String? {
        let fm = FileManager.default
        func ok(_ dir: String) -> Bool { fm.fileExists(atPath: (dir as NSString).appendingPathComponent("payouts.csv.mustache")) }
        if let env = ProcessInfo.processInfo.environment["PODIUM_TEMPLATES"], ok(env) { return env }
        var dir = ((executablePath as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
        for _ in 0..<6 {
            for candidate in ["templates", "share/podium/templates"] {
                let c = (dir as NSString).appendingPathComponent(candidate)
                if ok(c) { return c }
            }
            let up = (dir as NSString).deletingLastPathComponent
            if up == dir { break }
            dir = up
        }
        let cwd = (fm.currentDirectoryPath as NSString).appendingPathComponent("templates")
        return ok(cwd) ? cwd : nil
    }
}

/// A template that cannot be loaded.
public struct TemplateError: Error, CustomStringConvertible {
    public var message: String
    /// 66 for a template that cannot be read or parsed, 70 for one that could never render.
    public var exitCode: Int32 = 66
    public var description: String { message }
}
