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
