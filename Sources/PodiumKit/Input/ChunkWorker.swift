#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import CPodiumSys

/// What a `ChunkWorker` hands its rows to: the one validator of a file, fed by one worker or by
/// one per core.
protocol ChunkRows {
    /// The field whose bytes `prefetch` gets for the line after the one being checked (nil: none).
    var lookaheadField: Int? { get }
    /// A hint: the next plain line's `lookaheadField` bytes, before its row is checked.
    func prefetch(_ key: UnsafeBufferPointer<UInt8>)
    /// A plain line — it passed every record-level check by its shape — typed in place; `offset`
    /// is where it starts in the file.
    mutating func takeLine(_ row: inout RowFields, offset: Int)
    /// A record the CSV scanner made, after `TableReader.dispatch`'s record-level checks.
    mutating func takeRecord(_ row: inout RowFields, offset: Int)
    /// On the worker's own thread, before its first row (memory of its own is made here, so
    /// that each core zeroes its own pages).
    mutating func begin()
    /// After the worker's last row.
    mutating func finish()
    /// Adds `delta` to every line number kept (a worker that started mid-file counted from 1).
    mutating func shiftLines(by delta: Int)
}

extension ChunkRows {
    mutating func begin() {}
}

/// Holds a worker while it runs on its own core.
final class ChunkBox<Rows: ChunkRows>: @unchecked Sendable {
    var worker: ChunkWorker<Rows>
    init(_ worker: ChunkWorker<Rows>) { self.worker = worker }
}

/// One core's share of a file: every record that starts in `start..<end`, handed to `rows`.
/// (A struct, so that the hot loop's accesses to its state are checked at compile time rather
/// than at run time.)
struct ChunkWorker<Rows: ChunkRows> {
    let fd: Int32
    let size: Int
    let start: Int
    let end: Int
    let delimiter: UInt8
    let layout: RowLayout
    let autoEncoding: Bool
    /// The line this worker's first record was counted on (1 for a worker that started mid-file).
    private(set) var firstLine: Int
    var rows: Rows
    var result = TableReadResult()
    var error: CSVFileError?
    /// Where the worker stopped: the start of the first record it did not take.
    private(set) var stop: Int
    /// The line of that record.
    private(set) var line: Int

    /// Called after each read with the bytes of the file read so far (a progress display).
    var onBytesRead: ((Int) -> Void)?

    private var buffer: ReadBuffer
    private var bufferOffset = 0
    private var length = 0
    private var pos = 0

    init(fd: Int32, size: Int, start: Int, end: Int, line: Int, delimiter: UInt8, layout: RowLayout,
         rows: Rows, autoEncoding: Bool) {
        self.fd = fd
        self.size = size
        self.start = start
        self.end = end
        self.line = line
        self.firstLine = line
        self.delimiter = delimiter
        self.layout = layout
        self.rows = rows
        self.autoEncoding = autoEncoding
        self.stop = start
        self.buffer = ReadBuffer(capacity: 1 << 22)
        self.bufferOffset = start
    }

    private var atEOF: Bool { bufferOffset + length >= size }

    /// Moves the unread bytes to the front and reads more; false at the end of the file.
    private mutating func fill() -> Bool {
        if pos > 0 {
            let keep = length - pos
            if keep > 0 { memmove(buffer.memory, buffer.memory + pos, keep) }
            bufferOffset += pos
            length = keep
            pos = 0
        }
        if length == buffer.capacity { buffer.grow(keeping: length) }
        guard !atEOF else { return false }
        let n = pread(fd, buffer.memory + length, min(buffer.capacity - length, size - bufferOffset - length), off_t(bufferOffset + length))
        guard n > 0 else {
            if n < 0 { error = .cannotOpen(String(cString: strerror(errno))) }
            return false
        }
        length += n
        onBytesRead?(bufferOffset + length)
        return true
    }

    mutating func shiftLines(by delta: Int) {
        guard delta != 0 else { return }
        firstLine += delta
        line += delta
        for k in result.diagnostics.indices { result.diagnostics[k].line = result.diagnostics[k].line.map { $0 + delta } }
        rows.shiftLines(by: delta)
        switch error {
        case .encoding(let l, let detail): error = .encoding(line: l + delta, detail: detail)
        case .unclosedQuote(let l, let column): error = .unclosedQuote(line: l + delta, column: column)
        default: break
        }
    }

