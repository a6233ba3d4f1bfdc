/// The rows of one CSV output: column names once, then each row's values in that order — an
/// array per row rather than a dictionary, because a national month has hundreds of thousands.
public struct CSVRows: Sendable {
    public let columns: [String]
    public var rows: [[String]] = []
    private let index: [String: Int]

    public init(columns: [String]) {
        self.columns = columns
        index = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($0.element, $0.offset) })
    }

    /// Appends a row given as name → value (names not in `columns` are ignored, missing ones empty).
    public mutating func append(_ values: KeyValuePairs<String, String>) {
        // The usual call names every column in order: no hashing then.
        if values.count == columns.count && zip(values, columns).allSatisfy({ $0.0.key == $0.1 }) {
            rows.append(values.map(\.value))
            return
        }
        var row = [String](repeating: "", count: columns.count)
        for (k, v) in values { if let i = index[k] { row[i] = v } }
        rows.append(row)
    }

    public func column(_ name: String) -> Int? { index[name] }

    /// The rows as dictionaries, the context a general Mustache template gets.
    public var dictionaries: [[String: String]] {
        rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }
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
        count = table.rows.count
        make = { range in
            var part = CSVRows(columns: table.columns)
            part.rows = Array(table.rows[range])
            return part
        }
    }

    /// Every row at once (what a general Mustache template needs).
    func all() -> CSVRows { make(0..<count) }
}
