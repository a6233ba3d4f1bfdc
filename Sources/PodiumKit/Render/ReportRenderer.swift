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

    /// - Throws: `PageError` when a page is not well-formed XML (a broken template).
    public func render(_ result: CloseResult) throws -> [RenderedFile] {
        // The CSV files and the pages side by side: each half is partly serial (one big file,
        // the overview page), so together they keep both cores busy.
        let renderer = self
        let halves = ParallelMap.run(2, batch: 1) { k -> Result<[RenderedFile], PageError> in
            if k == 0 { return .success(renderer.renderCSV(result)) }
            do { return .success(try renderer.renderHTML(result)) } catch let e as PageError { return .failure(e) } catch {
                return .failure(PageError(page: "", line: 0, message: "\(error)"))
            }
        }
        return try halves[0].get() + halves[1].get()
    }

    public func renderCSV(_ result: CloseResult) -> [RenderedFile] {
        let vm = CSVViewModels(result: result, plan: plan)
        let tables: [(String, @Sendable () -> CSVRows)] = [
            ("payouts.csv", { vm.payouts() }),
            ("rankings.csv", { vm.rankings() }),
            ("teams.csv", { vm.groups(result.teams) }),
            ("regions.csv", { vm.groups(result.regions) }),
            ("directors.csv", { vm.groups(result.directors) }),
            ("diagnostics.csv", { vm.diagnostics() }),
        ]
        let templates = self.templates
        let renderer = self
        // Each file is built and rendered on its own core.
        return ParallelMap.run(tables.count, batch: 1) { k in
            let (name, table) = tables[k]
            return RenderedFile(path: name, bytes: renderer.csvBytes(templates.renderCSV(table(), template: name)))
        }
    }

    public func renderHTML(_ result: CloseResult) throws -> [RenderedFile] {
        let vm = HTMLViewModels(result: result, plan: plan, run: run)
        // Each page: its path, its template, and how to build its context (built on the worker
        // that renders it, so building and rendering both use every core).
        var jobs: [(String, String, @Sendable () -> [String: Any])] = [("index.html", "index.html", { vm.index() })]
        if plan.groupPages {
            for team in result.teams { jobs.append((vm.teamFile(team.name), "team.html", { vm.team(team) })) }
            for director in result.directors { jobs.append((vm.directorFile(director.agentIndex!), "director.html", { vm.director(director) })) }
        }
        if plan.statements {
            for i in result.month.agents.indices { jobs.append((vm.statementFile(i), "statement.html", { vm.statement(i) })) }
        }
        let templates = self.templates
        let work = jobs
        let counter = ProgressCounter(total: work.count, stage: "rendering pages", report: progress)
        let pages = ParallelMap.run(work.count) { k -> Result<RenderedFile, PageError> in
            counter.step()
            let (path, template, context) = work[k]
            let bytes = Array(templates.render(context(), template: template).utf8)
            do {
                _ = try XMLPage(bytes: bytes)
            } catch let e as XMLPage.ParseError {
                return .failure(PageError(page: path, line: e.line, message: e.message))
            } catch {
                return .failure(PageError(page: path, line: 0, message: "\(error)"))
            }
            return .success(RenderedFile(path: path, bytes: bytes))
        }
        return try pages.map { try $0.get() }
    }

    /// Applies `[output] csv_line_ending` and `csv_bom`.
    func csvBytes(_ text: String) -> [UInt8] {
        let body = plan.csvCRLF ? CSVEscaping.crlf(text) : text
        return (plan.csvBOM ? [0xEF, 0xBB, 0xBF] : []) + Array(body.utf8)
    }
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
    final class Slots<T>: @unchecked Sendable {
        var items: [T?]
        init(_ n: Int) { items = Array(repeating: nil, count: n) }
    }

    static func run<T>(_ count: Int, batch stride: Int = 64, _ body: @Sendable (Int) -> T) -> [T] {
        let slots = Slots<T>(count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let batches = (count + stride - 1) / stride
        slots.items.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: min(workers, max(batches, 1))) { worker in
                var batch = worker
                while batch < batches {
                    for k in (batch * stride)..<min(count, (batch + 1) * stride) { out[k] = body(k) }
                    batch += workers
                }
            }
        }
        return slots.items.map { $0! }
    }
}

/// A rendered page that an XML parser rejects: the run fails with the page and line.
public struct PageError: Error, CustomStringConvertible {
    public var page: String
    public var line: Int
    public var message: String
    public var description: String { "\(page):\(line): the page is not well-formed XML: \(message)" }
}
