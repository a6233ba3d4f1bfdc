import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one place that writes output: files go into a staging folder beside the target, which is
/// then moved into place, so a failed run leaves the earlier output of the period untouched.
public struct Publisher {
    public var outputRoot: String
    public var period: Period

    public init(outputRoot: String, period: Period) {
        self.outputRoot = outputRoot
        self.period = period
    }

    public var target: String { (outputRoot as NSString).appendingPathComponent(period.description) }

    /// Writes every file and swaps the folder in.
    ///
    /// - Throws: `PublishError` with the path that could not be written (exit 73).
    public func publish(_ files: [RenderedFile]) throws -> String {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: outputRoot, withIntermediateDirectories: true)
        } catch {
            throw PublishError(path: outputRoot, reason: "cannot create the output folder: \(error.localizedDescription)")
        }
        let staging = (outputRoot as NSString).appendingPathComponent(".\(period).tmp-\(getpid())")
        try? fm.removeItem(atPath: staging)
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
            for f in files {
                let path = (staging as NSString).appendingPathComponent(f.path)
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                let data = Data(f.bytes)
                guard fm.createFile(atPath: path, contents: data) else {
                    throw PublishError(path: path, reason: "cannot write the file")
                }
            }
        } catch let e as PublishError {
            try? fm.removeItem(atPath: staging)
            throw e
        } catch {
            try? fm.removeItem(atPath: staging)
            throw PublishError(path: staging, reason: error.localizedDescription)
        }
        let old = (outputRoot as NSString).appendingPathComponent(".\(period).old-\(getpid())")
        let hadOld = fm.fileExists(atPath: target)
        if hadOld {
            guard rename(target, old) == 0 else {
                try? fm.removeItem(atPath: staging)
                throw PublishError(path: target, reason: String(cString: strerror(errno)))
            }
        }
        guard rename(staging, target) == 0 else {
            let why = String(cString: strerror(errno))
            if hadOld { _ = rename(old, target) }
            try? fm.removeItem(atPath: staging)
            throw PublishError(path: target, reason: why)
        }
        if hadOld { try? fm.removeItem(atPath: old) }
        return target
    }
}

/// Output that cannot be written (exit 73).
public struct PublishError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
