import Mustache

/// The Mustache content type `XHTML` for pages: escapes with the five XML entities and drops the
/// characters XML 1.0 forbids (U+FFFE, U+FFFF, C0 controls other than tab and line ends), so that
/// no input text — however hostile — can make a page that fails the parse-back.
public struct XHTMLContentType: MustacheContentType {
    public init() {}
    public func escapeText(_ text: String) -> String { xmlEscape(text) }

    /// Registers the type under the name `XHTML` (idempotent).
    public static func register() {
        MustacheContentTypes.register(XHTMLContentType(), named: "XHTML")
    }
}
