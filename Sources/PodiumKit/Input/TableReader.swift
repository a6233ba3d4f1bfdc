#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Rows read, accepted, rejected and blank for one input file (SPEC §2 counting rule).
public struct FileCounts: Sendable, Equatable {
    public var read = 0
    public var accepted = 0
    public var blank = 0
    public var rejected: Int { read - accepted }
    public init() {}
}

/// What reading one CSV file gave at the file level.
public struct TableReadResult: Sendable {
    /// `encoding`, `empty-file`, `missing-column`, `duplicate-column`, `unclosed-quote`: they stop the run.
    public var fileErrors: [Diagnostic] = []
    /// `unknown-column` warnings and every row-level diagnostic from the reader.
    public var diagnostics: [Diagnostic] = []
    public var counts = FileCounts()
}

/// Reads one input file into typed rows: header mapping, blank lines, `field-count`, `bad-quote`,
/// then hands each remaining record to `onRow` to be typed field by field.
public struct TableReader {
    public var path: String
    public var file: InputFile
    public var fileName: String
    public var encoding: TextEncoding
    public var delimiter: DelimiterSetting
    public var mapping: [String: String]
    public var currencySymbols: [String]
    /// Progress of the read, 0…1, for a display on a terminal.
    public var progress: ProgressHandler?
    /// Whether a UTF-8 file's plain lines are typed where they lie in the read buffer (one
    /// `ChunkWorker`); off, every record goes through the CSV scanner's pipeline (tests compare both).
    var plainLinesInPlace = true

    public init(path: String, file: InputFile, fileName: String, plan: Plan, encodingOverride: TextEncoding?) {
        self.path = path
        self.file = file
        self.fileName = fileName
        self.encoding = encodingOverride ?? plan.encoding(for: file)
        self.delimiter = plan.delimiter
        self.mapping = plan.columnMappings[file] ?? [:]
        self.currencySymbols = plan.currencySymbols
    }

    /// Streams the file. `onRow` gets every data record that passed `field-count` and `bad-quote`
    /// as a `RowFields`, types the fields and applies the file's rules; the row's own diagnostics
    /// are collected here. Records are scanned on a second thread while rows are checked.
    ///
    /// - Parameter lookahead: a key column whose bytes, on the plain-line path, are handed to
    ///   `prefetch` one line before that line's row is checked (to start loading the table slot
    ///   the row will look up: a cache miss per row was most of checking targets.csv).
    public func read(lookahead: (column: Int, prefetch: (UnsafeBufferPointer<UInt8>) -> Void)? = nil,
                     _ onRow: (inout RowFields) -> Void) -> TableReadResult {
        if plainLinesInPlace, let result = readLinesInPlace(lookahead: lookahead, onRow) { return result }
        var result = TableReadResult()
        var header = HeaderStep(table: self)
        var reader = CSVFileReader(path: path, encoding: encoding, delimiter: delimiter)
        if let progress {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0
            let name = fileName
            if size > 0 { reader.onBytesRead = { progress("reading \(name)", Double($0) / size) } }
        }
        func handle(_ raw: RawRecord) {
            if raw.isBlank {
                result.counts.blank += 1
                return
            }
            guard let layout = header.layout else {
                header.take(raw, into: &result)
                return
            }
            Self.dispatch(raw, layout: layout, into: &result, onRow)
        }
        do {
            try reader.readPipelined(handle)
        } catch {
            result.fileErrors.append(fileError(error))
        }
        if header.layout == nil && !header.broken && result.fileErrors.isEmpty {
            result.fileErrors.append(Diagnostic(.error, "empty-file", file: file, fileName: fileName,
                                                message: "\(fileName) has no header row"))
        }
        return result
    }

    /// A UTF-8 file (with or without a BOM) whose header is fine, on one `ChunkWorker`: a plain
    /// line — no quote, no lone CR, the header's width, valid UTF-8 — is typed where it lies in
    /// the read buffer; any other record goes through the CSV scanner and `dispatch`. The same
    /// rules in file order as the pipeline below, without a record's copy per row. Nil when the
    /// file is not for this path (the pipeline reads it and reports what is wrong).
    private func readLinesInPlace(lookahead: (column: Int, prefetch: (UnsafeBufferPointer<UInt8>) -> Void)?,
                                  _ onRow: (inout RowFields) -> Void) -> TableReadResult? {
        guard encoding == .auto || encoding == .utf8 else { return nil }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        guard let header = FileHeader.read(table: self, fd: fd, size: size, accept: { _ in true }) else { return nil }
        return withoutActuallyEscaping(onRow) { onRow in
            let rows = ClosureRows(onRow: onRow, lookaheadField: lookahead.flatMap { header.layout.map.fieldIndex[$0.column] },
                                   prefetchKey: lookahead?.prefetch)
            var worker = ChunkWorker(fd: fd, size: size, start: header.dataStart, end: size, line: header.dataLine,
                                     delimiter: header.delimiter, layout: header.layout, rows: rows,
                                     autoEncoding: encoding == .auto)
            if let progress, size > 0 {
                let name = fileName
                worker.onBytesRead = { progress("reading \(name)", Double($0) / Double(size)) }
            }
            worker.run()
            var result = TableReadResult()
            result.diagnostics = header.warnings + worker.result.diagnostics
            result.counts = worker.result.counts
            result.counts.blank += header.blanks
            if let error = worker.error { result.fileErrors.append(fileError(error)) }
            return result
        }
    }

