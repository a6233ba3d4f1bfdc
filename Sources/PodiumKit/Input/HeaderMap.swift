/// Which field of a record holds which canonical column, decided from the header (SPEC §1.1).
public struct HeaderMap: Sendable {
    /// For each schema column, the index of its field in a record (nil: the column is absent).
    public var fieldIndex: [Int?]
    /// For each schema column, the header text as written (for messages and `field`).
    public var headerText: [String]
    /// Number of fields in the header record.
    public var width: Int

    /// Matches header cells against the canonical names, the built-in aliases and the plan's mapping.
    ///
    /// - Returns: the map and its diagnostics (`unknown-column` warnings; `missing-column` and
    ///   `duplicate-column` errors, which stop the run).
    static func build(header: CSVRecord, schema: TableSchema, mapping: [String: String],
                      file: InputFile, fileName: String) -> (HeaderMap, [Diagnostic]) {
        let cells = header.fields.map { $0.trimmingWhiteSpace() }
        let folded = cells.map { $0.folded }
        var diagnostics: [Diagnostic] = []
        var index = [Int?](repeating: nil, count: schema.columns.count)
        var text = schema.columns.map(\.name)
        let mapped: [String?] = schema.columns.map { c in mapping[c.name].map { $0.trimmingWhiteSpace().folded } }
        // columns whose mapping matches some header cell
        let mappingMatches: [Bool] = mapped.map { m in m.map { folded.contains($0) } ?? false }

        func warnUnknown(_ j: Int, _ why: String) {
            diagnostics.append(Diagnostic(.warning, "unknown-column", file: file, fileName: fileName,
                                          line: header.line, column: j + 1, field: cells[j],
                                          message: why, value: cells[j]))
        }
        for j in cells.indices {
            let name = folded[j]
            if name.isEmpty {
                warnUnknown(j, "header cell \(j + 1) is empty; its column is ignored")
                continue
            }
            var column: Int? = mapped.firstIndex { $0 == name }
            if column == nil, let c = schema.columns.firstIndex(where: { $0.name == name || $0.aliases.contains { $0.folded == name } }) {
                if mappingMatches[c] {
                    warnUnknown(j, "column \(cells[j].quotedForMessage) is ignored: the plan maps \(schema.columns[c].name) to \(mapping[schema.columns[c].name]!.quotedForMessage)")
                    continue
                }
                column = c
            }
            guard let c = column else {
                warnUnknown(j, "column \(cells[j].quotedForMessage) is not one Podium reads; it is ignored")
                continue
            }
            if let first = index[c] {
                diagnostics.append(Diagnostic(.error, "duplicate-column", file: file, fileName: fileName,
                                              line: header.line, column: j + 1, field: cells[j],
                                              message: "column \(cells[j].quotedForMessage) is \(schema.columns[c].name) again (already column \(first + 1), \(cells[first].quotedForMessage))",
                                              value: cells[j]))
                continue
            }
            index[c] = j
            text[c] = cells[j]
        }
        for (c, spec) in schema.columns.enumerated() where spec.requiredColumn && index[c] == nil {
            let names = ([spec.name] + spec.aliases).joined(separator: ", ")
            diagnostics.append(Diagnostic(.error, "missing-column", file: file, fileName: fileName,
                                          line: header.line, field: spec.name,
                                          message: "required column \(spec.name) is missing (the header may name it \(names))"))
        }
        return (HeaderMap(fieldIndex: index, headerText: text, width: cells.count), diagnostics)
    }
}
