/// The byte-level RFC 4180 state machine (SPEC §1.1), fed UTF-8 in chunks of any size.
///
/// It knows nothing of types or validation: it turns bytes into records with their physical
/// line numbers, so that it can be made fast on its own.
public struct CSVScanner {
    private enum State { case fieldStart, unquoted, quoted, afterQuote, afterBadQuote }

    public let delimiter: UInt8
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var badQuote = false
    /// The physical line the scanner is on now.
    public private(set) var line = 1
    private var recordLine = 1
    private var quoteLine = 1
    /// The previous byte was a CR that already ended a line; an LF now belongs to it.
    private var lastWasCR = false
    private var recordHasContent = false

    public init(delimiter: UInt8) {
        self.delimiter = delimiter
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
    }

    private mutating func endRecord(_ emit: (CSVRecord) -> Void) {
        endField()
        emit(CSVRecord(line: recordLine, fields: fields, badQuote: badQuote))
        fields.removeAll(keepingCapacity: true)
        badQuote = false
        state = .fieldStart
        recordHasContent = false
    }

    /// Scans a chunk, calling `emit` for every record completed in it.
    public mutating func feed<C: Collection>(_ bytes: C, emit: (CSVRecord) -> Void) where C.Element == UInt8 {
        for b in bytes {
            if lastWasCR {
                lastWasCR = false
                if b == 0x0A {
                    if state == .quoted { field.append(b) }
                    continue
                }
            }
            if !recordHasContent {
                recordHasContent = true
                recordLine = line
            }
            switch state {
            case .fieldStart:
                if b == 0x22 {
                    state = .quoted
                    quoteLine = line
                } else if b == delimiter {
                    endField()
                } else if b == 0x0A || b == 0x0D {
                    lastWasCR = b == 0x0D
                    line += 1
                    endRecord(emit)
                } else {
                    field.append(b)
                    state = .unquoted
                }
            case .unquoted, .afterBadQuote:
                if b == delimiter {
                    endField()
                    state = .fieldStart
                } else if b == 0x0A || b == 0x0D {
                    lastWasCR = b == 0x0D
                    line += 1
                    endRecord(emit)
                } else {
                    field.append(b)
                }
            case .quoted:
                if b == 0x22 {
                    state = .afterQuote
                } else {
                    if b == 0x0A || b == 0x0D {
                        lastWasCR = b == 0x0D
                        line += 1
                    }
                    field.append(b)
                }
            case .afterQuote:
                if b == 0x22 {
                    field.append(b)
                    state = .quoted
                } else if b == delimiter {
                    endField()
                    state = .fieldStart
                } else if b == 0x0A || b == 0x0D {
                    lastWasCR = b == 0x0D
                    line += 1
                    endRecord(emit)
                } else {
                    badQuote = true
                    field.append(b)
                    state = .afterBadQuote
                }
            }
        }
    }

    /// Ends the input: emits a last record without a line end, or throws for an open quote.
    public mutating func finish(emit: (CSVRecord) -> Void) throws(UnclosedQuote) {
        if state == .quoted {
            throw UnclosedQuote(line: quoteLine, column: fields.count + 1)
        }
        if recordHasContent {
            endRecord(emit)
        }
    }
}
