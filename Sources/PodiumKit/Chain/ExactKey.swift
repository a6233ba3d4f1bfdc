/// A text key compared by its UTF-8 bytes, never by canonical equivalence (SPEC §1.2: ids are
/// compared exactly; Swift's `String ==` would make `é` and `e` + U+0301 the same id).
public struct ExactKey: Hashable, Sendable, Comparable {
    public let bytes: [UInt8]

    public init(_ text: String) { bytes = Array(text.utf8) }

    public static func < (a: ExactKey, b: ExactKey) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
