import Foundation
import PodiumKit

/// The fuzz targets over every reader of outside bytes (the fuzzing issue). Each target checks
/// properties, not only "no crash"; a property that fails is a `preconditionFailure`, which
/// libFuzzer reports as a crash with the input saved.
enum FuzzTargets {
    static let names = ["csv", "values", "plan", "previous", "month", "readers"]

    static func run(_ target: String, _ bytes: [UInt8]) {
        switch target {
        case "csv": csv(bytes)
        case "values": values(bytes)
        case "plan": plan(bytes)
        case "previous": previous(bytes)
        case "month": month(bytes)
        case "readers": readers(bytes)
        default: preconditionFailure("unknown fuzz target \(target) (use one of \(names.joined(separator: ", ")))")
        }
    }

    static func check(_ condition: @autoclosure () -> Bool, _ what: @autoclosure () -> String) {
        if !condition() { preconditionFailure("property failed: \(what())") }
    }

    /// A private scratch folder for this process (files are rewritten for each input).
    static let scratch: String = {
        let dir = NSTemporaryDirectory() + "podium-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    static func write(_ bytes: [UInt8], _ name: String, in folder: String = scratch) -> String {
        let path = (folder as NSString).appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// The CSV reader in every encoding and delimiter setting: records, lines and errors.
    static func csv(_ bytes: [UInt8]) {
        let path = write(bytes, "input.csv")
        let lines = bytes.reduce(1) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) }
        let encodings: [TextEncoding] = [.auto, .utf8, .utf16le, .utf16be, .gb18030, .big5]
        let delimiters: [DelimiterSetting] = [.auto, .character(0x2C), .character(0x09), .character(0x3B)]
        let choice = bytes.first.map(Int.init) ?? 0
        let reader = CSVFileReader(path: path, encoding: encodings[choice % encodings.count],
                                   delimiter: delimiters[(choice / encodings.count) % delimiters.count])
        var previousLine = 0
        do {
            try reader.readRaw { r in
                check(r.line >= 1 && r.line >= previousLine, "record lines increase from 1 (\(r.line) after \(previousLine))")
                // a UTF-16 file has at most as many lines as its bytes make line-end bytes
                check(r.line <= max(lines, 1) + 1, "record line \(r.line) is inside the input (\(lines) lines)")
                check(r.fieldCount <= InputLimits.maxFields, "at most \(InputLimits.maxFields) fields")
                for k in 0..<r.fieldCount { check(r.range(k).count <= InputLimits.maxFieldBytes, "a field within the limit") }
                previousLine = r.line
            }
        } catch {
            switch error {
            case .encoding(let line, _), .unclosedQuote(let line, _): check(line >= 1 && line <= lines + 1, "error line \(line) inside the input")
            case .cannotOpen: preconditionFailure("the scratch file cannot be opened")
            }
        }
    }

    /// The value grammars: no trap, and what parses formats back to itself.
    static func values(_ bytes: [UInt8]) {
        let s = String(decoding: bytes, as: UTF8.self)
        if let cents = ValueParser.money(s, symbols: ["¥", "￥", "$"]) {
            check(cents.magnitude < 100_000_000_000_000, "an accepted amount is within 12 digits")
            let plain = Money(cents: cents).plain
            check(ValueParser.money(plain, symbols: []) == cents, "money \(plain) reads back as \(cents)")
        }
        if let d = ValueParser.date(s) { check(ValueParser.date(d.description) == d, "date \(d) reads back") }
        if let v = ValueParser.score(s) { check((0...10_000).contains(v), "a score is 0…100") }
        if ValueParser.id(s) { check(s.unicodeScalars.count <= 64, "an id has at most 64 code points") }
        _ = ValueParser.text(s)
        _ = ValueParser.flag(s)
        _ = Period(s)
    }

    /// The plan loader: a checked plan or 78-style diagnostics, each with the plan's file name.
    static func plan(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let (plan, diagnostics) = PlanLoader.parse(text: text, fileName: "plan.toml", defaultName: "plan")
        check((plan == nil) != diagnostics.isEmpty, "a plan, or diagnostics, never both or neither")
        for d in diagnostics { check(d.fileName == "plan.toml" && d.file == .plan, "plan diagnostics name the plan") }
    }

    /// The previous-output reader (SPEC §7.3): bytes as payouts.csv with a manifest that lists
    /// it (so the checks past the hash run), or as the manifest itself.
    static func previous(_ bytes: [UInt8]) {
        let folder = (scratch as NSString).appendingPathComponent("previous")
        try? FileManager.default.removeItem(atPath: folder)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if bytes.first == UInt8(ascii: "{") {
            _ = write(bytes, "manifest.json", in: folder)
        } else {
            _ = write(bytes, "payouts.csv", in: folder)
            _ = write(Array("scope,scope_name,rank,agent_id,name,team,region,metric,value\n".utf8), "rankings.csv", in: folder)
            let manifest = "{\"plan\": {\"name\": \"p\"}, \"outputs\": [{\"name\": \"payouts.csv\", \"sha256\": \"\(Digest.sha256(bytes))\"}, " +
                "{\"name\": \"rankings.csv\", \"sha256\": \"\(Digest.sha256(Array("scope,scope_name,rank,agent_id,name,team,region,metric,value\n".utf8)))\"}]}"
            _ = write(Array(manifest.utf8), "manifest.json", in: folder)
        }
        if case .success(let p) = PreviousOutputReader.read(folder: folder, recordedPath: "../previous") {
            check(p.balances.allSatisfy { $0.cents <= 0 && $0.line >= 2 }, "balances are ≤ 0 and below the header")
        }
    }

    /// A whole month: the input cut at 0x00 bytes into agents.csv, sales.csv, targets.csv,
    /// kpi.csv and visits.csv, validated, computed and rendered (every page XML-checked).
    static func month(_ bytes: [UInt8]) {
        let folder = (scratch as NSString).appendingPathComponent("month")
        try? FileManager.default.removeItem(atPath: folder)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let parts = bytes.split(separator: 0, maxSplits: 4, omittingEmptySubsequences: false)
        for (k, name) in ["agents.csv", "sales.csv", "targets.csv", "kpi.csv", "visits.csv"].enumerated() where k < parts.count {
            _ = write(Array(parts[k]), name, in: folder)
        }
        _ = write(Array(FuzzPlan.text.utf8), "plan.toml", in: folder)
        let inputs = MonthInputs(inputDirectory: folder, period: Period("2026-10"))
        guard case .ready(let plan, let result) = MonthPipeline.prepare(inputs) else { return }
        for (file, c) in result.month.counts {
            check(c.accepted <= c.read && c.rejected == c.read - c.accepted, "\(file): read = accepted + rejected")
        }
        let sales = result.agents.reduce(Int64(0)) { $0 + $1.premium.cents }
        check(sales == result.month.sales.reduce(Int64(0)) { $0 + $1.premium }, "the premiums add up")
        for r in result.agents { check(r.pay.total == r.pay.payable + r.pay.carryForward, "total = payable + carry_forward") }
        guard let templates = try? TemplateSet(directory: FuzzPlan.templates) else { return }
        let renderer = ReportRenderer(templates: templates, plan: plan, run: RunContext(generatedAt: "2026-11-01T00:00:00Z"))
        do {
            let files = try renderer.render(result)
            let again = try renderer.render(result)
            check(files.map(\.bytes) == again.map(\.bytes), "the same month renders the same bytes")
            for f in files where f.path.hasSuffix(".csv") { checkGuarded(f.bytes, f.path) }
        } catch {
            preconditionFailure("a built-in template failed: \(error)")
        }
    }

    /// The readers against each other: the input cut at 0x00 bytes into agents.csv, sales.csv,
    /// targets.csv and kpi.csv is loaded with every record through the CSV scanner's pipeline
    /// on one core, with plain lines typed in place by one worker per file, and with sales.csv cut
    /// into three regions — the same rows, counts, located diagnostics (or the same stop).
    static func readers(_ bytes: [UInt8]) {
        let folder = (scratch as NSString).appendingPathComponent("readers")
        try? FileManager.default.removeItem(atPath: folder)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let parts = bytes.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false)
        for (k, name) in ["agents.csv", "sales.csv", "targets.csv", "kpi.csv"].enumerated() where k < parts.count {
            _ = write(Array(parts[k]), name, in: folder)
        }
        let (loaded, _) = PlanLoader.load(path: write(Array(FuzzPlan.text.utf8), "plan.toml", in: folder), fileName: "plan.toml")
        guard let plan = loaded else { preconditionFailure("the fuzz plan does not load") }
        func load(_ configure: (inout MonthLoader) -> Void) -> LoadOutcome {
            var loader = MonthLoader(inputDirectory: folder, plan: plan, period: Period("2026-10")!)
            configure(&loader)
            return loader.load()
        }
        let reference = load { $0.readSalesOnEveryCore = false; $0.plainLinesInPlace = false }
        let others = [("lines in place", load { $0.readSalesOnEveryCore = false }),
                      ("three workers", load { $0.salesWorkers = 3; $0.minimumSplitBytes = 0 })]
        func spot(_ d: Diagnostic) -> String { "\(d.code)@\(d.fileName):\(d.line ?? 0):\(d.column ?? 0) \(d.message)" }
        for (mode, outcome) in others {
            switch (reference, outcome) {
            case (.stopped(let a, let codeA, let countsA), .stopped(let b, let codeB, let countsB)):
                check(codeA == codeB && countsA == countsB, "\(mode): the same stop (\(codeA), \(codeB))")
                check(a.sortedForReport() == b.sortedForReport(), "\(mode): the same file errors\n\(a.sortedForReport().map(spot))\n\(b.sortedForReport().map(spot))")
            case (.loaded(let a), .loaded(let b)):
                check(a.counts == b.counts, "\(mode): the same counts \(a.counts) \(b.counts)")
                check(a.agents == b.agents && a.targets == b.targets && a.kpi == b.kpi, "\(mode): the same roster, targets and KPI rows")
                check(a.sales == b.sales, "\(mode): the same sales sums")
                check(a.diagnostics.sortedForReport() == b.diagnostics.sortedForReport(),
                      "\(mode): the same diagnostics\n\(a.diagnostics.sortedForReport().map(spot))\n\(b.diagnostics.sortedForReport().map(spot))")
            default:
                preconditionFailure("property failed: \(mode) stopped where the scanner pipeline did not, or the other way round")
            }
        }
    }

    /// Every unquoted CSV cell (and quoted one) that starts with = + - @ tab or CR is guarded,
    /// unless it is a number.
    static func checkGuarded(_ bytes: [UInt8], _ name: String) {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }) {
            for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                var c = Substring(cell)
                if c.hasPrefix("\"") { c = c.dropFirst() }
                guard let first = c.first, "=+-@\t\r".contains(first) else { continue }
                let isNumber = c.dropFirst(first == "-" ? 1 : 0).allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
                check(isNumber, "\(name): a cell starting with \(first) is guarded: \(c.prefix(40))")
            }
        }
    }
}
