#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The delimiter setting of `[input] delimiter` (SPEC §1.1).
public enum DelimiterSetting: Sendable, Equatable {
    /// Tab if the first non-blank line has a tab and no comma, else comma.
    case auto
    case character(UInt8)

    /// Parses `auto`, `tab` or a single ASCII character.
    public init?(_ text: String) {
        switch text {
        case "auto": self = .auto
        case "tab", "\t": self = .character(0x09)
        default:
            guard text.utf8.count == 1, let b = text.utf8.first, b != 0x22, b != 0x0A, b != 0x0D else { return nil }
            self = .character(b)
        }
    }
}

/// A file-level failure while reading a CSV file.
public enum CSVFileError: Error, Equatable {
    case cannotOpen(String)
    case encoding(line: Int, detail: String)
    case unclosedQuote(line: Int, column: Int)
}

/// Streams one CSV file: bytes → encoding → records, in fixed-size chunks.
public struct CSVFileReader {
    public var path: String
    public var encoding: TextEncoding
    public var delimiter: DelimiterSetting
    /// Bytes read at a time; the file is never held whole.
    public var chunkSize = 1 << 20
    /// Called after each chunk with the bytes read so far (for a progress display).
    public var onBytesRead: ((Int) -> Void)?

    public init(path: String, encoding: TextEncoding, delimiter: DelimiterSetting) {
        self.path = path
        self.encoding = encoding
        self.delimiter = delimiter
    }

    /// The byte-order mark at the start of `bytes`, if any, and the encoding it announces.
    static func detectBOM(_ bytes: [UInt8]) -> TextEncoding? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8 }
        if bytes.starts(with: [0xFF, 0xFE]) { return .utf16le }
        if bytes.starts(with: [0xFE, 0xFF]) { return .utf16be }
        return nil
    }

    /// Reads the whole file, calling `onRecord` for each record in order.
    ///
    /// - Returns: the delimiter used.
    /// - Throws: `CSVFileError` for a file that cannot be opened, bad bytes, or an unclosed quote.
    @discardableResult
    public func read(_ onRecord: (CSVRecord) -> Void) throws(CSVFileError) -> UInt8 {
        try readRaw { onRecord($0.record()) }
    }

    /// Reads the whole file as raw records (bytes and field offsets), the fast form.
    @discardableResult
    public func readRaw(_ onRecord: (RawRecord) -> Void) throws(CSVFileError) -> UInt8 {
        guard let file = fopen(path, "rb") else { throw .cannotOpen(String(cString: strerror(errno))) }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var total = 0
        func readChunk() -> ArraySlice<UInt8> {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, chunkSize, file) }
            total += n
            onBytesRead?(total)
            return buffer[0..<n]
        }
        var first = Array(readChunk())
        var chosen = encoding
        let bom = Self.detectBOM(first)
        if let bom, encoding == .auto { chosen = bom }
        if chosen == .utf16 { chosen = first.starts(with: [0xFE, 0xFF]) ? .utf16be : .utf16le }
        var transcoder = makeTranscoder(for: chosen)
        var scanner: CSVScanner?
        var pending: [UInt8] = []
        var strippedBOM = false
        var eof = first.count < chunkSize

        func process(_ decoded: inout [UInt8], final: Bool) {
            if !strippedBOM {
                pending.append(contentsOf: decoded)
                decoded.removeAll(keepingCapacity: true)
                if pending.count < 3 && !final { return }
                if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
                strippedBOM = true
            } else if scanner == nil {
                pending.append(contentsOf: decoded)
                decoded.removeAll(keepingCapacity: true)
            }
            if scanner == nil {
                guard let d = Self.chooseDelimiter(delimiter, prefix: pending, final: final) else { return }
                scanner = CSVScanner(delimiter: d)
                scanner!.feed(pending, emit: onRecord)
                pending = []
            }
            if !decoded.isEmpty {
                scanner!.feed(decoded, emit: onRecord)
                decoded.removeAll(keepingCapacity: true)
            }
        }

        var decoded: [UInt8] = []
        decoded.reserveCapacity(chunkSize + 16)
        var input = ArraySlice(first)
        first = []
        while true {
            do {
                try transcoder.transcode(input, final: eof, into: &decoded)
            } catch let failure as DecodingFailure {
                process(&decoded, final: true)
                let line = scanner?.line ?? 1
                var detail = failure.detail
                if encoding == .auto && bom == nil {
                    detail += "; if this is a Chinese Excel export, try --encoding gb18030 or --encoding big5"
                }
                throw .encoding(line: line, detail: detail)
            } catch {
                throw .encoding(line: scanner?.line ?? 1, detail: "\(error)")
            }
            process(&decoded, final: eof)
            if eof { break }
            input = readChunk()
            eof = input.count < chunkSize
            if input.isEmpty { eof = true }
        }
        if scanner == nil {
            scanner = CSVScanner(delimiter: Self.chooseDelimiter(delimiter, prefix: pending, final: true) ?? 0x2C)
            scanner!.feed(pending, emit: onRecord)
        }
        do {
            try scanner!.finish(emit: onRecord)
        } catch {
            throw .unclosedQuote(line: error.line, column: error.column)
        }
        return scanner!.delimiter
    }

    /// Decides `auto`: tab when the first non-blank line has a tab and no comma.
    /// Returns nil while no complete non-blank line has been seen and more input may come.
    static func chooseDelimiter(_ setting: DelimiterSetting, prefix: [UInt8], final: Bool) -> UInt8? {
        if case .character(let c) = setting { return c }
        var lineStart = 0
        var i = 0
        while i <= prefix.count {
            let atEnd = i == prefix.count
            if atEnd && !final { return nil }
            if atEnd || prefix[i] == 0x0A || prefix[i] == 0x0D {
                let lineBytes = prefix[lineStart..<i]
                let meaningful = lineBytes.contains { !($0 == 0x20 || $0 == 0x09 || $0 == 0x2C || $0 == 0x22) }
                if meaningful {
                    let hasTab = lineBytes.contains(0x09), hasComma = lineBytes.contains(0x2C)
                    return hasTab && !hasComma ? 0x09 : 0x2C
                }
                lineStart = i + 1
            }
            i += 1
        }
        return 0x2C
    }
}
