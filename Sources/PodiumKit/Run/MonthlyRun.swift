import Foundation
import Logging

/// Everything `podium run` needs to know.
public struct RunRequest: Sendable {
    public var inputs: MonthInputs
    public var outputRoot: String
    public var templatesDirectory: String
    public var locale: ReportLocale?
    public var keepGoing: Bool
    /// Seconds to wait for another run's lock before exiting 75.
    public var wait: Double
    /// Generated-at text for pages and manifest (from `SOURCE_DATE_EPOCH` when set).
    public var generatedAt: String
    /// `--reopen`: publish even when a later published month was computed from this one (SPEC §7.6).
    public var reopen: Bool
    /// The process ends when the run returns (`podium run`): the computed month is then left
    /// for the operating system to take back at exit rather than freed record by record
    /// (hundreds of thousands of agents, rankings and diagnostics: ~20 ms on one core after the
    /// month was published). A program that runs several months keeps the default.
    public var processExitsAfterRun = false

    public init(inputs: MonthInputs, outputRoot: String, templatesDirectory: String, locale: ReportLocale? = nil,
                keepGoing: Bool = false, wait: Double = 0, generatedAt: String = "", reopen: Bool = false) {
        self.reopen = reopen
        self.inputs = inputs
        self.outputRoot = outputRoot
        self.templatesDirectory = templatesDirectory
        self.locale = locale
        self.keepGoing = keepGoing
        self.wait = wait
        self.generatedAt = generatedAt
    }
}

/// What a run did: its exit code and, when it published, the folder and the files in it.
public struct RunOutcome: Sendable {
    public var exitCode: Int32
    public var publishedFolder: String?
    public var files: [String] = []
}

/// `podium run` as a library function: read → validate → compute → render → publish, each stage
/// timed in the log, every failure mapped to its exit code (SPEC §6).
public enum MonthlyRun {
    public static func execute(_ request: RunRequest, log: Logger) -> RunOutcome {
        let started = Date()
        var stageStart = started
        func stage(_ name: String) {
            let now = Date()
            let peak = PeakMemory.bytes().map { " (peak \($0 >> 20) MiB)" } ?? ""
            log.info("podium: \(name) in \(String(format: "%.2f", now.timeIntervalSince(stageStart))) s\(peak)")
            stageStart = now
        }

        let templates: TemplateSet
        do { templates = try TemplateSet(directory: request.templatesDirectory) } catch {
            log.error("podium: \(error)")
            return RunOutcome(exitCode: (error as? TemplateError)?.exitCode ?? 66)
        }
        let lock: OutputLock
        switch OutputLock.take(outputRoot: request.outputRoot, wait: request.wait, log: log) {
        case .success(let l): lock = l
        case .failure(let f): return RunOutcome(exitCode: f.code)
        }
        defer { withExtendedLifetime(lock) {} }

        let prepared = MonthPipeline.prepare(request.inputs)
        stage("read, validated and computed")
        guard case .ready(var plan, var result) = prepared else {
            if case .stopped(let diagnostics, let code, _) = prepared {
                for d in diagnostics.sortedForReport() {
                    if d.severity == .error { log.error("\(d.printed)") } else { log.info("\(d.printed)") }
                }
                log.error("podium: nothing published (exit \(code))")
                return RunOutcome(exitCode: code)
            }
            return RunOutcome(exitCode: 70)
        }
        for t in result.month.timings { log.info("podium:   \(t.description)") }
        if let locale = request.locale { plan.locale = locale }
        var diagnostics = result.diagnostics.sortedForReport()
        let errors = diagnostics.errorCount
        for d in diagnostics {
            if d.severity == .error { log.error("\(d.printed)") } else { log.info("\(d.printed)") }
        }
        if errors > 0 && !request.keepGoing {
            log.error("podium: \(result.month.period): \(errors) error(s) in the inputs; nothing published (use --keep-going to leave those rows out)")
            return RunOutcome(exitCode: 65)
        }

        let publisher = Publisher(outputRoot: request.outputRoot, period: result.month.period)
        if let why = publisher.refusal(protecting: [request.inputs.inputDirectory, request.inputs.resolvedPlanPath, request.templatesDirectory]) {
            log.error("podium: refusing to publish: \(why)")
            return RunOutcome(exitCode: 64)
        }
        let run = RunContext(keepGoing: request.keepGoing, generatedAt: request.generatedAt)
        var renderer = ReportRenderer(templates: templates, plan: plan, run: run)
        renderer.progress = request.inputs.progress
        // every file goes to the staging folder as it is made (the one place that writes output)
        let staging: StagingFolder
        do { staging = try publisher.begin() } catch {
            log.error("podium: cannot write output: \(error); the earlier output of \(result.month.period) is untouched")
            return RunOutcome(exitCode: 73)
        }
        func fail(_ code: Int32, _ message: String) -> RunOutcome {
            staging.discard()
            log.error("podium: \(message)")
            return RunOutcome(exitCode: code)
        }
        func render() -> Result<[Manifest.Output], RunFailure> {
            do { return .success(try renderer.render(result, into: staging)) } catch let e as PublishError {
                return .failure(RunFailure(code: 73, message: "cannot write output: \(e); the earlier output of \(result.month.period) is untouched"))
            } catch {
                return .failure(RunFailure(code: 70, message: "\(error); nothing published"))
            }
        }
        var outputs: [Manifest.Output]
        switch render() {
        case .success(let o): outputs = o
        case .failure(let f): return fail(f.code, f.message)
        }
        stage("rendered \(outputs.count) files")

        // a later month computed from this one (SPEC §7.6): a different payouts.csv would make it wrong
        let payouts = outputs.first { $0.name == "payouts.csv" }?.sha256 ?? ""
        if let later = ClosedMonths.laterMonth(using: result.month.period, outputRoot: request.outputRoot), later.payoutsSHA256 != payouts {
            guard request.reopen else {
                log.error("\(ClosedMonths.alreadyUsed(later).printed)")
                return fail(73, "nothing published (exit 73); the output of \(result.month.period) is kept as it was")
            }
            let d = ClosedMonths.stale(later)
            log.notice("\(d.printed)")
            result.diagnostics.append(d)
            switch render() {
            case .success(let o): outputs = o
            case .failure(let f): return fail(f.code, f.message)
            }
        }

        let manifest: Manifest
        switch ManifestBuilder.build(request: request, plan: plan, result: result, outputs: outputs) {
        case .success(let m): manifest = m
        case .failure(let missing): return fail(66, "\(missing); nothing published")
        }
        do { outputs.append(try staging.write(RenderedFile(path: "manifest.json", bytes: Array(manifest.json.utf8)))) } catch {
            return fail(73, "cannot write output: \(error); the earlier output of \(result.month.period) is untouched")
        }
        stage("hashed inputs and outputs")

        do {
            let method = try publisher.commit(staging)
            if method == .renameAside {
                log.notice("podium: this file system cannot swap folders atomically; the old output was renamed aside first")
            }
        } catch {
            log.error("podium: cannot write output: \(error); the earlier output of \(result.month.period) is untouched")
            return RunOutcome(exitCode: 73)
        }
        stage("published")

        diagnostics = result.diagnostics
        let fmt = DisplayFormat(plan: plan)
        let payable = result.agents.reduce(Money.zero) { $0 + $1.pay.payable }
        let sales = result.month.counts[.sales] ?? FileCounts()
        let warnings = diagnostics.count - errors
        var line = "podium: \(result.month.period) published to \(publisher.target): \(fmt.count(result.month.agents.count)) agents, "
        line += "\(fmt.count(sales.read)) sales rows (\(fmt.count(sales.rejected)) rejected), payable \(fmt.money(payable)), "
        line += "\(fmt.count(warnings)) warning(s), \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
        log.notice("\(line)")
        if request.processExitsAfterRun { LeftUntilExit.keep(result) }
        return RunOutcome(exitCode: 0, publishedFolder: publisher.target, files: outputs.map(\.name).sorted())
    }
}

