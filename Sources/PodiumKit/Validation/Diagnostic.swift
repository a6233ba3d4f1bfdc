/// How serious a diagnostic is: errors reject rows or stop the run, warnings never do.
public enum Severity: String, Sendable, Comparable {
    case error
    case warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .error && rhs == .warning
    }
}

/// Which input a diagnostic points into; the order of the cases is the sort order of SPEC §5.1.
public enum InputFile: Int, Sendable, Comparable, CaseIterable {
    case plan = 0
    case agents
    case sales
    case targets
    case kpi
    case visits
    /// The previous month's output (SPEC §7.3): not read from the input folder.
    case previous

    /// The key used in `[input.files]`, `[input.columns.FILE]` and `[input] encoding`.
    public var key: String {
        switch self {
        case .plan: return "plan"
        case .agents: return "agents"
        case .sales: return "sales"
        case .targets: return "targets"
        case .kpi: return "kpi"
        case .visits: return "visits"
        case .previous: return "previous"
        }
    }

    /// The default file name inside the month folder.
    public var defaultFileName: String {
        switch self {
        case .plan: return "plan.toml"
        case .previous: return "previous"
        default: return "\(key).csv"
        }
    }

    /// The month's CSV files, in the order they are read and reported.
    public static let tables: [InputFile] = [.agents, .sales, .targets, .kpi, .visits]

    public static func < (lhs: InputFile, rhs: InputFile) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One problem found in the inputs, with where it is and what to do about it.
public struct Diagnostic: Sendable, Equatable {
    public var severity: Severity
    public var code: String
    public var file: InputFile
    /// The file name as it is printed (e.g. `sales.csv`, or the plan's path).
    public var fileName: String
    public var line: Int?
    public var column: Int?
    /// The header text as written, the canonical name for `missing-column`, the key path for plan errors.
    public var field: String
    public var message: String
    /// The raw offending value, empty when there is none.
    public var value: String

    public init(
        _ severity: Severity, _ code: String, file: InputFile, fileName: String,
        line: Int? = nil, column: Int? = nil, field: String = "", message: String, value: String = ""
    ) {
        self.severity = severity
        self.code = code
        self.file = file
        self.fileName = fileName
        self.line = line
        self.column = column
        self.field = Self.capped(field, Self.maxField)
        self.message = message
        self.value = Self.capped(value, Self.maxValue)
    }

    /// `field` keeps at most 80 characters and `value` 256 (a 32 KB cell would otherwise be
    /// copied into every report of it); longer ones end in `…`.
    public static let maxField = 80, maxValue = 256

    static func capped(_ s: String, _ limit: Int) -> String {
        guard s.utf8.count > limit else { return s }
        var out = ""
        var n = 0
        for c in s {
            n += 1
            if n > limit { return out + "…" }
            out.append(c)
        }
        return out
    }

    /// The gcc-style line printed on stderr: `sales.csv:1284:5: error[bad-money]: …`.
    public var printed: String {
        var location = fileName
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(severity.rawValue)[\(code)]: \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// Sorted as SPEC §5.1 orders `diagnostics.csv`: by file, then line, column and code;
    /// rows without a line or column first within their file; full ties keep processing order.
    public func sortedForReport() -> [Diagnostic] {
        // positions are sorted by keys taken once (a diagnostic is a dozen fields: copying two
        // per comparison was most of the sort's time on a month with 40,000 warnings)
        let keys = map { (file: $0.file, line: $0.line ?? -1, column: $0.column ?? -1) }
        let order = indices.sorted { i, j in
            let x = keys[i], y = keys[j]
            if x.file != y.file { return x.file < y.file }
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            let cx = self[i].code, cy = self[j].code
            if cx != cy { return cx.utf8.lexicographicallyPrecedes(cy.utf8) }
            return i < j
        }
        return order.map { self[$0] }
    }

    /// By index: `filter` copied every diagnostic it kept (a dozen fields each).
    public var errorCount: Int { indices.count { self[$0].severity == .error } }
}
