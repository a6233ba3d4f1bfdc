import CLibXML2
import Foundation

/// A page parsed back with libxml2's XML parser: the check every HTML page passes before it is
/// published (polyglot markup), and the tree tests query with XPath.
public final class XMLPage {
    private let doc: xmlDocPtr
    /// The namespace XPath's `h:` prefix stands for (XHTML; another for other XML, e.g. a sheet).
    private var namespace = "http://www.w3.org/1999/xhtml"

    /// A page that is not well-formed XML.
    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Parses bytes as XML without network access or entity expansion.
    ///
    /// - Throws: `ParseError` with the line of the error libxml2 reports last.
    public init(bytes: [UInt8]) throws {
        guard let ctxt = xmlNewParserCtxt() else { throw ParseError(line: 0, message: "the XML parser could not start") }
        defer { xmlFreeParserCtxt(ctxt) }
        let parsed: xmlDocPtr? = Self.withCharacters(bytes) { p, count in
            xmlCtxtReadMemory(ctxt, p, count, "page.html", "UTF-8", Self.options)
        }
        guard let parsed, ctxt.pointee.wellFormed != 0 else {
            if let parsed { xmlFreeDoc(parsed) }
            throw Self.lastError(ctxt)
        }
        doc = parsed
    }

    /// The error a parse ended with, as libxml2 reports it last.
    private static func lastError(_ ctxt: xmlParserCtxtPtr) -> ParseError {
        let err = ctxt.pointee.lastError
        let message = err.message.map { String(cString: $0) }?.trimmingWhiteSpace() ?? "not well-formed"
        return ParseError(line: Int(err.line), message: message)
    }

    deinit { xmlFreeDoc(doc) }

    private static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// The check alone: the same parser with the same options, but without building the tree
    /// (the callbacks that make nodes are switched off), which is most of a parse's cost.
    /// Parses other XML, with `h:` bound to `namespace` in `strings`.
    public convenience init(bytes: [UInt8], namespace: String) throws {
        try self.init(bytes: bytes)
        self.namespace = namespace
    }

    /// Errors are those of `init(bytes:)` (a test holds them equal). Parser contexts are kept
    /// for the next page (making one costs about a tenth of checking a statement); a context
    /// that saw an error is freed, not reused.
    ///
    /// - Throws: `ParseError` with the line of the error libxml2 reports last, as `init` does.
    public static func checkWellFormed(_ bytes: [UInt8]) throws {
        guard let ctxt = contexts.take() else { throw ParseError(line: 0, message: "the XML parser could not start") }
        let failure: ParseError? = Self.withCharacters(bytes) { p, count -> ParseError? in
            // the document node alone (made by startDocument, kept so that entities are looked up as before)
            if let doc = xmlCtxtReadMemory(ctxt, p, count, "page.html", "UTF-8", options) { xmlFreeDoc(doc) }
            return ctxt.pointee.wellFormed != 0 ? nil : lastError(ctxt)
        }
        if let failure {
            xmlFreeParserCtxt(ctxt)
            throw failure
        }
        contexts.give(ctxt)
    }

    /// The bytes as the C characters libxml2 reads (an empty page too, which has no buffer).
    private static func withCharacters<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>, Int32) -> T) -> T {
        if bytes.isEmpty { return "".withCString { body($0, 0) } }
        return bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { body($0, Int32(buf.count)) }
        }
    }

    private static let contexts = CheckingContexts()

    /// Parser contexts for `checkWellFormed`, with the callbacks that build a tree switched off;
    /// one per thread that is checking a page at the moment.
    private final class CheckingContexts: @unchecked Sendable {
        private let lock = NSLock()
        private var free: [xmlParserCtxtPtr] = []

        func take() -> xmlParserCtxtPtr? {
            if let ctxt = lock.withLock({ free.popLast() }) { return ctxt }
            guard let ctxt = xmlNewParserCtxt() else { return nil }
            if let sax = ctxt.pointee.sax {
                sax.pointee.startElementNs = nil
                sax.pointee.endElementNs = nil
                sax.pointee.startElement = nil
                sax.pointee.endElement = nil
                sax.pointee.characters = nil
                sax.pointee.ignorableWhitespace = nil
                sax.pointee.cdataBlock = nil
                sax.pointee.processingInstruction = nil
                sax.pointee.reference = nil
            }
            return ctxt
        }

        func give(_ ctxt: xmlParserCtxtPtr) {
            let kept = lock.withLock { () -> Bool in
                guard free.count < 16 else { return false }
                free.append(ctxt)
                return true
            }
            if !kept { xmlFreeParserCtxt(ctxt) }
        }
    }

    /// The string values of the nodes an XPath expression selects (`h` is bound to XHTML).
    public func strings(_ xpath: String) -> [String] {
        guard let ctx = xmlXPathNewContext(doc) else { return [] }
        defer { xmlXPathFreeContext(ctx) }
        xmlXPathRegisterNs(ctx, "h", namespace)
        xmlXPathRegisterNs(ctx, "svg", "http://www.w3.org/2000/svg")
        guard let obj = xmlXPathEvalExpression(xpath, ctx) else { return [] }
        defer { xmlXPathFreeObject(obj) }
        guard let set = obj.pointee.nodesetval, set.pointee.nodeNr > 0 else { return [] }
        var out: [String] = []
        for k in 0..<Int(set.pointee.nodeNr) {
            guard let node = set.pointee.nodeTab[k] else { continue }
            if let content = xmlNodeGetContent(node) {
                out.append(String(cString: content))
                podium_xmlFree(content)
            } else {
                out.append("")
            }
        }
        return out
    }
}