    /// One data record after the header: counted, then `field-too-long`, `field-count` and
    /// `bad-quote`, then typed as a `RowFields` for `onRow`. (Blank records are counted before
    /// this.) Every reader of data records — one thread or many — comes through here or, for a
    /// plain line that passes these checks by its shape, straight to `onRow`.
    static func dispatch(_ raw: RawRecord, layout: RowLayout, into result: inout TableReadResult,
                         _ onRow: (inout RowFields) -> Void) {
        result.counts.read += 1
        let file = layout.file, fileName = layout.fileName
        if let o = raw.oversized {
            result.diagnostics.append(tooLong(o, line: raw.line, file: file, fileName: fileName, severity: .error))
            return
        }
        if raw.fieldCount != layout.map.width {
            result.diagnostics.append(Diagnostic(.error, "field-count", file: file, fileName: fileName, line: raw.line,
                                                 message: "this row has \(raw.fieldCount) fields but the header has \(layout.map.width)"))
            return
        }
        if raw.badQuote {
            result.diagnostics.append(Diagnostic(.error, "bad-quote", file: file, fileName: fileName, line: raw.line,
                                                 message: "a closing quote is followed by something other than a delimiter or line end (write a quote inside a quoted field as \"\")"))
            return
        }
        RowFields.with(raw, layout: layout) { row in
            onRow(&row)
            if !row.diagnostics.isEmpty { result.diagnostics.append(contentsOf: row.diagnostics) }
        }
    }

    /// `field-too-long`: a field longer than `InputLimits.maxFieldBytes`, or more fields than
    /// `InputLimits.maxFields` (column 0 → none).
    static func tooLong(_ column: Int, line: Int, file: InputFile, fileName: String, severity: Severity) -> Diagnostic {
        column == 0
            ? Diagnostic(severity, "field-too-long", file: file, fileName: fileName, line: line,
                         message: "this record has more than \(InputLimits.maxFields) fields (the limit of a record); it is ignored")
            : Diagnostic(severity, "field-too-long", file: file, fileName: fileName, line: line, column: column,
                         message: "field \(column) is longer than \(InputLimits.maxFieldBytes) bytes (the limit of a field); the record is ignored")
    }

    /// The diagnostic for a file that could not be read to the end.
    func fileError(_ error: CSVFileError) -> Diagnostic {
        switch error {
        case .cannotOpen(let why):
            return Diagnostic(.error, "missing-file", file: file, fileName: fileName,
                              message: "\(fileName) cannot be read: \(why)")
        case .encoding(let line, let detail):
            return Diagnostic(.error, "encoding", file: file, fileName: fileName, line: line,
                              message: "\(fileName) is not valid \(encodingName): \(detail)")
        case .unclosedQuote(let line, let column):
            return Diagnostic(.error, "unclosed-quote", file: file, fileName: fileName, line: line, column: column,
                              message: "a quoted field opened here is never closed before the end of the file")
        }
    }

    /// The encoding the file was read in: under `auto`, the one its byte-order mark announced.
    private var encodingName: String {
        guard encoding == .auto else { return encoding.rawValue }
        guard let h = FileHandle(forReadingAtPath: path), let head = try? h.read(upToCount: 3) else { return "UTF-8" }
        try? h.close()
        switch CSVFileReader.detectBOM([UInt8](head)) {
        case .utf16le?: return "UTF-16LE (by its byte-order mark)"
        case .utf16be?: return "UTF-16BE (by its byte-order mark)"
        default: return "UTF-8"
        }
    }
}

/// The header of a file (SPEC §1.1): the first non-blank record, mapped to the schema's columns
/// (`unknown-column` warnings; `missing-column`, `duplicate-column` and an oversized header stop
/// the run). Every reader of a file, on one core or on many, takes its header through here.
struct HeaderStep {
    let file: InputFile
    let fileName: String
    let schema: TableSchema
    let mapping: [String: String]
    let currencySymbols: [String]
    /// Set once a header mapped without errors.
    private(set) var layout: RowLayout?
    /// Set once a header failed: the rest of the file is not read as data.
    private(set) var broken = false

    init(table: TableReader) {
        file = table.file
        fileName = table.fileName
        schema = TableSchema.schema(for: table.file)
        mapping = table.mapping
        currencySymbols = table.currencySymbols
    }

    /// Takes the first non-blank record (later ones are ignored once the header failed).
    mutating func take(_ raw: RawRecord, into result: inout TableReadResult) {
        guard !broken, layout == nil else { return }
        if let o = raw.oversized {
            result.fileErrors.append(TableReader.tooLong(o, line: raw.line, file: file, fileName: fileName, severity: .error))
            broken = true
            return
        }
        let (built, diags) = HeaderMap.build(header: raw.record(), schema: schema, mapping: mapping, file: file, fileName: fileName)
        for d in diags {
            if d.severity == .error { result.fileErrors.append(d) } else { result.diagnostics.append(d) }
        }
        if diags.contains(where: { $0.severity == .error }) {
            broken = true
        } else {
            layout = RowLayout(file: file, fileName: fileName, schema: schema, map: built, currencySymbols: currencySymbols)
        }
    }
}
