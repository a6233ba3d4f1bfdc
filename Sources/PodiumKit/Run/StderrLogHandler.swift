import Foundation
import Logging

/// Log lines on standard error, for people (`text`: the message alone) or for log collectors
/// (`json`: one object per line). No colour, no progress bars: safe under cron.
public struct StderrLogHandler: LogHandler {
    public enum Format: String, Sendable, CaseIterable {
        case text
        case json
    }

    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public let format: Format
    /// Erase a progress line before each log line (stderr is a terminal).
    public let clearsLine: Bool

    public init(format: Format, level: Logger.Level, clearsLine: Bool = false) {
        self.format = format
        self.logLevel = level
        self.clearsLine = clearsLine
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let level = event.level, message = event.message, extra = event.metadata
        let text: String
        switch format {
        case .text:
            text = message.description
        case .json:
            var fields = ["\"level\": \(jsonString(level.rawValue))", "\"message\": \(jsonString(message.description))"]
            let all = metadata.merging(extra ?? [:]) { _, b in b }
            for key in all.keys.sorted() { fields.append("\(jsonString(key)): \(jsonString(all[key]!.description))") }
            text = "{" + fields.joined(separator: ", ") + "}"
        }
        if clearsLine {
            BestEffortOutput.write(BestEffortOutput.standardError, "\r\u{1B}[K" + text + "\n")
        } else {
            StderrBuffer.shared.write(text + "\n", urgent: level >= .notice)
        }
    }
}

/// Standard error written in blocks of up to 64 KiB instead of a write per line, when it is not
/// a terminal: a national month logs tens of thousands of warnings, and a system call each took
/// a quarter of a second. A line at notice level or above (errors, the closing summary) is written
/// at once, after everything before it; `flush()` writes the rest when the run ends.
public final class StderrBuffer: @unchecked Sendable {
    public static let shared = StderrBuffer()
    private let lock = NSLock()
    private var pending: [UInt8] = []
    private static let limit = 1 << 16

    /// Adds `text`; writes what is waiting when `urgent` or a block is full.
    public func write(_ text: String, urgent: Bool) {
        lock.lock()
        defer { lock.unlock() }
        pending.append(contentsOf: text.utf8)
        if urgent || pending.count >= Self.limit { flushLocked() }
    }

    /// Writes whatever is waiting.
    public func flush() {
        lock.lock()
        defer { lock.unlock() }
        flushLocked()
    }

    private func flushLocked() {
        guard !pending.isEmpty else { return }
        BestEffortOutput.write(BestEffortOutput.standardError, pending)
        pending.removeAll(keepingCapacity: true)
    }
}
