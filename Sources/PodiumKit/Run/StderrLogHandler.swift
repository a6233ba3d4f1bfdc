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
        FileHandle.standardError.write(Data(((clearsLine ? "\r\u{1B}[K" : "") + text + "\n").utf8))
    }
}
