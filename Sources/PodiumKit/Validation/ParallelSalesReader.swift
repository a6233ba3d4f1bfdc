#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import CPodiumSys

/// Reads and validates `sales.csv` on every core: a layer around the one pipeline (the header by
/// `HeaderStep`, each record by `TableReader.dispatch` or, for a plain line, straight to
/// `SalesValidator.check`), so the diagnostics, counts and sums are those of one core.
///
/// The data after the header is cut into one region per core at line ends; each worker reads its
/// region with `pread` into its own buffer, types plain lines where they lie and hands anything
/// unusual (quotes, a lone CR, a wrong width) to `CSVScanner` first. A worker counts lines from 1; when the workers are done their line numbers
/// are shifted by the lines before them. A cut that fell inside a quoted line break is noticed (the
/// worker before it read past the cut) and the rest of the file is read again from where that
/// worker stopped. Repeated keys are found afterwards by `RepeatKeySpill`, over the whole file.
///
/// Only for UTF-8 files (with or without a BOM) whose header is fine; anything else is left to
/// `TableReader`, which reports it.
struct ParallelSalesReader {
    let table: TableReader
    /// Below this many bytes of data the file is read by one worker.
    var minimumSplitBytes = 1 << 20
    var workerCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

    /// - Returns: nil when the file is not for this reader (see above): read it with `TableReader`.
    func read(validator: SalesValidator) -> (TableReadResult, SalesValidator)? {
        guard table.encoding == .auto || table.encoding == .utf8 else { return nil }
        let fd = open(table.path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        guard let header = readHeader(fd: fd, size: size) else { return nil }

        var result = TableReadResult()
        result.diagnostics = header.warnings
        result.counts.blank = header.blanks

        let cuts = regionStarts(fd: fd, from: header.dataStart, size: size)
        var workers: [SalesChunkBox] = []
        for (k, start) in cuts.enumerated() {
            let end = k + 1 < cuts.count ? cuts[k + 1] : size
            workers.append(makeWorker(fd: fd, size: size, start: start, end: end, line: k == 0 ? header.dataLine : 1,
                                      validator: validator, header: header))
        }
        let all = workers
        DispatchQueue.concurrentPerform(iterations: all.count) { all[$0].worker.run() }

        // Stitch: shift line numbers; redo the rest if a cut fell inside a record.
        var done: [SalesChunkWorker] = []
        var nextStart = header.dataStart, nextLine = header.dataLine
        for box in workers {
            var w = box.worker
            if w.start != nextStart {
                // the worker before read past this cut (a quoted line break): read the rest again
                if nextStart < size {
                    let redo = makeWorker(fd: fd, size: size, start: nextStart, end: size, line: nextLine, validator: validator, header: header)
                    redo.worker.run()
                    done.append(redo.worker)
                }
                break
            }
            w.shiftLines(by: nextLine - w.firstLine)
            done.append(w)
            if w.error != nil { break }
            nextStart = w.stop
            nextLine = w.line
        }

        // the first worker's sums become the merge's (no third copy of the roster's sums)
        var merged = validator
        if let first = done.first { merged.takeSums(of: first.validator) }
        for w in done {
            result.counts.read += w.result.counts.read
            result.counts.blank += w.result.counts.blank
            result.diagnostics += w.result.diagnostics
            merged.absorb(w.validator)
            if let error = w.error {
                result.fileErrors.append(table.fileError(error))
                return (result, merged)
            }
        }

        let d = header.delimiter, policyColumn = SalesColumn.policyID
        let repeats = RepeatKeySpill.resolve(done.map { $0.validator.repeats.spill! }) { offset in
            var policy: [UInt8] = []
            _ = Self.record(fd: fd, size: size, offset: offset, line: 1, delimiter: d) { raw in
                raw.bytes.withUnsafeBufferPointer { b in
                    policy = Array(UnsafeBufferPointer(rebasing: b[ByteText.trim(b, raw.range(header.layout.map.fieldIndex[policyColumn.index]!))]))
                }
            }
            return policy
        }
        for r in repeats {
            _ = Self.record(fd: fd, size: size, offset: r.offset, line: r.line, delimiter: d) { raw in
                RowFields.with(raw, layout: header.layout) { merged.withdrawRepeat(&$0) }
            }
        }
        return (result, merged)
    }

    private func makeWorker(fd: Int32, size: Int, start: Int, end: Int, line: Int, validator: SalesValidator,
                            header: Header) -> SalesChunkBox {
        var v = validator
        v.ownSums()
        v.repeats = .spilled(expectedRows: size / 48)
        return SalesChunkBox(SalesChunkWorker(fd: fd, size: size, start: start, end: end, line: line, delimiter: header.delimiter,
                                              layout: RowLayout(copying: header.layout), validator: v, autoEncoding: table.encoding == .auto))
    }

    struct Header {
        var layout: RowLayout
        var delimiter: UInt8
        var warnings: [Diagnostic]
        var blanks: Int
        /// Where the first data record starts, and its line.
        var dataStart: Int
        var dataLine: Int
    }

    /// The header record (after any BOM and blank lines, taken by the same `HeaderStep` as every
    /// reader), or nil when the file needs `TableReader` (UTF-16, a header with errors, bad bytes,
    /// a header past the first MiB).
    private func readHeader(fd: Int32, size: Int) -> Header? {
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
        return prefix.withUnsafeBufferPointer { b -> Header? in
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
                guard let layout = step.layout, SalesColumn.allCases.allSatisfy({ layout.map.fieldIndex[$0.index] != nil }) else { return nil }
                return Header(layout: layout, delimiter: d, warnings: result.diagnostics, blanks: result.counts.blank,
                              dataStart: pos, dataLine: line)
            }
            return nil
        }
    }

