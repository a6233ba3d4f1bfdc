import CLibXML2
import Foundation

/// A page parsed back with libxml2's XML parser: the check every HTML page passes before it is
/// published (polyglot markup), and the tree tests query with XPath.
public final class XMLPage {
    private let doc: xmlDocPtr

    /// A page that is not well-formed XML.
    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Parses bytes as XML without network access or entity expansion.
    ///
    /// - Throws: `ParseError` with the line of the first error.
    public init(bytes: [UInt8]) throws {
        let options = Self.options
        xmlResetLastError()
        let parsed: xmlDocPtr? = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                xmlReadMemory($0, Int32(buf.count), "page.html", "UTF-8", options)
            }
        }
        guard let parsed else {
            let err = xmlGetLastError()
            let line = err.map { Int($0.pointee.line) } ?? 0
            let message = err.flatMap { $0.pointee.message.map { String(cString: $0) } }?.trimmingWhiteSpace() ?? "not well-formed"
            xmlResetLastError()
            throw ParseError(line: line, message: message)
        }
        doc = parsed
    }

    deinit { xmlFreeDoc(doc) }

    private static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// The check alone: the same parser with the same options, but without building the tree
    /// (the callbacks that make nodes are switched off), which is most of a parse's cost.
    /// Errors are those of `init(bytes:)` (a test holds them equal). Parser contexts are kept
    /// for the next page (making one costs about a tenth of checking a statement); a context
    /// that saw an error is freed, not reused.
    ///
    /// - Throws: `ParseError` with the line of the error libxml2 reports last, as `init` does.
    public static func checkWellFormed(_ bytes: [UInt8]) throws {
        guard let ctxt = contexts.take() else { throw ParseError(line: 0, message: "the XML parser could not start") }
        let failure: ParseError? = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p -> ParseError? in
                // the document node alone (made by startDocument, kept so that entities are looked up as before)
                if let doc = xmlCtxtReadMemory(ctxt, p, Int32(buf.count), "page.html", "UTF-8", options) { xmlFreeDoc(doc) }
                if ctxt.pointee.wellFormed != 0 { return nil }
                let err = ctxt.pointee.lastError
                let message = err.message.map { String(cString: $0) }?.trimmingWhiteSpace() ?? "not well-formed"
                return ParseError(line: Int(err.line), message: message)
            }
        }
        if let failure {
            xmlFreeParserCtxt(ctxt)
            throw failure
        }
        contexts.give(ctxt)
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
        xmlXPathRegisterNs(ctx, "h", "http://www.w3.org/1999/xhtml")
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
