import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SHA-256 digests of files and of bytes in memory, as lower-case hex.
public enum Digest {
    public static func sha256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Streams a file through SHA-256; returns nil when it cannot be read.
    public static func sha256(file path: String) -> (hex: String, bytes: Int)? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n == 0 { break }
            total += n
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        if ferror(f) != 0 { return nil }
        return (hex(hasher.finalize()), total)
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in digest { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
