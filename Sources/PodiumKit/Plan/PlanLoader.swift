import Foundation
import TOMLKit

/// Reads `plan.toml` and checks every key (SPEC §4): structure errors are diagnostics with the
/// plan's file name, line and key path, and the run exits 78 on any of them.
public struct PlanLoader {
    let fileName: String
    let index: TOMLLineIndex
    private(set) var diagnostics: [Diagnostic] = []

    private init(fileName: String, text: String) {
        self.fileName = fileName
        self.index = TOMLLineIndex(text: text)
    }

    /// Parses plan text. Returns the plan when it has no errors, and every diagnostic.
    ///
    /// - Parameters:
    ///   - text: the TOML text.
    ///   - fileName: the name printed in diagnostics.
    ///   - defaultName: the plan's name when `[plan] name` is absent (the file's name).
    public static func parse(text: String, fileName: String, defaultName: String) -> (Plan?, [Diagnostic]) {
        var loader = PlanLoader(fileName: fileName, text: text)
        if let (line, message) = TOMLPrecheck.problem(text) {
            loader.error("", "this is not valid TOML: \(message)", line: line)
            return (nil, loader.diagnostics)
        }
        if let line = loader.index.tooDeepLine {
            loader.error("", "a key path here has more than \(TOMLLineIndex.maxDepth) parts (the deepest plan key has four, e.g. kpi.weights.agent.new)", line: line)
            return (nil, loader.diagnostics)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            loader.error("", "this is not valid TOML: \(error.description)", line: error.source.begin.line)
            return (nil, loader.diagnostics)
        } catch {
            loader.error("", "this is not valid TOML: \(error)")
            return (nil, loader.diagnostics)
        }
        let plan = loader.build(table, defaultName: defaultName)
        return (loader.diagnostics.isEmpty ? plan : nil, loader.diagnostics)
    }

    /// Loads a plan file; a missing file is `missing-file`.
    /// The largest plan file read: 1 MiB (a real plan is a few KiB).
    public static let maxPlanBytes = 1 << 20

    public static func load(path: String, fileName: String) -> (Plan?, [Diagnostic]) {
        let kind = SafeFile.kind(path)
        guard kind == .regular, let data = SafeFile.contents(path, limit: Self.maxPlanBytes) else {
            let why: String
            switch kind {
            case .missing: why = "the plan \(fileName) does not exist (give --plan FILE or put plan.toml in the input folder)"
            case .directory: why = "the plan \(fileName) is a folder, not a file"
            case .special: why = "the plan \(fileName) is not a regular file (a FIFO, socket or device is never read)"
            case .regular:
                why = FileManager.default.isReadableFile(atPath: path) ? "the plan \(fileName) is larger than \(Self.maxPlanBytes) bytes (the limit of a plan)"
                    : "the plan \(fileName) cannot be read"
            }
            // a plan past the size limit is an invalid plan (78); one that is not there or cannot be read, 66
            let tooLarge = kind == .regular && FileManager.default.isReadableFile(atPath: path)
            return (nil, [Diagnostic(.error, tooLarge ? "bad-plan" : "missing-file", file: .plan, fileName: fileName, message: why)])
        }
        guard var text = String(data: data, encoding: .utf8) else {
            return (nil, [Diagnostic(.error, "bad-plan", file: .plan, fileName: fileName, message: "the plan is not valid UTF-8")])
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let base = (fileName as NSString).lastPathComponent
        let defaultName = base.hasSuffix(".toml") ? String(base.dropLast(5)) : base
        return parse(text: text, fileName: fileName, defaultName: defaultName)
    }

    // MARK: - diagnostics

    mutating func error(_ path: String, _ message: String, line: Int? = nil, code: String = "bad-plan") {
        diagnostics.append(Diagnostic(.error, code, file: .plan, fileName: fileName,
                                      line: line ?? index.line(of: path), field: path,
                                      message: path.isEmpty ? message : "\(path): \(message)"))
    }

    /// Reports keys of `table` that are not in `allowed`, with the closest valid key.
    mutating func checkKeys(_ table: TOMLTable, _ path: String, _ allowed: [String]) {
        let valid = Set(allowed)
        for key in table.keys where !valid.contains(key) {
            let full = path.isEmpty ? key : "\(path).\(key)"
            var message = "unknown key `\(key)`"
            if let near = closestMatch(to: key, in: allowed) { message += "; did you mean `\(near)`?" }
            else if !allowed.isEmpty { message += " (valid keys: \(allowed.joined(separator: ", ")))" }
            error(full, message, code: "unknown-key")
        }
    }

    // MARK: - typed values

    mutating func table(_ value: TOMLValueConvertible?, _ path: String) -> TOMLTable? {
        guard let value else { return nil }
        guard let t = value.table else { error(path, "must be a table"); return nil }
        return t
    }

    mutating func string(_ value: TOMLValueConvertible?, _ path: String) -> String? {
        guard let value else { return nil }
        guard let s = value.string else { error(path, "must be a string"); return nil }
        return s
    }

    mutating func bool(_ value: TOMLValueConvertible?, _ path: String) -> Bool? {
        guard let value else { return nil }
        guard let b = value.bool else { error(path, "must be true or false"); return nil }
        return b
    }

    /// An exact decimal: from the integer, or from the double's shortest round-trip text.
    mutating func number(_ value: TOMLValueConvertible?, _ path: String) -> Fraction? {
        guard let value else { return nil }
        if value.type == .int, let i = value.int {
            guard i.magnitude <= Self.largestNumber else { error(path, Self.boundMessage); return nil }
            return Fraction(i)
        }
        if value.type == .double, let d = value.double, d.isFinite {
            // bounded before the exact decimal is made: 1e308 would be a 308-digit fraction
            guard d.magnitude <= Double(Self.largestNumber), d == 0 || d.magnitude >= 1e-12 else { error(path, Self.boundMessage); return nil }
            let text = String(describing: d)
            if let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].count > 12 || text.contains("e") {
                error(path, Self.boundMessage)
                return nil
            }
            if let f = Fraction(decimal: text) { return f }
        }
        error(path, "must be a number")
        return nil
    }

