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
        // the worker needs every column it types in place (a missing optional one: `TableReader`)
        guard let header = FileHeader.read(table: table, fd: fd, size: size, accept: { layout in
            SalesColumn.allCases.allSatisfy { layout.map.fieldIndex[$0.index] != nil }
        }) else { return nil }

        var result = TableReadResult()
        result.diagnostics = header.warnings
        result.counts.blank = header.blanks

        let cuts = regionStarts(fd: fd, from: header.dataStart, size: size)
        var workers: [ChunkBox<SalesRows>] = []
        for (k, start) in cuts.enumerated() {
            let end = k + 1 < cuts.count ? cuts[k + 1] : size
            workers.append(makeWorker(fd: fd, size: size, start: start, end: end, line: k == 0 ? header.dataLine : 1,
                                      validator: validator, header: header))
        }
        let all = workers
        DispatchQueue.concurrentPerform(iterations: all.count) { all[$0].worker.run() }

        // Stitch: shift line numbers; redo the rest if a cut fell inside a record.
        var done: [ChunkWorker<SalesRows>] = []
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
        if let first = done.first { merged.takeSums(of: first.rows.validator) }
        for w in done {
            result.counts.read += w.result.counts.read
            result.counts.blank += w.result.counts.blank
            result.diagnostics += w.result.diagnostics
            merged.absorb(w.rows.validator)
            if let error = w.error {
                result.fileErrors.append(table.fileError(error))
                return (result, merged)
            }
        }

        let d = header.delimiter, policyColumn = SalesColumn.policyID
        let repeats = RepeatKeySpill.resolve(done.map { $0.rows.validator.repeats.spill! }) { offset in
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
                            header: FileHeader) -> ChunkBox<SalesRows> {
        var v = validator
        v.repeats = .spilled(expectedRows: size / 48)
        let layout = RowLayout(copying: header.layout)
        return ChunkBox(ChunkWorker(fd: fd, size: size, start: start, end: end, line: line, delimiter: header.delimiter,
                                    layout: layout, rows: SalesRows(validator: v, layout: layout), autoEncoding: table.encoding == .auto))
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

/// `sales.csv`'s rows for a chunk worker: `SalesValidator` with each accepted plain line's sums
/// added one line later, so that their cache line has time to arrive.
struct SalesRows: ChunkRows {
    var validator: SalesValidator
    private var pending: SalesValidator.AcceptedRow?
    let lookaheadField: Int?

    init(validator: SalesValidator, layout: RowLayout) {
        self.validator = validator
        lookaheadField = layout.map.fieldIndex[SalesColumn.agentID.index]
    }

    func prefetch(_ key: UnsafeBufferPointer<UInt8>) { validator.prefetchAgent(key) }

    /// Each worker's sums, made and zeroed on its own core.
    mutating func begin() { validator.ownSums() }

    mutating func takeLine(_ row: inout RowFields, offset: Int) {
        if let accepted = validator.check(&row, offset: offset) {
            if let previous = pending { validator.add(previous) }
            validator.prefetchTotals(accepted.agent)
            pending = accepted
        }
    }

    mutating func takeRecord(_ row: inout RowFields, offset: Int) { validator.addRow(&row, offset: offset) }

    mutating func finish() {
        if let previous = pending { validator.add(previous) }
        pending = nil
    }

    mutating func shiftLines(by delta: Int) {
        validator.shiftDiagnosticLines(by: delta)
        validator.repeats.spill?.lineBase += delta
    }
}
