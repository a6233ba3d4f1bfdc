/// A CSV template of the plain shape the built-in ones have — a header line, then one row line of
/// `{{name}}` variables and literal text inside `{{#rows}}…{{/rows}}` — rendered without the
/// general Mustache machinery. `make bench` measured Mustache's per-variable lookups (about eight
/// dynamic casts each) as most of the run's time on a 1M-row month; this renders the same bytes
/// (a test compares both on every built-in template). Any other template shape uses Mustache.
struct FastCSVTemplate: Sendable {
    private enum Piece: Sendable {
        case text(String)
        case variable(String)
    }

    private let header: String
    private let section: String
    private let row: [Piece]

    /// Recognises the plain shape, or returns nil.
    init?(text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.count == 5,
              lines[0].replacingSpaces() == "{{%CONTENT_TYPE:CSV}}",
              !lines[1].contains("{{"), !lines[1].contains("}}"),
              lines[2].hasPrefix("{{#"), lines[2].hasSuffix("}}"),
              lines[4] == "{{/" + lines[2].dropFirst(3) else { return nil }
        let section = String(lines[2].dropFirst(3).dropLast(2))
        guard section == "rows" else { return nil }   // the context a CSV template gets is ["rows": …]
        var pieces: [Piece] = []
        var rest = Substring(lines[3])
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else { return nil }
            let name = String(rest[open.upperBound..<close.lowerBound])
            guard !name.isEmpty, name != section, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            pieces.append(.variable(name))
            rest = rest[close.upperBound...]
        }
        if rest.contains("}}") { return nil }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.header = lines[1]
        self.section = section
        self.row = pieces
    }

    /// Renders rows as Mustache would: each value escaped by `CSVEscaping`, a missing one empty.
    func render(_ table: CSVRows) -> String {
        // Resolve each variable to its column once (-1: not a column, renders empty).
        let resolved: [(String?, Int)] = row.map {
            switch $0 {
            case .text(let t): return (t, -1)
            case .variable(let name): return (nil, table.column(name) ?? -1)
            }
        }
        var out = header + "\n"
        out.reserveCapacity(table.count * 96 + header.utf8.count)
        for r in 0..<table.count {
            let cells = table.row(r)
            for (text, column) in resolved {
                if let text { out += text } else if column >= 0 { out += CSVEscaping.escape(cells[cells.startIndex + column].string) }
            }
            out += "\n"
        }
        return out
    }
}

extension FastCSVTemplate {
    /// The whole file as bytes, line ends and BOM applied as `ReportRenderer.csvBytes` would
    /// (LF → CRLF outside quoted fields), without building the text first. Nil when the template's
    /// own text has a quote, whose pairing `csvBytes` would follow across fields.
    func renderBytes(_ table: CSVRows, crlf: Bool, bom: Bool) -> [UInt8]? {
        renderBytes(CSVTableSource(table), crlf: crlf, bom: bom)
    }

    /// The same, over rows made `slice` at a time and dropped once written.
    func renderBytes(_ source: CSVTableSource, crlf: Bool, bom: Bool, slice: Int = 16_384) -> [UInt8]? {
        guard canRenderBytes else { return nil }
        var out: [UInt8] = []
        var first = true
        render(source, crlf: crlf, bom: bom, slice: slice) { chunk in
            if first {
                out = Array(chunk)
                first = false
                // after the first slice, room for the rest at the same bytes per row
                if slice < source.count { out.reserveCapacity(out.count / slice * source.count * 21 / 20 + 64) }
            } else {
                out.append(contentsOf: chunk)
            }
        }
        return out
    }

    /// Whether the bytes can be made here: not when the template's own text has a quote, whose
    /// pairing `ReportRenderer.csvBytes` would follow across fields.
    var canRenderBytes: Bool {
        !(header.contains("\"") || row.contains { if case .text(let t) = $0 { t.contains("\"") } else { false } })
    }

    /// The file's bytes a slice of rows at a time (the BOM and header with the first), handed to
    /// `emit` as each slice is made: a file of a million rows is never whole in memory. Only
    /// when `canRenderBytes`.
    func render(_ source: CSVTableSource, crlf: Bool, bom: Bool, slice: Int = 16_384,
                emit: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        precondition(canRenderBytes, "a template with a quote in its text goes through csvBytes")
        let lineEnd: [UInt8] = crlf ? [0x0D, 0x0A] : [0x0A]
        var out = ByteWriter(capacity: 1 << 20)
        if bom { out.append([0xEF, 0xBB, 0xBF]) }
        out.append(Array(header.utf8))
        out.append(lineEnd)
        let directPlan = source.direct.map { plan(columns: $0.columns, lineEnd: lineEnd) }
        var start = 0
        while start < source.count {
            let end = min(source.count, start + slice)
            if let direct = source.direct, let directPlan {
                direct.write(start..<end, directPlan, &out)
            } else {
                let table = source.make(start..<end)
                plan(columns: table.columns, lineEnd: lineEnd).write(table, into: &out)
            }
            try out.withBytes(emit)
            out.removeAll()
            start = end
        }
        if out.count > 0 { try out.withBytes(emit) }   // a table without rows: the header alone
    }
}

extension FastCSVTemplate {
    /// The row line as plain integers over one byte array of the template's texts (a piece
    /// holding its own array was retained and released for every cell), columns by position.
    fileprivate func plan(columns: [String], lineEnd: [UInt8]) -> CSVRowPlan {
        var texts: [UInt8] = []
        var pieces: [CSVRowPlan.Piece] = row.map {
            switch $0 {
            case .text(let t):
                let from = texts.count
                texts.append(contentsOf: t.utf8)
                return CSVRowPlan.Piece(from: from, to: texts.count, column: -1)
            case .variable(let name): return CSVRowPlan.Piece(from: 0, to: 0, column: columns.firstIndex(of: name) ?? -2)
            }
        }
        pieces.append(CSVRowPlan.Piece(from: texts.count, to: texts.count + lineEnd.count, column: -1))
        texts.append(contentsOf: lineEnd)
        return CSVRowPlan(texts: texts, pieces: pieces)
    }
}

private extension String {
    func replacingSpaces() -> String { String(filter { $0 != " " }) }
}