/// Why a stage of the run failed: its exit code and what to print.
struct RunFailure: Error {
    var code: Int32
    var message: String
}

/// Hashes the inputs and the rendered outputs into a manifest.
enum ManifestBuilder {
    struct MissingInput: Error, CustomStringConvertible {
        var path: String
        var description: String { "input \(path) disappeared or became unreadable during the run" }
    }

    static func build(request: RunRequest, plan: Plan, result: CloseResult, outputs written: [Manifest.Output]) -> Result<Manifest, MissingInput> {
        let planPath = request.inputs.resolvedPlanPath
        guard let planDigest = Digest.sha256(file: planPath) else { return .failure(MissingInput(path: planPath)) }
        var inputs: [Manifest.Input] = []
        for file in InputFile.allCases where file != .plan {
            guard let counts = result.month.counts[file] else { continue }
            let name = plan.fileName(file)
            let path = (request.inputs.inputDirectory as NSString).appendingPathComponent(name)
            // taken while the file was read (MonthLoader); hashed now when the month came from elsewhere
            guard let d = result.month.inputDigests[file] ?? Digest.sha256(file: path).map({ FileDigest(sha256: $0.hex, bytes: $0.bytes) }) else {
                return .failure(MissingInput(path: path))
            }
            inputs.append(Manifest.Input(name: name, bytes: d.bytes, sha256: d.sha256, counts: counts))
        }
        var byCode: [String: Int] = [:]
        for d in result.diagnostics { byCode[d.code, default: 0] += 1 }
        let errors = result.diagnostics.errorCount
        // hashed as they were written (StagingFolder.write)
        let outputs = written.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        let planFile = (planPath as NSString).lastPathComponent
        return .success(Manifest(
            version: Podium.version, period: result.month.period, generatedAt: request.generatedAt,
            planName: plan.name, planFile: planFile, planSHA256: planDigest.hex,
            previous: result.previous.map { p in
                Manifest.PreviousRecord(period: p.period ?? Period(
                    (p.folder as NSString).lastPathComponent) ?? result.month.period.preceding ?? result.month.period,
                    path: p.recordedPath, payoutsSHA256: p.payoutsSHA256)
            },
            keepGoing: request.keepGoing, rowsExcluded: result.month.counts.values.reduce(0) { $0 + $1.rejected },
            inputs: inputs, errors: errors, warnings: result.diagnostics.count - errors,
            byCode: byCode.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, $0.value) },
            outputs: outputs))
    }
}

/// What a run leaves for the process's exit to free (`RunRequest.processExitsAfterRun`).
enum LeftUntilExit {
    /// Keeps `value` alive until the process ends: one reference retained and never released.
    static func keep<T: Sendable>(_ value: T) {
        _ = Unmanaged.passRetained(SharedValue(value))
    }
}
