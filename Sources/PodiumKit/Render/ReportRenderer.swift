import Foundation

/// Renders a computed month into files in memory (SPEC §5): CSV files and HTML pages.
/// Every page is parsed back as XML before it is returned; nothing is written here.
public struct ReportRenderer: Sendable {
    public let templates: TemplateSet
    public let plan: Plan
    public let run: RunContext
    /// Progress of page rendering, for a terminal.
    public var progress: ProgressHandler?

    public init(templates: TemplateSet, plan: Plan, run: RunContext = RunContext()) {
        self.templates = templates
        self.plan = plan
        self.run = run
    }

    /// One file to make: its path and how to make it (on whichever core is free).
    struct Job: Sendable {
        let path: String
        let make: @Sendable () -> Result<RenderedFile, any Error>
        /// Writes the file into a staging folder as it is made, a part at a time (the big CSV
        /// files: rankings.csv of a national month is tens of megabytes), when it can.
        var stream: (@Sendable (StagingFolder) throws -> Manifest.Output)? = nil

        init(_ path: String, _ make: @escaping @Sendable () -> Result<RenderedFile, any Error>,
             stream: (@Sendable (StagingFolder) throws -> Manifest.Output)? = nil) {
            self.path = path
            self.make = make
            self.stream = stream
        }
    }

    /// - Throws: `PageError` when a page is not well-formed XML (a broken template).
    public func render(_ result: CloseResult) throws -> [RenderedFile] {
        // One list for the CSV files and the pages, so that both cores take whatever is next:
        // the two big CSV files, the overview and the pages all run side by side. Longest first
        // (rankings.csv, payouts.csv, then the overview, then the small files and the pages):
        // with the overview last, one core rendered it after rankings.csv while the other idled.
        try checkOptionalTemplates(result)
        let csv = csvJobs(result), html = htmlJobs(result)
        var files = try run(Array(csv.prefix(2)) + Array(html.prefix(1)) + Array(csv.dropFirst(2)) + Array(html.dropFirst(1)))
        if plan.xlsx { files.append(try workbook(result)) }
        return files
    }

    /// Renders every file straight into a staging folder, each written as soon as it is made
    /// (a national month's pages are never all in memory at once).
    ///
    /// - Returns: each file's manifest entry, in no particular order.
    /// - Throws: `PageError` for a page that is not well-formed; `PublishError` for a file that cannot be written.
    public func render(_ result: CloseResult, into staging: StagingFolder) throws -> [Manifest.Output] {
        try checkOptionalTemplates(result)
        let csv = csvJobs(result), html = htmlJobs(result)
        // payouts.xlsx first: it is the longest job (most of it zlib), so the other core takes the rest
        let renderer = self
        let workbook: [Job] = plan.xlsx ? [Job("payouts.xlsx", { @Sendable in Result { try renderer.workbook(result) } })] : []
        let jobs = workbook + Array(csv.prefix(2)) + Array(html.prefix(1)) + Array(csv.dropFirst(2)) + Array(html.dropFirst(1))
        let counter = ProgressCounter(total: jobs.count, stage: "rendering", report: progress)
        let written = try ParallelMap.run(jobs.count, batch: 1) { k -> Result<Manifest.Output, Error> in
            counter.step()
            return Result {
                if let stream = jobs[k].stream { return try stream(staging) }
                return try staging.write(try jobs[k].make().get())
            }
        }.map { try $0.get() }
        return written
    }

    /// The templates only some months need (visits.csv, `[[honors]]`) are there.
    func checkOptionalTemplates(_ result: CloseResult) throws {
        if result.month.visits != nil && !templates.has("visit_summary.csv") {
            throw TemplateError(message: "the month has visits.csv but the template visit_summary.csv.mustache is missing from \(templates.directory)")
        }
        if !plan.honors.isEmpty && !templates.has("honors.csv") {
            throw TemplateError(message: "the plan has [[honors]] but the template honors.csv.mustache is missing from \(templates.directory)")
        }
    }

    /// payouts.xlsx (SPEC §5.4) from the rows of the default payouts.csv.
    public func workbook(_ result: CloseResult) throws -> RenderedFile {
        let rows = CSVViewModels(result: result, plan: plan).payoutsSource()
        let bytes = try PayoutsWorkbook.bytes(rows, sheetName: result.month.period.description, created: time_t(run.generatedSeconds))
        return RenderedFile(path: "payouts.xlsx", bytes: bytes)
    }

    public func renderCSV(_ result: CloseResult) -> [RenderedFile] {
        // CSV jobs never fail
        (try? run(csvJobs(result))) ?? []
    }

    public func renderHTML(_ result: CloseResult) throws -> [RenderedFile] {
        try run(htmlJobs(result))
    }

    private func run(_ jobs: [Job]) throws -> [RenderedFile] {
        let counter = ProgressCounter(total: jobs.count, stage: "rendering", report: progress)
        return try ParallelMap.run(jobs.count, batch: 1) { k -> Result<RenderedFile, any Error> in
            counter.step()
            return jobs[k].make()
        }.map { try $0.get() }
    }

