/// The rows of one CSV output: column names once, then every row's cells in that order, all in
/// one flat array — not a dictionary or an array per row, because a national month has
/// hundreds of thousands of rows.
public struct CSVRows: Sendable {
    public let columns: [String]
    /// Row-major: row r's cells are `cells[r * columns.count ..< (r + 1) * columns.count]`.
    public private(set) var cells: [CSVCell] = []
    private let index: [String: Int]

    public init(columns: [String]) {
        self.columns = columns
        index = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($0.element, $0.offset) })
    }

    public var count: Int { columns.isEmpty ? 0 : cells.count / columns.count }

    /// Row `r`'s cells.
    public func row(_ r: Int) -> ArraySlice<CSVCell> { cells[(r * columns.count)..<((r + 1) * columns.count)] }

    /// Room for `rows` more rows.
    public mutating func reserve(rows: Int) { cells.reserveCapacity(cells.count + rows * columns.count) }

    /// Appends the next cell of the row being made (a row is `columns.count` cells, in column
    /// order; one at a time, so that no array is made per row).
    public mutating func add(_ cell: CSVCell) { cells.append(cell) }

    /// Appends the rows `range` of another table with the same columns.
    mutating func append(rowsOf other: CSVRows, _ range: Range<Int>) {
        cells.append(contentsOf: other.cells[(range.lowerBound * columns.count)..<(range.upperBound * columns.count)])
    }

    /// Appends a row given as name → value (names not in `columns` are ignored, missing ones empty).
    public mutating func append(_ values: KeyValuePairs<String, String>) {
        var row = [CSVCell](repeating: .empty, count: columns.count)
        for (k, v) in values { if let i = index[k] { row[i] = .text(v) } }
        cells.append(contentsOf: row)
    }

    public func column(_ name: String) -> Int? { index[name] }

    /// The rows as dictionaries of text, the context a general Mustache template gets.
    public var dictionaries: [[String: String]] {
        (0..<count).map { r in Dictionary(uniqueKeysWithValues: zip(columns, row(r).map(\.string))) }
    }
}

/// A CSV file's rows made a slice at a time, so that a file of a million rows never exists as
/// a million row arrays of Strings at once: each slice is rendered to bytes and dropped.
struct CSVTableSource: Sendable {
    let count: Int
    let make: @Sendable (Range<Int>) -> CSVRows
    /// The column names, and the rows `range` written straight to bytes by a row plan — each
    /// cell made by its column and appended at once, never stored in a `CSVRows` (the big files
    /// have this; nil: the fast template renders from `make`).
    let direct: (columns: [String], write: @Sendable (Range<Int>, CSVRowPlan, inout ByteWriter) -> Void)?

    /// Rows given by the columns that make their cells (`columns`, called for each slice) and
    /// the row values of each slice: `make` and the direct writer come from the same columns.
    init<Row, S: Sequence & SendableMetatype>(count: Int, columns: @escaping @Sendable () -> [CSVColumn<Row>],
                           rows: @escaping @Sendable (Range<Int>) -> S) where S.Element == Row {
        self.init(count: count, columns: { ClosureColumns(columns: columns()) }, rows: rows)
    }

    /// Rows given by a set of columns and the row values of each slice: `make` and the direct
    /// writer come from the same columns, the writer specialised for the set's type.
    init<Columns: CSVColumnSet & SendableMetatype, S: Sequence & SendableMetatype>(count: Int, columns: @escaping @Sendable () -> Columns,
                                                            rows: @escaping @Sendable (Range<Int>) -> S) where S.Element == Columns.Row {
        self.count = count
        make = { range in CSVRows(columns(), rows(range), count: range.count) }
        direct = (columns().names, { range, plan, out in plan.write(columns(), rows(range), into: &out) })
    }

    /// A table already made (the small files), handed out in slices of itself.
    init(_ table: CSVRows) {
        count = table.count
        make = { range in
            var part = CSVRows(columns: table.columns)
            part.append(rowsOf: table, range)
            return part
        }
        direct = nil
    }

    /// Every row at once (what a general Mustache template needs).
    func all() -> CSVRows { make(0..<count) }
}

/// How one row line of a plain CSV template is made: literal bytes and columns in order.
struct CSVRowPlan: Sendable {
    /// A piece of the line: literal bytes `texts[from..<to]` (column -1) or a column's cell
    /// (-2: a name that is no column, written empty).
    struct Piece: Sendable {
        var from: Int
        var to: Int
        var column: Int
    }
    let texts: [UInt8]
    /// The row line's pieces, its line end the last.
    let pieces: [Piece]

    /// Appends each row's line: its cells as `CSVCell.append` writes them, in the plan's order
    /// (specialised for each set of columns: a cell is a call the optimiser can see into, not a
    /// closure whose context is retained and released per cell).
    func write<Columns: CSVColumnSet, S: Sequence>(_ columns: Columns, _ rows: S, into out: inout ByteWriter) where S.Element == Columns.Row {
        writeLines(rows, into: &out) { row, column, out in columns.append(column, row, to: &out) }
    }

    /// Appends the lines of rows already made (`table`'s columns in the plan's numbering).
    func write(_ table: CSVRows, into out: inout ByteWriter) {
        let width = table.columns.count
        table.cells.withUnsafeBufferPointer { cells in
            writeLines(0..<table.count, into: &out) { r, column, out in cells[r * width + column].append(to: &out) }
        }
    }

    /// The one loop over the row line's pieces: literal bytes copied, each column's cell written
    /// by `cell`, a name that is no column written empty.
    @inline(__always)
    private func writeLines<S: Sequence>(_ rows: S, into out: inout ByteWriter,
                                         cell: (S.Element, Int, inout ByteWriter) -> Void) {
        texts.withUnsafeBufferPointer { texts in
            pieces.withUnsafeBufferPointer { pieces in
                for row in rows {
                    for p in pieces {
                        if p.column >= 0 {
                            cell(row, p.column, &out)
                        } else if p.to > p.from {
                            out.append(UnsafeBufferPointer(rebasing: texts[p.from..<p.to]))
                        }
                    }
                }
            }
        }
    }
}

/// The columns of one CSV file: their names, and each row's cell by column position. A file
/// of hundreds of thousands of rows (rankings, payouts) has a type of its own whose cells are
/// one `switch`, which `CSVRowPlan.write` is specialised for; the small ones are a list of
/// named closures (`ClosureColumns`).
protocol CSVColumnSet {
    associatedtype Row
    /// The column names, in the numbering `cell` takes.
    var names: [String] { get }
    /// Row `row`'s cell of column `column` (a position in `names`).
    func cell(_ column: Int, _ row: Row) -> CSVCell
}

extension CSVColumnSet {
    /// The cell appended as the file has it (`CSVCell.append`).
    @inline(__always)
    func append(_ column: Int, _ row: Row, to out: inout ByteWriter) { cell(column, row).append(to: &out) }
}

/// Columns given as a list of names and the closures that make their cells.
struct ClosureColumns<Row>: CSVColumnSet {
    let columns: [CSVColumn<Row>]
    var names: [String] { columns.map(\.name) }
    func cell(_ column: Int, _ row: Row) -> CSVCell {
        // the cell functions read from one borrowed buffer: a column copied out of the array
        // for each cell retained and released its closure's context every time
        columns.withUnsafeBufferPointer { $0[column].cell(row) }
    }
}
