import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on `OUTPUT/.podium.lock`, so two runs never publish into one folder at once.
/// The lock file holds the holder's pid; the kernel releases the lock when the process ends,
/// however it ends.
public final class OutputLock {
    private let fd: Int32
    public let path: String

    /// Another run holds the lock (exit 75).
    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        public var holderPID: String
        public var description: String { "\(path) is locked by another podium run (pid \(holderPID)); try again later or use --wait SECONDS" }
    }

    /// Takes the lock, waiting up to `wait` seconds.
    ///
    /// - Throws: `Busy` when still held after `wait`; `PublishError` when the lock file cannot be made.
    public init(outputRoot: String, wait: Double) throws {
        path = (outputRoot as NSString).appendingPathComponent(".podium.lock")
        do {
            try FileManager.default.createDirectory(atPath: outputRoot, withIntermediateDirectories: true)
        } catch {
            throw PublishError(path: outputRoot, reason: "cannot create the output folder (\(error.localizedDescription))")
        }
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PublishError(path: path, reason: String(cString: strerror(errno))) }
        let deadline = Date().addingTimeInterval(max(0, wait))
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if Date() >= deadline {
                var buffer = [UInt8](repeating: 0, count: 32)
                let n = pread(fd, &buffer, 32, 0)
                let pid = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingWhiteSpace() : "unknown"
                close(fd)
                throw Busy(path: path, holderPID: pid.isEmpty ? "unknown" : pid)
            }
            usleep(100_000)
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}

extension OutputLock {
    /// Takes the lock of `outputRoot` for `run` and `compare`: the lock, or the exit code after
    /// saying why (75 another run holds it, 73 the folder cannot be written).
    static func take(outputRoot: String, wait: Double, log: Logger) -> Result<OutputLock, RunFailure> {
        do { return .success(try OutputLock(outputRoot: outputRoot, wait: wait)) } catch let busy as OutputLock.Busy {
            log.error("podium: \(busy)")
            return .failure(RunFailure(code: 75, message: "\(busy)"))
        } catch {
            log.error("podium: cannot write output: \(error)")
            return .failure(RunFailure(code: 73, message: "\(error)"))
        }
    }
}