    func csvJobs(_ result: CloseResult) -> [Job] {
        let vm = CSVViewModels(result: result, plan: plan)
        var tables: [(String, @Sendable () -> CSVTableSource)] = [
            ("rankings.csv", { vm.rankingsSource() }),
            ("payouts.csv", { vm.payoutsSource() }),
            ("diagnostics.csv", { vm.diagnosticsSource() }),
            ("teams.csv", { vm.groupsSource(result.teams) }),
            ("regions.csv", { vm.groupsSource(result.regions) }),
            ("directors.csv", { vm.groupsSource(result.directors) }),
        ]
        if !plan.honors.isEmpty {
            tables.append(("honors.csv", { vm.honorsSource() }))
        }
        if let visits = result.month.visits {
            tables.append(("visit_summary.csv", { vm.visitSummarySource(visits) }))
        }
        let templates = self.templates
        let renderer = self
        let crlf = plan.csvCRLF, bom = plan.csvBOM
        return tables.map { (name: String, table: @escaping @Sendable () -> CSVTableSource) -> Job in
            let fast: FastCSVTemplate? = templates.fastCSV[name].flatMap { $0.canRenderBytes ? $0 : nil }
            let make: @Sendable () -> Result<RenderedFile, any Error> = {
                let source = table()
                // the plain templates straight to bytes, a slice of rows at a time; any other through the text
                if let fast, let bytes = fast.renderBytes(source, crlf: crlf, bom: bom) {
                    return .success(RenderedFile(path: name, bytes: bytes))
                }
                return .success(RenderedFile(path: name, bytes: renderer.csvBytes(templates.renderCSV(source.all(), template: name))))
            }
            guard let fast else { return Job(name, make) }
            let stream: @Sendable (StagingFolder) throws -> Manifest.Output = { staging in
                let source = table()
                return try staging.write(path: name) { (sink: inout FileSink) in
                    try fast.render(source, crlf: crlf, bom: bom) { try sink.append($0) }
                }
            }
            return Job(name, make, stream: stream)
        }
    }

    func htmlJobs(_ result: CloseResult) -> [Job] {
        // one copy of the view models, shared by every page's closure (a copy captured by each
        // of a national month's 50,000 closures retained and released every array and
        // dictionary of the month and the plan, twice)
        let shared = SharedValue(HTMLViewModels(result: result, plan: plan, run: run))
        let vm = shared.value
        // Each page: its path, its template, and how to build its context (built on the core
        // that renders it).
        var pages: [(String, String, @Sendable () -> PageObject)] = [("index.html", "index.html", { shared.value.index() })]
        if plan.groupPages {
            for team in result.teams { pages.append((vm.teamFile(team.name), "team.html", { shared.value.team(team) })) }
            for director in result.directors {
                pages.append((vm.directorFile(director.agentIndex!), "director.html", { shared.value.director(director) }))
            }
        }
        if plan.statements {
            for i in result.month.agents.indices { pages.append((vm.statementFile(i), "statement.html", { shared.value.statement(i) })) }
        }
        let templates = self.templates
        return pages.map { path, template, context in
            Job(path, {
                let bytes = templates.renderBytes(context(), template: template)
                do {
                    try XMLPage.checkWellFormed(bytes)
                } catch let e as XMLPage.ParseError {
                    return .failure(PageError(page: path, line: e.line, message: e.message))
                } catch {
                    return .failure(PageError(page: path, line: 0, message: "\(error)"))
                }
                return .success(RenderedFile(path: path, bytes: bytes))
            })
        }
    }

    /// Applies `[output] csv_line_ending` and `csv_bom`.
    func csvBytes(_ text: String) -> [UInt8] {
        let body = plan.csvCRLF ? CSVEscaping.crlf(text) : text
        return (plan.csvBOM ? [0xEF, 0xBB, 0xBF] : []) + Array(body.utf8)
    }
}

/// One value shared by reference (by closures that would otherwise each capture a copy).
final class SharedValue<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Counts finished items across threads and reports every 1%.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let stage: String
    private let report: ProgressHandler?

    init(total: Int, stage: String, report: ProgressHandler?) {
        self.total = total
        self.stage = stage
        self.report = report
    }

    func step() {
        guard let report else { return }
        lock.lock()
        done += 1
        let d = done
        lock.unlock()
        if d % max(1, total / 100) == 0 { report(stage, Double(d) / Double(max(total, 1))) }
    }
}

/// Runs `body` for 0..<count on every core, keeping results in index order.
enum ParallelMap {
    static func run<T>(_ count: Int, batch stride: Int = 64, _ body: @Sendable (Int) -> T) -> [T] {
        run(count, batch: stride, state: {}) { _, k in body(k) }
    }

    /// The same, with a value of each worker's own (made by `state` on that worker and handed
    /// to every item it computes): workers that shared one object would both change its
    /// reference count for every item, and that cache line would go back and forth between cores.
    static func run<T, State>(_ count: Int, batch stride: Int = 64, state: @Sendable () -> State,
                              _ body: @Sendable (inout State, Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let batches = (count + stride - 1) / stride
        let next = BatchCounter()
        // each result is made in its place in the array: no optional slots, no copy at the end
        return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let out = buffer.baseAddress!
            // each worker takes the next batch when it is free, so uneven items balance out
            DispatchQueue.concurrentPerform(iterations: min(workers, batches)) { _ in
                var own = state()
                while true {
                    let batch = next.take()
                    guard batch < batches else { break }
                    for k in (batch * stride)..<min(count, (batch + 1) * stride) { (out + k).initialize(to: body(&own, k)) }
                }
            }
            initialized = count
        }
    }
}

/// Hands out 0, 1, 2, … to whichever thread asks.
final class BatchCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}

/// A rendered page that an XML parser rejects: the run fails with the page and line.
public struct PageError: Error, CustomStringConvertible {
    public var page: String
    public var line: Int
    public var message: String
    public var description: String { "\(page):\(line): the page is not well-formed XML: \(message)" }
}
