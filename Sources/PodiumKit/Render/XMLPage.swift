import CLibXML2

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
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
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
