import CPodiumSys
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one place that writes output. Files go into a staging folder beside the target
/// (`OUTPUT/.PERIOD.tmp-PID`), are flushed to disk, and the folder is swapped into place in one
/// step, so a run that fails or is killed leaves either the old complete output or the new one.
public struct Publisher {
    public var outputRoot: String
    public var period: Period

    public init(outputRoot: String, period: Period) {
        self.outputRoot = outputRoot
        self.period = period
    }

    public var target: String { (outputRoot as NSString).appendingPathComponent(period.description) }

    /// How the new folder replaced the old one.
    public enum SwapMethod: String, Sendable {
        /// No earlier output: a plain rename.
        case rename
        /// `renameat2(RENAME_EXCHANGE)`: old and new swapped atomically.
        case exchange
        /// The file system cannot exchange: the old folder was renamed aside first (a short window without output).
        case renameAside = "rename-aside"
    }

    /// Removes staging and aside folders that a killed run left behind (call under the lock).
    public func removeLeftovers() {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: outputRoot) else { return }
        for name in names where name.hasPrefix(".\(period).tmp-") || name.hasPrefix(".\(period).old-") {
            try? fm.removeItem(atPath: (outputRoot as NSString).appendingPathComponent(name))
        }
    }

    /// Writes every file and swaps the folder in. Call with the output lock held.
    ///
    /// - Throws: `PublishError` with the path that could not be written (exit 73); the old output is untouched.
    @discardableResult
    public func publish(_ files: [RenderedFile]) throws -> SwapMethod {
        let fm = FileManager.default
        removeLeftovers()
        let staging = (outputRoot as NSString).appendingPathComponent(".\(period).tmp-\(getpid())")
        podium_set_cleanup_path(staging)
        defer { podium_set_cleanup_path(nil) }
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
            var folders = Set<String>()
            for f in files {
                let path = (staging as NSString).appendingPathComponent(f.path)
                let folder = (path as NSString).deletingLastPathComponent
                if folders.insert(folder).inserted {
                    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                try Self.write(f.bytes, to: path)
            }
            // One flush for the whole staging folder: far cheaper than an fsync per page.
            podium_syncfs(staging)
        } catch {
            try? fm.removeItem(atPath: staging)
            if let e = error as? PublishError { throw e }
            throw PublishError(path: staging, reason: error.localizedDescription)
        }
        return try swap(staging)
    }

    private func swap(_ staging: String) throws -> SwapMethod {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: target, isDirectory: &isDir) else {
            guard rename(staging, target) == 0 else { throw failure(staging) }
            Self.sync(outputRoot)
            return .rename
        }
        if podium_exchange(staging, target) == 0 {
            Self.sync(outputRoot)
            try? fm.removeItem(atPath: staging) // now the old output
            return .exchange
        }
        guard errno == EINVAL || errno == ENOSYS || errno == ENOTSUP else { throw failure(staging) }
        let aside = (outputRoot as NSString).appendingPathComponent(".\(period).old-\(getpid())")
        guard rename(target, aside) == 0 else { throw failure(staging) }
        guard rename(staging, target) == 0 else {
            let e = failure(staging)
            _ = rename(aside, target)
            throw e
        }
        Self.sync(outputRoot)
        try? fm.removeItem(atPath: aside)
        return .renameAside
    }

    private func failure(_ staging: String) -> PublishError {
        let why = String(cString: strerror(errno))
        try? FileManager.default.removeItem(atPath: staging)
        return PublishError(path: target, reason: why)
    }

    /// Writes a file completely (flushed later, all at once, by `podium_syncfs`).
    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PublishError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PublishError(path: path, reason: String(cString: strerror(errno)))
            }
            offset += n
        }
    }

    static func sync(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}

/// Output that cannot be written (exit 73).
public struct PublishError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
