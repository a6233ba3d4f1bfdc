import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Opening outside files without hanging or growing without bound: only regular files are read
/// (a FIFO would block in open, /dev/zero would never end), and a whole-file read has a limit.
public enum SafeFile {
    /// What a path is, without following it into a device.
    public enum Kind: Sendable, Equatable {
        case missing
        case regular
        case directory
        /// A FIFO, socket or device (after following symbolic links).
        case special
    }

    /// The kind of `path`, following symbolic links (a loop counts as missing).
    public static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .special
        }
    }

    public static func isRegular(_ path: String) -> Bool { kind(path) == .regular }

    /// Whether something is at `path` itself (a symbolic link counts, even one that leads nowhere).
    public static func entryExists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// The bytes of a regular file of at most `limit` bytes; nil otherwise.
    public static func contents(_ path: String, limit: Int) -> Data? {
        guard isRegular(path) else { return nil }
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? h.close() }
        guard let data = try? h.read(upToCount: limit + 1), data.count <= limit else { return nil }
        return data
    }
}