    /// Every number of a plan is at most 10^12 in size with at most 12 decimals (README
    /// "Hostile input"); some keys have tighter bounds of their own (`bounded`).
    static let largestNumber: UInt64 = 1_000_000_000_000
    static let boundMessage = "must be a number of at most 1,000,000,000,000 with at most 12 decimals"

    /// `n` when it lies in `range`, else a plan error naming the range (nil).
    mutating func bounded(_ n: Fraction?, _ path: String, _ range: ClosedRange<Fraction>, above lowerExcluded: Bool = false) -> Fraction? {
        guard let n else { return nil }
        if n > range.upperBound || n < range.lowerBound || (lowerExcluded && n == range.lowerBound) {
            let lower = lowerExcluded ? "above \(range.lowerBound.decimalText)" : "at least \(range.lowerBound.decimalText)"
            error(path, "must be \(lower) and at most \(range.upperBound.decimalText), not \(n.decimalText)")
            return nil
        }
        return n
    }

    mutating func integer(_ value: TOMLValueConvertible?, _ path: String) -> Int? {
        guard let value else { return nil }
        guard value.type == .int, let i = value.int else { error(path, "must be a whole number"); return nil }
        return i
    }

    mutating func stringArray(_ value: TOMLValueConvertible?, _ path: String) -> [String]? {
        guard let value else { return nil }
        guard let a = value.array else { error(path, "must be an array of strings"); return nil }
        var result: [String] = []
        for (i, v) in a.enumerated() {
            guard let s = v.string else { error("\(path)[\(i)]", "must be a string"); continue }
            result.append(s)
        }
        return result
    }

    mutating func enumValue<E: RawRepresentable & CaseIterable>(_ value: TOMLValueConvertible?, _ path: String, _: E.Type) -> E? where E.RawValue == String {
        guard let s = string(value, path) else { return nil }
        if let e = E(rawValue: s) { return e }
        let names = E.allCases.map(\.rawValue)
        var message = "\"\(s)\" is not one of \(names.joined(separator: ", "))"
        if let near = closestMatch(to: s, in: names) { message += "; did you mean `\(near)`?" }
        error(path, message)
        return nil
    }

    /// A `{ mature = …, developing = …, new = … }` table of numbers.
    mutating func marketNumbers(_ value: TOMLValueConvertible?, _ path: String, rate: Bool = false, max: Fraction? = nil) -> [Market: Fraction]? {
        guard let t = table(value, path) else { return nil }
        checkKeys(t, path, Market.allCases.map(\.rawValue))
        var result: [Market: Fraction] = [:]
        for m in Market.allCases {
            if let n = number(t[m.rawValue], "\(path).\(m.rawValue)") {
                if rate && (n < .zero || n > .one) { error("\(path).\(m.rawValue)", "a rate must be between 0 and 1 (e.g. 0.30 for 30%), not \(n.decimalText)") }
                else if n < .zero { error("\(path).\(m.rawValue)", "must not be negative") }
                else if let max, n > max { error("\(path).\(m.rawValue)", "must be at most \(max.decimalText), not \(n.decimalText)") }
                result[m] = n
            }
        }
        return result
    }

    /// A table keyed by role, checking that each key is a role of `[roles]`.
    mutating func roleTable(_ value: TOMLValueConvertible?, _ path: String, roles: [String]) -> [(String, TOMLValueConvertible)] {
        guard let t = table(value, path) else { return [] }
        checkKeys(t, path, roles)
        return roles.compactMap { r in t[r].map { (r, $0) } }
    }
}

extension Fraction {
    /// A decimal rendering for messages (exact when the denominator is a power of ten).
    var decimalText: String {
        let places = smallDenominator.map(Self.decimalPlaces) ?? Self.decimalPlaces(denominator)
        return formatScaled(scaled(places, .halfUp), places: places).trimmingTrailingZeros()
    }

    /// Decimal places that show a fraction with this denominator exactly (powers of 10, then
    /// factors of 2 and 5), or 6 when that would take more than 12. Plan numbers are decimals,
    /// so their denominators have no other factors.
    private static func decimalPlaces<T: BinaryInteger>(_ denominator: T) -> Int {
        var d = denominator
        var places = 0
        while d % 10 == 0 { d /= 10; places += 1 }
        while d % 2 == 0 || d % 5 == 0 {
            if places > 12 { break }
            d = d % 2 == 0 ? d / 2 : d / 5
            places += 1
        }
        return places > 12 ? 6 : places
    }
}

extension String {
    /// `12.500` → `12.5`, `3.000` → `3`; text without a decimal point is left alone.
    func trimmingTrailingZeros() -> String {
        let u = utf8
        guard u.contains(UInt8(ascii: ".")) else { return self }
        var end = u.endIndex
        while end > u.startIndex, u[u.index(before: end)] == UInt8(ascii: "0") { end = u.index(before: end) }
        if end > u.startIndex, u[u.index(before: end)] == UInt8(ascii: ".") { end = u.index(before: end) }
        return String(self[..<end])
    }
}
