import Foundation

/// Records copied out of the scanner's buffers in bulk, to hand from the reading thread to the
/// validating one.
///
/// A value, not a class: a class's `var` is checked for exclusive access at run time on every
/// touch (seven per record appended, six per record read: a fifth of reading targets.csv).
struct RecordBatch: Sendable {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    var byteStarts: [Int] = []
    var endStarts: [Int] = []
    var lines: [Int] = []
    var badQuotes: [Bool] = []
    /// (record position, `RawRecord.oversized`) of the few records past a limit.
    var oversized: [Int: Int] = [:]

    init(capacity: Int) {
        bytes.reserveCapacity(capacity * 64)
        ends.reserveCapacity(capacity * 8)
        byteStarts.reserveCapacity(capacity + 1)
        endStarts.reserveCapacity(capacity + 1)
        lines.reserveCapacity(capacity)
        badQuotes.reserveCapacity(capacity)
    }

    var count: Int { lines.count }

    mutating func append(_ r: RawRecord) {
        byteStarts.append(bytes.count)
        endStarts.append(ends.count)
        bytes.append(contentsOf: r.bytes)
        ends.append(contentsOf: r.ends)
        lines.append(r.line)
        if let o = r.oversized { oversized[badQuotes.count] = o }
        badQuotes.append(r.badQuote)
    }

    func record(_ k: Int) -> RawRecord {
        let b0 = byteStarts[k], b1 = k + 1 < byteStarts.count ? byteStarts[k + 1] : bytes.count
        let e0 = endStarts[k], e1 = k + 1 < endStarts.count ? endStarts[k + 1] : ends.count
        var r = RawRecord(line: lines[k], bytes: bytes[b0..<b1], ends: ends[e0..<e1], badQuote: badQuotes[k])
        if !oversized.isEmpty { r.oversized = oversized[k] }
        return r
    }
}

/// A small bounded queue between the reading thread and the validating thread.
final class BatchQueue: @unchecked Sendable {
    enum Item {
        case batch(RecordBatch)
        case end(CSVFileError?)
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func put(_ item: Item) {
        condition.lock()
        while items.count >= capacity { condition.wait() }
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    func take() -> Item {
        condition.lock()
        while items.isEmpty { condition.wait() }
        let item = items.removeFirst()
        condition.signal()
        condition.unlock()
        return item
    }
}

extension CSVFileReader {
    /// Reads on a second thread and hands records over in batches, so that scanning and
    /// validating run on both cores; `onRecord` still sees every record, in order, on the
    /// calling thread.
    func readPipelined(batchSize: Int = 4096, _ onRecord: (RawRecord) -> Void) throws(CSVFileError) {
        let queue = BatchQueue(capacity: 4)
        nonisolated(unsafe) let reader = self
        let thread = Thread {
            var batch = RecordBatch(capacity: batchSize)
            do {
                try reader.readRaw { raw in
                    batch.append(raw)
                    if batch.count >= batchSize {
                        queue.put(.batch(batch))
                        batch = RecordBatch(capacity: batchSize)
                    }
                }
                if batch.count > 0 { queue.put(.batch(batch)) }
                queue.put(.end(nil))
            } catch {
                if batch.count > 0 { queue.put(.batch(batch)) }
                queue.put(.end((error as? CSVFileError) ?? .cannotOpen("\(error)")))
            }
        }
        thread.stackSize = 1 << 22
        thread.start()
        while true {
            switch queue.take() {
            case .batch(let b):
                for k in 0..<b.count { onRecord(b.record(k)) }
            case .end(let error):
                if let error { throw error }
                return
            }
        }
    }
}
