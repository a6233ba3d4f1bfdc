/// The byte-level RFC 4180 state machine (SPEC §1.1), fed UTF-8 in chunks of any size.
///
/// It knows nothing of types or validation: it turns bytes into records with their physical
/// line numbers. Runs of plain bytes are copied in bulk, and the record buffers are reused.
public struct CSVScanner {
    private enum State { case fieldStart, unquoted, quoted, afterQuote, afterBadQuote }

    public let delimiter: UInt8
    private var state = State.fieldStart
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var recordLine = 1
    private var badQuote = false
    /// The physical line the scanner is on now.
    public private(set) var line = 1
    private var quoteLine = 1
    /// The previous byte was a CR that already ended a line; an LF now belongs to it.
    public private(set) var lastWasCR = false
    private var recordHasContent = false
    /// Set by `feedOne`: stop after the first record and say where.
    private var stopAfterRecord = false
    private var stoppedAt: Int?
    /// The first field (1-based) longer than `InputLimits.maxFieldBytes`, or 0 for a record with
    /// more than `InputLimits.maxFields` fields; nil while the record is within the limits.
    private var oversized: Int?

    /// - Parameter line: the physical line of the first byte fed (a scanner can start mid-file).
    public init(delimiter: UInt8, line: Int = 1) {
        self.delimiter = delimiter
        self.line = line
        self.recordLine = line
        self.quoteLine = line
        bytes.reserveCapacity(256)
        ends.reserveCapacity(16)
    }

    @inline(__always)
    private mutating func endField() {
        if ends.count >= InputLimits.maxFields {
            if oversized == nil { oversized = 0 }
            bytes.removeSubrange((ends.last ?? 0)...)   // the extra fields are not kept
            return
        }
        ends.append(bytes.count)
    }

    /// Keeps the field being built within `InputLimits.maxFieldBytes`: the record is marked and
    /// the rest of the field dropped, so memory stays bounded whatever the input.
    @inline(__always)
    private mutating func checkFieldLength() {
        let start = ends.last ?? 0
        if bytes.count - start > InputLimits.maxFieldBytes {
            if oversized == nil { oversized = ends.count + 1 }
            bytes.removeSubrange((start + InputLimits.maxFieldBytes)...)
        }
    }

    @inline(__always)
    private mutating func endRecord(_ emit: (RawRecord) -> Void) {
        endField()
        var record = RawRecord(line: recordLine, bytes: bytes[...], ends: ends[...], badQuote: badQuote)
        record.oversized = oversized
        emit(record)
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        badQuote = false
        oversized = nil
        state = .fieldStart
        recordHasContent = false
    }

    /// Scans a chunk, calling `emit` for every record completed in it.
    public mutating func feed<C: Collection>(_ bytes: C, emit: (RawRecord) -> Void) where C.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { feed(buffer: $0, emit: emit) }
        if handled == nil {
            let copy = Array(bytes)
            copy.withUnsafeBufferPointer { feed(buffer: $0, emit: emit) }
        }
    }

    /// Scans a chunk into `CSVRecord`s with String fields (convenient for small files and tests).
    public mutating func feed<C: Collection>(_ bytes: C, emit: (CSVRecord) -> Void) where C.Element == UInt8 {
        feed(bytes) { (raw: RawRecord) in emit(raw.record()) }
    }

    /// Scans until one record is complete and emits it.
    ///
    /// - Returns: how many bytes of `buffer` the record took (its line end included), or nil when
    ///   the buffer ended first: feed the following bytes with another call, or `finish` at the end.
    public mutating func feedOne(_ buffer: UnsafeBufferPointer<UInt8>, emit: (RawRecord) -> Void) -> Int? {
        stopAfterRecord = true
        stoppedAt = nil
        defer { stopAfterRecord = false }
        feed(buffer: buffer, emit: emit)
        return stoppedAt
    }

    private mutating func feed(buffer: UnsafeBufferPointer<UInt8>, emit: (RawRecord) -> Void) {
        // (`bytes` below is the record being built; the chunk is `buffer`.)
        let n = buffer.count
        let d = delimiter
        var i = 0
        while i < n {
            let b = buffer[i]
            if lastWasCR {
                lastWasCR = false
                if b == 0x0A {
                    if state == .quoted { bytes.append(b) }
                    i += 1
                    continue
                }
            }
            if !recordHasContent {
                recordHasContent = true
                recordLine = line
            }
            switch state {
            case .fieldStart, .unquoted, .afterBadQuote:
                if state == .fieldStart && b == 0x22 {
                    state = .quoted
                    quoteLine = line
                    i += 1
                    continue
                }
                // Copy the run of plain bytes up to the next delimiter or line end in one go.
                var j = i
                while j < n {
                    let c = buffer[j]
                    if c == d || c == 0x0A || c == 0x0D { break }
                    j += 1
                }
                if j > i {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<j]))
                    checkFieldLength()
                    if state == .fieldStart { state = .unquoted }
                }
                i = j
                guard i < n else { break }
                let c = buffer[i]
                i += 1
                if c == d {
                    endField()
                    state = .fieldStart
                } else {
                    lastWasCR = c == 0x0D
                    line += 1
                    endRecord(emit)
                    if stopAfterRecord { stoppedAt = i; return }
                }
            case .quoted:
                var j = i
                while j < n {
                    let c = buffer[j]
                    if c == 0x22 || c == 0x0A || c == 0x0D { break }
                    j += 1
                }
                if j > i {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<j]))
                    checkFieldLength()
                }
                i = j
                guard i < n else { break }
                let c = buffer[i]
                i += 1
                if c == 0x22 {
                    state = .afterQuote
                } else {
                    lastWasCR = c == 0x0D
                    line += 1
                    bytes.append(c)
                    checkFieldLength()
                }
            case .afterQuote:
                i += 1
                if b == 0x22 {
                    bytes.append(b)
                    state = .quoted
                } else if b == d {
                    endField()
                    state = .fieldStart
                } else if b == 0x0A || b == 0x0D {
                    lastWasCR = b == 0x0D
                    line += 1
                    endRecord(emit)
                    if stopAfterRecord { stoppedAt = i; return }
                } else {
                    badQuote = true
                    bytes.append(b)
                    state = .afterBadQuote
                }
            }
        }
    }

    /// Ends the input: emits a last record without a line end, or throws for an open quote.
    public mutating func finish(emit: (RawRecord) -> Void) throws(UnclosedQuote) {
        if state == .quoted {
            throw UnclosedQuote(line: quoteLine, column: ends.count + 1)
        }
        if recordHasContent {
            endRecord(emit)
        }
    }

    public mutating func finish(emit: (CSVRecord) -> Void) throws(UnclosedQuote) {
        try finish { (raw: RawRecord) in emit(raw.record()) }
    }
}
