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

    init(count: Int, make: @escaping @Sendable (Range<Int>) -> CSVRows) {
        self.count = count
        self.make = make
    }

    /// A table already made (the small files), handed out in slices of itself.
    init(_ table: CSVRows) {
        count = table.count
        make = { range in
            var part = CSVRows(columns: table.columns)
            part.append(rowsOf: table, range)
            return part
        }
    }

    /// Every row at once (what a general Mustache template needs).
    func all() -> CSVRows { make(0..<count) }
}