    mutating func run() {
        rows.begin()
        let width = layout.map.width
        // two delimiter tables (this line's and the next line's, scanned one row ahead), each on
        // cache lines of its own: they are written for every line, and nothing else may share them
        let tableBytes = ((width + 1) * 8 + 63) / 64 * 64
        let delimsMemory = UnsafeMutableRawPointer.allocate(byteCount: 2 * tableBytes, alignment: 64)
        defer { delimsMemory.deallocate() }
        var delims = delimsMemory.bindMemory(to: Int.self, capacity: width + 1)
        var nextDelims = (delimsMemory + tableBytes).bindMemory(to: Int.self, capacity: width + 1)
        let d = delimiter, hot = layout.hot
        let keyField = rows.lookaheadField ?? -1
        defer { rows.finish() }
        // the scan of the line at `pos`, made while the line before it was checked (a whole line
        // found in the buffer: moving the buffer's bytes keeps it true, its offsets are relative)
        var ahead: podium_line_scan?
        while error == nil {
            if bufferOffset + pos >= end { break }
            if pos >= length && !fill() { break }
            // the line's delimiters and end, reading more while the buffer holds no line end
            var scan: podium_line_scan
            if let known = ahead {
                scan = known
                swap(&delims, &nextDelims)
                ahead = nil
            } else {
                while true {
                    scan = podium_scan_line(buffer.memory + pos, length - pos, d, delims, width)
                    if scan.flags & PODIUM_SCAN_SPECIAL != 0 || scan.newline >= 0 || atEOF { break }
                    if !fill() { break }
                }
            }
            if error != nil { break }
            // A plain line — no quote, no lone CR, the header's width, within the field limit,
            // valid UTF-8, not blank — passes every record-level check by its shape: its fields
            // are typed in place. Anything else goes through the CSV scanner and `dispatch`.
            if scan.flags & PODIUM_SCAN_SPECIAL == 0 && scan.delimiters + 1 == width {
                let start = pos
                let lineEnd = scan.newline >= 0 ? start + scan.newline : length
                var q = lineEnd
                if scan.newline >= 0 && q > start && buffer.memory[q - 1] == 0x0D { q -= 1 }
                if q - start <= InputLimits.maxFieldBytes,
                   scan.flags & PODIUM_SCAN_HIGH == 0 || podium_utf8_valid(buffer.memory + start, q - start) != 0 {
                    delims[width - 1] = q - start
                    var row = RowFields(bytes: UnsafeBufferPointer(start: buffer.memory + start, count: q - start),
                                        ends: delims, gap: 1, line: line, layout: layout, hot: hot)
                    if !ByteText.allBlank(row.bytes, fieldCount: width, row.fieldRange) {
                        result.counts.read += 1
                        // the next line, scanned now so that its key's table slot — rarely in
                        // cache — is asked for a whole row before its lookup
                        var next: podium_line_scan?
                        if scan.newline >= 0 && lineEnd + 1 < length {
                            let at = lineEnd + 1
                            let s = podium_scan_line(buffer.memory + at, length - at, d, nextDelims, width)
                            if s.newline >= 0 && s.flags & PODIUM_SCAN_SPECIAL == 0 {
                                next = s
                                if keyField >= 0 && s.delimiters + 1 == width {
                                    let from = keyField == 0 ? 0 : nextDelims[keyField - 1] + 1
                                    let to = keyField + 1 < width ? nextDelims[keyField] : s.newline
                                    rows.prefetch(UnsafeBufferPointer(start: buffer.memory + at + from, count: to - from))
                                }
                            }
                        }
                        rows.takeLine(&row, offset: bufferOffset + start)
                        if !row.diagnostics.isEmpty { result.diagnostics += row.diagnostics }
                        line += 1
                        pos = scan.newline >= 0 ? lineEnd + 1 : length
                        ahead = next
                        continue
                    }
                }
            }
            scanRecord()
        }
        stop = bufferOffset + pos
    }

    /// The record at `pos` through `CSVScanner` and the row-by-row rules.
    private mutating func scanRecord() {
        var scanner = CSVScanner(delimiter: delimiter, line: line)
        let recordOffset = bufferOffset + pos
        var got: RawRecord?
        // the start of a UTF-8 sequence that the buffer's end cut off, in a record that goes on
        // past it: the scanner has taken those bytes, so they are checked with the next read's
        var cutSequence: [UInt8] = []
        while true {
            let lineBefore = scanner.line, crBefore = scanner.lastWasCR
            let b = UnsafeBufferPointer(start: buffer.memory, count: length)
            let used = scanner.feedOne(UnsafeBufferPointer(rebasing: b[pos..<length])) { got = $0 }
            let checked = used ?? (length - pos)
            var bad: (Int, String, Int)?
            var from = pos, to = pos + checked
            if !cutSequence.isEmpty {
                let rest = min(UTF8Check.sequenceLength(lead: cutSequence[0]) - cutSequence.count, checked)
                let joined = cutSequence + Array(b[pos..<(pos + rest)])
                if let (_, detail) = joined.withUnsafeBufferPointer({ UTF8Check.firstError($0, from: 0, to: 1, atEnd: atEOF) }) {
                    bad = (pos, detail, lineBefore)
                }
                cutSequence = []
                from = pos + rest
            }
            if used == nil && !atEOF, let cut = UTF8Check.cutSequenceStart(b, from: from, to: to) {
                cutSequence = Array(b[cut..<to])
                to = cut
            }
            if bad == nil, let (at, detail) = UTF8Check.firstError(b, from: from, to: to, atEnd: atEOF) {
                bad = (at, detail, lineBefore + UTF8Check.lineBreaks(b, from: pos, to: at, afterCR: crBefore))
            }
            if let (_, detail, badLine) = bad {
                let hint = autoEncoding ? "; if this is a Chinese Excel export, try --encoding gb18030 or --encoding big5" : ""
                error = .encoding(line: badLine, detail: detail + hint)
                return
            }
            if let used {
                pos += used
                break
            }
            pos = length
            if !fill() {
                if error != nil { return }
                do {
                    try scanner.finish { got = $0 }
                } catch {
                    self.error = .unclosedQuote(line: error.line, column: error.column)
                    return
                }
                break
            }
        }
        if scanner.lastWasCR && (pos < length || fill()) && buffer.memory[pos] == 0x0A { pos += 1 }
        line = scanner.line
        guard let raw = got else { return }
        if raw.isBlank {
            result.counts.blank += 1
            return
        }
        TableReader.dispatch(raw, layout: layout, into: &result) { rows.takeRecord(&$0, offset: recordOffset) }
    }
}

