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
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the escaped field to `out` (the byte form of `escape`, for files written straight
    /// to bytes).
    static func append(_ text: String, to out: inout [UInt8]) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { append(bytes: $0, to: &out) }
        if done == nil { Array(text.utf8).withUnsafeBufferPointer { append(bytes: $0, to: &out) } }
    }

    private static func append(bytes u: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var guarded = false
        if let first = u.first,
           first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D,
           !isPlainNumber(u) {
            guarded = true
        }
        var needsQuotes = false
        for b in u where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0D || b == 0x0A {
            needsQuotes = true
            break
        }
        // the guard goes inside the quotes: it is part of the field
        if needsQuotes {
            out.append(UInt8(ascii: "\""))
            if guarded { out.append(UInt8(ascii: "'")) }
            for b in u {
                out.append(b)
                if b == UInt8(ascii: "\"") { out.append(b) }
            }
            out.append(UInt8(ascii: "\""))
        } else {
            if guarded { out.append(UInt8(ascii: "'")) }
            out.append(contentsOf: u)
        }
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