    /// Where each worker starts: the data start, then the first byte after a line feed near each
    /// 1/n of the data.
    private func regionStarts(fd: Int32, from start: Int, size: Int) -> [Int] {
        let data = size - start
        guard workerCount > 1, data >= max(minimumSplitBytes, 1) else { return [start] }
        var starts = [start]
        var window = [UInt8](repeating: 0, count: 1 << 16)
        for k in 1..<workerCount {
            var at = max(start + data * k / workerCount, starts.last! + 1)
            var cut: Int?
            while cut == nil && at < size {
                let n = window.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(at)) }
                guard n > 0 else { break }
                if let i = window[0..<n].firstIndex(of: 0x0A) { cut = at + i + 1 } else { at += n }
            }
            guard let c = cut, c < size else { break }
            starts.append(c)
        }
        return starts
    }

    /// Scans the one record at `offset` and hands it to `body`.
    @discardableResult
    static func record(fd: Int32, size: Int, offset: Int, line: Int, delimiter: UInt8, _ body: (RawRecord) -> Void) -> Bool {
        var scanner = CSVScanner(delimiter: delimiter, line: line)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var at = offset
        var done = false
        while !done && at < size {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(at)) }
            guard n > 0 else { return false }
            at += n
            chunk.withUnsafeBufferPointer { b in
                if scanner.feedOne(UnsafeBufferPointer(rebasing: b[0..<n]), emit: body) != nil { done = true }
            }
        }
        if !done { try? scanner.finish(emit: body) }
        return true
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

/// Holds a worker while it runs on its own core.
final class SalesChunkBox: @unchecked Sendable {
    var worker: SalesChunkWorker
    init(_ worker: SalesChunkWorker) { self.worker = worker }
}

/// One core's share of `sales.csv`: every record that starts in `start..<end`. (A struct, so that
/// the hot loop's accesses to its state are checked at compile time rather than at run time.)
struct SalesChunkWorker {
    let fd: Int32
    let size: Int
    let start: Int
    let end: Int
    let delimiter: UInt8
    let layout: RowLayout
    let autoEncoding: Bool
    /// The line this worker's first record was counted on (1 for a worker that started mid-file).
    private(set) var firstLine: Int
    var validator: SalesValidator
    var result = TableReadResult()
    var error: CSVFileError?
    /// Where the worker stopped: the start of the first record it did not take.
    private(set) var stop: Int
    /// The line of that record.
    private(set) var line: Int