/// A worker's read buffer: raw memory, so the hot loop indexes it without checks or closures.
final class ReadBuffer: @unchecked Sendable {
    private(set) var memory: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        memory = .allocate(capacity: capacity)
    }

    /// Doubles the buffer, keeping its first `count` bytes.
    func grow(keeping count: Int) {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        bigger.update(from: memory, count: count)
        memory.deallocate()
        memory = bigger
        capacity *= 2
    }

    deinit { memory.deallocate() }
}

/// The header of a UTF-8 file read by chunk workers: the record (after any BOM and blank lines)
/// taken by the same `HeaderStep` as every reader, and where the data starts.
struct FileHeader {
    var layout: RowLayout
    var delimiter: UInt8
    var warnings: [Diagnostic]
    var blanks: Int
    /// Where the first data record starts, and its line.
    var dataStart: Int
    var dataLine: Int

    /// Nil when the file needs `TableReader`'s own pipeline, which reports what is wrong: UTF-16,
    /// a header with errors (or one `accept` refuses), bad bytes, a header past the first MiB.
    static func read(table: TableReader, fd: Int32, size: Int, accept: (RowLayout) -> Bool) -> FileHeader? {
        let want = min(size, 1 << 20)
        var prefix = [UInt8](repeating: 0, count: want)
        let n = prefix.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, 0) }
        guard n == want else { return nil }
        let bom = CSVFileReader.detectBOM(prefix)
        guard bom == nil || bom == .utf8 else { return nil }
        let start = bom == nil ? 0 : 3
        let whole = want == size
        guard let d = CSVFileReader.chooseDelimiter(table.delimiter, prefix: Array(prefix[start...]), final: whole) else { return nil }
        var pos = start, line = 1
        var step = HeaderStep(table: table)
        var result = TableReadResult()
        return prefix.withUnsafeBufferPointer { b -> FileHeader? in
            while pos < b.count {
                var scanner = CSVScanner(delimiter: d, line: line)
                var got: RawRecord?
                guard let used = scanner.feedOne(UnsafeBufferPointer(rebasing: b[pos...]), emit: { got = $0 }) else { return nil }
                // the bytes are checked before any rule reads them (the byte rules take valid UTF-8;
                // a record with a cut-off sequence once reached the blank check first: a fuzz crash)
                guard UTF8Check.firstError(b, from: pos, to: pos + used, atEnd: whole) == nil, let raw = got else { return nil }
                let blank = raw.isBlank
                if !blank { step.take(raw, into: &result) }
                pos += used
                if scanner.lastWasCR {
                    guard pos < b.count else { return nil }
                    if b[pos] == 0x0A { pos += 1 }
                }
                line = scanner.line
                if blank {
                    result.counts.blank += 1
                    continue
                }
                guard let layout = step.layout, accept(layout) else { return nil }
                return FileHeader(layout: layout, delimiter: d, warnings: result.diagnostics, blanks: result.counts.blank,
                                  dataStart: pos, dataLine: line)
            }
            return nil
        }
    }
}

/// The rows of a one-worker read: each handed to the file's row closure, plain line or record.
struct ClosureRows: ChunkRows {
    let onRow: (inout RowFields) -> Void
    /// The key field handed to `prefetchKey` a line ahead (nil: none).
    var lookaheadField: Int? = nil
    var prefetchKey: ((UnsafeBufferPointer<UInt8>) -> Void)? = nil
    func prefetch(_ key: UnsafeBufferPointer<UInt8>) { prefetchKey?(key) }
    mutating func takeLine(_ row: inout RowFields, offset: Int) { onRow(&row) }
    mutating func takeRecord(_ row: inout RowFields, offset: Int) { onRow(&row) }
    mutating func finish() {}
    mutating func shiftLines(by delta: Int) {}
}
