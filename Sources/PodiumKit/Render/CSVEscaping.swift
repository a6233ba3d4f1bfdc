import Foundation
import Mustache

/// Escapes one CSV field as SPEC §5.1 says: the formula guard, then RFC 4180 quoting.
public enum CSVEscaping {
    /// `-?[0-9]+(\.[0-9]+)?`: such a field is never changed.
    static func isPlainNumber<S: Sequence>(_ s: S) -> Bool where S.Element == UInt8 {
        var it = s.makeIterator()
        var b = it.next()
        if b == UInt8(ascii: "-") { b = it.next() }
        var digits = 0
        while let c = b, c >= 0x30 && c <= 0x39 { digits += 1; b = it.next() }
        guard digits > 0 else { return false }
        guard let dot = b else { return true }
        guard dot == UInt8(ascii: ".") else { return false }
        var frac = 0
        b = it.next()
        while let c = b, c >= 0x30 && c <= 0x39 { frac += 1; b = it.next() }
        return frac > 0 && b == nil
    }

    public static func escape(_ text: String) -> String {
        var out = ByteWriter(capacity: text.utf8.count + 8)
        append(text, to: &out)
        return out.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the escaped field to `out` (the byte form of `escape`, for files written straight
    /// to bytes).
    static func append(_ text: String, to out: inout ByteWriter) {
        var text = text
        text.withUTF8 { append(bytes: $0, to: &out) }
    }

    private static func append(bytes u: UnsafeBufferPointer<UInt8>, to out: inout ByteWriter) {
        guard let first = u.first else { return }
        let guarded = (first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                       || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D) && !isPlainNumber(u)
        // the guard goes inside the quotes: it is part of the field
        guard needsQuotes(u) else {
            out.reserve(u.count + 1)
            if guarded { out.appendUnchecked(UInt8(ascii: "'")) }
            out.appendUnchecked(u)
            return
        }
        out.reserve(2 * u.count + 3)
        out.appendUnchecked(UInt8(ascii: "\""))
        if guarded { out.appendUnchecked(UInt8(ascii: "'")) }
        for b in u {
            out.appendUnchecked(b)
            if b == UInt8(ascii: "\"") { out.appendUnchecked(b) }
        }
        out.appendUnchecked(UInt8(ascii: "\""))
    }

    /// Whether a field holds a comma, a quote, CR or LF (RFC 4180's reasons to quote), eight
    /// bytes at a time: all four are below 0x2D, which most bytes of a name or an id are not.
    @inline(__always)
    private static func needsQuotes(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = u.baseAddress else { return false }
        var i = 0
        while i + 8 <= u.count {
            let w = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            if ByteText.hasByte(w, below: 0x2D) { break }
            i += 8
        }
        while i < u.count {
            let b = base[i]
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0D || b == 0x0A { return true }
            i += 1
        }
        return false
    }

    /// Rewrites the template's LF line ends as CRLF, leaving line breaks inside quoted fields alone.
    public static func crlf(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 16)
        var inQuotes = false
        for b in text.utf8 {
            if b == UInt8(ascii: "\"") { inQuotes.toggle() }
            if b == 0x0A && !inQuotes { out.append(0x0D) }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The Mustache content type `CSV`: `{{value}}` in a CSV template is escaped by `CSVEscaping`.
public struct CSVContentType: MustacheContentType {
    public init() {}
    public func escapeText(_ text: String) -> String { CSVEscaping.escape(text) }

    /// Registers the type under the name `CSV` (idempotent).
    public static func register() {
        MustacheContentTypes.register(CSVContentType(), named: "CSV")
    }
}
