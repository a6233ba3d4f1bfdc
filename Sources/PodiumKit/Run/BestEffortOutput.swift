#if canImport(Glibc)
import Glibc
#endif

/// Writes to standard output or standard error without ever failing the run: a full disk under
/// `2>>/var/log/podium.log` or a closed pipe after `--print-paths` loses the text, never the
/// exit code (the month is published either way, and the mail step must still run).
public enum BestEffortOutput {
    public static let standardOutput: Int32 = 1
    public static let standardError: Int32 = 2

    /// Writes all of `bytes`, retrying on EINTR and giving up quietly on any other error.
    public static func write(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
    }

    public static func write(_ fd: Int32, _ text: String) { write(fd, Array(text.utf8)) }

    /// SIGPIPE would end the process when a reader closes its pipe: ignored, so writes fail
    /// with EPIPE instead (and are dropped by `write`).
    public static func ignoreBrokenPipes() { signal(SIGPIPE, SIG_IGN) }
}