    private var buffer: ReadBuffer
    private var bufferOffset = 0
    private var length = 0
    private var pos = 0

    init(fd: Int32, size: Int, start: Int, end: Int, line: Int, delimiter: UInt8, layout: RowLayout,
         validator: SalesValidator, autoEncoding: Bool) {
        self.fd = fd
        self.size = size
        self.start = start
        self.end = end
        self.line = line
        self.firstLine = line
        self.delimiter = delimiter
        self.layout = layout
        self.validator = validator
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
        return true
    }

    mutating func shiftLines(by delta: Int) {
        guard delta != 0 else { return }
        firstLine += delta
        line += delta
        for k in result.diagnostics.indices { result.diagnostics[k].line = result.diagnostics[k].line.map { $0 + delta } }
        validator.shiftDiagnosticLines(by: delta)
        validator.repeats.spill?.lineBase += delta
        switch error {
        case .encoding(let l, let detail): error = .encoding(line: l + delta, detail: detail)
        case .unclosedQuote(let l, let column): error = .unclosedQuote(line: l + delta, column: column)
        default: break
        }
    }

    mutating func run() {
        let width = layout.map.width
        // two delimiter tables (this line's and the next line's, scanned one row ahead), each on
        // cache lines of its own: they are written for every line, and nothing else may share them
        let tableBytes = ((width + 1) * 8 + 63) / 64 * 64
        let delimsMemory = UnsafeMutableRawPointer.allocate(byteCount: 2 * tableBytes, alignment: 64)
        defer { delimsMemory.deallocate() }
        var delims = delimsMemory.bindMemory(to: Int.self, capacity: width + 1)
        var nextDelims = (delimsMemory + tableBytes).bindMemory(to: Int.self, capacity: width + 1)
        let d = delimiter, hot = layout.hot
        let agentField = layout.map.fieldIndex[SalesColumn.agentID.index]!
        var pending: SalesValidator.AcceptedRow?
        defer { if let pending { validator.add(pending) } }
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
                        // the next line, scanned now so that its agent's table slot — rarely in
                        // cache — is asked for a whole row before its lookup
                        var next: podium_line_scan?
                        if scan.newline >= 0 && lineEnd + 1 < length {
                            let at = lineEnd + 1
                            let s = podium_scan_line(buffer.memory + at, length - at, d, nextDelims, width)
                            if s.newline >= 0 && s.flags & PODIUM_SCAN_SPECIAL == 0 {
                                next = s
                                if s.delimiters + 1 == width {
                                    let from = agentField == 0 ? 0 : nextDelims[agentField - 1] + 1
                                    let to = agentField + 1 < width ? nextDelims[agentField] : s.newline
                                    validator.prefetchAgent(UnsafeBufferPointer(start: buffer.memory + at + from, count: to - from))
                                }
                            }
                        }
                        if let accepted = validator.check(&row, offset: bufferOffset + start) {
                            // added one row later, so that its sums' cache line has time to arrive
                            if let previous = pending { validator.add(previous) }
                            validator.prefetchTotals(accepted.agent)
                            pending = accepted
                        }
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
        while true {
            let lineBefore = scanner.line, crBefore = scanner.lastWasCR
            let b = UnsafeBufferPointer(start: buffer.memory, count: length)
            let used = scanner.feedOne(UnsafeBufferPointer(rebasing: b[pos..<length])) { got = $0 }
            let checked = used ?? (length - pos)
            var bad: (Int, String, Int)?
            if let (at, detail) = UTF8Check.firstError(b, from: pos, to: pos + checked, atEnd: atEOF) {
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
        TableReader.dispatch(raw, layout: layout, into: &result) { validator.addRow(&$0, offset: recordOffset) }
    }
}
