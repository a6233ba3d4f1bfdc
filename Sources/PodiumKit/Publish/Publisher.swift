import Crypto
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
    /// The folder published inside `outputRoot`: the period (`2026-10`) or `2026-10-compare`.
    public var name: String

    public init(outputRoot: String, period: Period) {
        self.init(outputRoot: outputRoot, name: period.description)
    }

    public init(outputRoot: String, name: String) {
        self.outputRoot = outputRoot
        self.name = name
    }

    public var target: String { (outputRoot as NSString).appendingPathComponent(name) }

    /// Why publishing to `target` would destroy something that is not an earlier output of
    /// Podium (SPEC §6, the hostile-input issue): an input, the plan or the templates inside the
    /// target or its staging folder, or a target that is a file or a folder without manifest.json.
    /// nil when publishing is safe.
    public func refusal(protecting paths: [String]) -> String? {
        let targetPath = Self.absolute(target)
        let stagingPrefix = Self.absolute((outputRoot as NSString).appendingPathComponent(".\(name).tmp-"))
        for p in paths {
            let a = Self.absolute(p)
            if a == targetPath || a.hasPrefix(targetPath + "/") || a.hasPrefix(stagingPrefix) {
                return "\(p) lies inside the output folder \(target), which publishing replaces; choose another --output"
            }
        }
        switch SafeFile.kind(target) {
        case .missing: return nil
        case .directory:
            let manifest = (target as NSString).appendingPathComponent("manifest.json")
            if SafeFile.isRegular(manifest) { return nil }
            return "\(target) exists but is not a Podium output (it has no manifest.json); move it away or choose another --output"
        case .regular, .special:
            return "\(target) exists and is not a folder; move it away or choose another --output"
        }
    }

    /// An absolute path with `.`, `..` and symbolic links resolved as far as they exist.
    static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        return url.path
    }

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
        for name in names where name.hasPrefix(".\(self.name).tmp-") || name.hasPrefix(".\(self.name).old-") {
            try? fm.removeItem(atPath: (outputRoot as NSString).appendingPathComponent(name))
        }
    }

    /// Writes every file and swaps the folder in. Call with the output lock held.
    ///
    /// - Throws: `PublishError` with the path that could not be written (exit 73); the old output is untouched.
    @discardableResult
    public func publish(_ files: [RenderedFile]) throws -> SwapMethod {
        let staging = try begin()
        do {
            for f in files { _ = try staging.write(f) }
        } catch {
            staging.discard()
            throw error
        }
        return try commit(staging)
    }

    /// Makes the staging folder (`OUTPUT/.NAME.tmp-PID`) that files are written into as they are
    /// made; a signal or a failure removes it. Call with the output lock held.
    public func begin() throws -> StagingFolder {
        removeLeftovers()
        let staging = (outputRoot as NSString).appendingPathComponent(".\(name).tmp-\(getpid())")
        podium_set_cleanup_path(staging)
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            podium_set_cleanup_path(nil)
            throw PublishError(path: staging, reason: error.localizedDescription)
        }
        return StagingFolder(path: staging)
    }

    /// Flushes the staging folder to disk and swaps it in for `target`.
    ///
    /// - Throws: `PublishError` (exit 73); the staging folder is removed and the old output untouched.
    @discardableResult
    public func commit(_ staging: StagingFolder) throws -> SwapMethod {
        defer { podium_set_cleanup_path(nil) }
        do { try staging.makeDurable() } catch {
            staging.discard()
            throw error
        }
        return try swap(staging.path)
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
        let aside = (outputRoot as NSString).appendingPathComponent(".\(name).old-\(getpid())")
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

    /// Writes every byte to an open file (short writes and interruptions retried).
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, base + offset, bytes.count - offset)
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

/// A staging folder being filled: each file is written (not yet flushed) as soon as it is made,
/// so a month's pages are never all held in memory; what is kept is each file's name, size and
/// SHA-256 for the manifest. Safe to write from several threads (distinct files).
public final class StagingFolder: @unchecked Sendable {
    public let path: String
    private let lock = NSLock()
    private var folders: Set<String> = []
    /// Every file written, for `makeDurable`.
    private var files: [String] = []

    init(path: String) {
        self.path = path
        folders.insert(path)
    }

    /// Flushes what this run wrote — its files' data, then its folders (whose fsync commits the
    /// file system's journal and flushes the device cache) — and nothing else: a cron run never
    /// waits for other programs' dirty pages, as a `syncfs` of the whole file system would
    /// (the git "batch" method; docs/decisions.md "Publishing").
    func makeDurable() throws {
        lock.lock()
        let files = self.files, folders = self.folders.sorted { $0.count > $1.count }
        lock.unlock()
        for f in files where podium_wait_writeback(f) != 0 {
            throw PublishError(path: f, reason: String(cString: strerror(errno)))
        }
        // deepest first, the staging folder itself last
        for folder in folders { Publisher.sync(folder) }
    }

    /// Writes one file (its folders made on first use) and returns its manifest entry.
    public func write(_ file: RenderedFile) throws -> Manifest.Output {
        try write(path: file.path) { try $0.append(file.bytes) }
    }

    /// Writes one file as its bytes are made, a part at a time (`produce` hands each to the
    /// sink), hashing as it goes, and starts its writeback (waited for by `makeDurable`);
    /// returns its manifest entry. The one place a staged file is written.
    public func write(path: String, _ produce: (inout FileSink) throws -> Void) throws -> Manifest.Output {
        let full = try prepare(path)
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PublishError(path: full, reason: String(cString: strerror(errno))) }
        defer {
            podium_start_writeback(fd)
            close(fd)
        }
        var sink = FileSink(fd: fd, path: full)
        try produce(&sink)
        return Manifest.Output(name: path, bytes: sink.count, sha256: Digest.hex(sink.hasher.finalize()))
    }

    /// The full path of a file to write, its folder made on first use and the file noted for `makeDurable`.
    private func prepare(_ relative: String) throws -> String {
        let full = (path as NSString).appendingPathComponent(relative)
        let folder = (full as NSString).deletingLastPathComponent
        lock.lock()
        defer { lock.unlock() }
        if folders.insert(folder).inserted {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw PublishError(path: folder, reason: error.localizedDescription)
            }
        }
        files.append(full)
        return full
    }

    /// Removes the folder (a run that will not publish).
    public func discard() {
        try? FileManager.default.removeItem(atPath: path)
        podium_set_cleanup_path(nil)
    }
}

/// Where a file being streamed into the staging folder goes: each part is written and hashed.
public struct FileSink {
    let fd: Int32
    let path: String
    var hasher = SHA256()
    private(set) var count = 0

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    public mutating func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try append($0) }
    }

    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        let raw = UnsafeRawBufferPointer(bytes)
        try Publisher.writeAll(raw, to: fd, path: path)
        hasher.update(bufferPointer: raw)
        count += bytes.count
    }
}

/// Output that cannot be written (exit 73).
public struct PublishError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
