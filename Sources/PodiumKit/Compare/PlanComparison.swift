import Foundation
import Logging

/// What `podium compare` needs (SPEC §7.4): one month, two plans.
public struct CompareRequest: Sendable {
    /// The month; its `planPath` is plan A, whose `[input]` and `[roles]` read the files.
    public var inputs: MonthInputs
    public var planB: String
    public var outputRoot: String
    public var templatesDirectory: String
    public var keepGoing: Bool
    public var wait: Double
    public var generatedAt: String

    public init(inputs: MonthInputs, planB: String, outputRoot: String, templatesDirectory: String,
                keepGoing: Bool = false, wait: Double = 0, generatedAt: String = "") {
        self.inputs = inputs
        self.planB = planB
        self.outputRoot = outputRoot
        self.templatesDirectory = templatesDirectory
        self.keepGoing = keepGoing
        self.wait = wait
        self.generatedAt = generatedAt
    }
}

/// One agent's total under each plan.
public struct ComparedAgent: Sendable, Equatable {
    public var index: Int
    public var totalA: Money
    public var totalB: Money
    public var delta: Money { totalB - totalA }
}

/// The month computed under two plans (carried_in 0.00 under both: it compares the month's own cost).
public struct Comparison: Sendable {
    public var a: CloseResult
    public var b: CloseResult
    public var planA: Plan
    public var planB: Plan
    /// By agent_id.
    public var agents: [ComparedAgent]

    init(a: CloseResult, b: CloseResult, planA: Plan, planB: Plan) {
        self.a = a
        self.b = b
        self.planA = planA
        self.planB = planB
        let people = a.month.agents
        agents = people.indices.sorted { people[$0].id.utf8.lexicographicallyPrecedes(people[$1].id.utf8) }.map { i in
            ComparedAgent(index: i, totalA: a.agents[i].pay.total, totalB: b.agents[i].pay.total)
        }
    }
}

/// `podium compare` as a library function: validate once, compute twice, publish
/// `OUTPUT/PERIOD-compare/` with the lock and atomic swap of `run`.
public enum PlanComparison {
    public static func execute(_ request: CompareRequest, log: Logger) -> RunOutcome {
        let planAPath = request.inputs.resolvedPlanPath
        guard let planA = loadPlan(planAPath, log: log) else { return RunOutcome(exitCode: planExit(planAPath)) }
        guard let planB = loadPlan(request.planB, log: log) else { return RunOutcome(exitCode: planExit(request.planB)) }
        let templates: TemplateSet
        do { templates = try TemplateSet(directory: request.templatesDirectory) } catch {
            log.error("podium: \(error)")
            return RunOutcome(exitCode: (error as? TemplateError)?.exitCode ?? 66)
        }
        guard templates.has("compare.html"), templates.has("compare.csv") else {
            log.error("podium: the templates compare.html.mustache and compare.csv.mustache are missing from \(request.templatesDirectory)")
            return RunOutcome(exitCode: 66)
        }
        let lock: OutputLock
        switch OutputLock.take(outputRoot: request.outputRoot, wait: request.wait, log: log) {
        case .success(let l): lock = l
        case .failure(let f): return RunOutcome(exitCode: f.code)
        }
        defer { withExtendedLifetime(lock) {} }

        var inputs = request.inputs
        inputs.previous = .none
        let prepared = MonthPipeline.prepare(inputs)
        printDiagnostics(prepared, log: log)
        guard case .ready(_, let a) = prepared else {
            if case .stopped(_, let code, _) = prepared {
                log.error("podium: nothing published (exit \(code))")
                return RunOutcome(exitCode: code)
            }
            return RunOutcome(exitCode: 70)
        }
        let rosterErrors = planB.checkAgainstRoster(a.month.agents, fileName: request.planB)
        if !rosterErrors.isEmpty {
            for d in rosterErrors { log.error("\(d.printed)") }
            log.error("podium: plan B \(request.planB) does not fit the roster; nothing published (exit 78)")
            return RunOutcome(exitCode: 78)
        }
        let errors = a.diagnostics.errorCount
        if errors > 0 && !request.keepGoing {
            log.error("podium: \(a.month.period): \(errors) error(s) in the inputs; nothing published (use --keep-going to leave those rows out)")
            return RunOutcome(exitCode: 65)
        }
        let b = MonthlyClose.compute(a.month, plan: planB)
        let comparison = Comparison(a: a, b: b, planA: planA, planB: planB)

        let name = "\(a.month.period)-compare"
        let publisher = Publisher(outputRoot: request.outputRoot, name: name)
        if let why = publisher.refusal(protecting: [request.inputs.inputDirectory, planAPath, request.planB, request.templatesDirectory]) {
            log.error("podium: refusing to publish: \(why)")
            return RunOutcome(exitCode: 64)
        }
        var files: [RenderedFile]
        do {
            files = try CompareReport(templates: templates, run: RunContext(keepGoing: request.keepGoing, generatedAt: request.generatedAt)).render(comparison)
        } catch {
            log.error("podium: \(error); nothing published")
            return RunOutcome(exitCode: 70)
        }
        files.append(RenderedFile(path: "manifest.json", bytes: Array(compareManifest(request, comparison, files: files).utf8)))
        do { try publisher.publish(files) } catch {
            log.error("podium: cannot write output: \(error); the earlier comparison is untouched")
            return RunOutcome(exitCode: 73)
        }
        let changed = comparison.agents.filter { $0.delta != .zero }.count
        let total = comparison.agents.reduce(Money.zero) { $0 + $1.delta }
        log.notice("podium: \(a.month.period) compared (\(planA.name) → \(planB.name)) into \(publisher.target): \(changed) of \(comparison.agents.count) agents change, total \(total.plain)")
        return RunOutcome(exitCode: 0, publishedFolder: publisher.target, files: files.map(\.path).sorted())
    }

    /// Prints the month's diagnostics (a comparison writes none into its folder, SPEC §7.5).
    private static func printDiagnostics(_ prepared: PreparedMonth, log: Logger) {
        let diagnostics: [Diagnostic]
        switch prepared {
        case .stopped(let d, _, _): diagnostics = d
        case .ready(_, let result): diagnostics = result.diagnostics
        }
        for d in diagnostics.sortedForReport() {
            if d.severity == .error { log.error("\(d.printed)") } else { log.info("\(d.printed)") }
        }
    }

    private static func loadPlan(_ path: String, log: Logger) -> Plan? {
        let (plan, diagnostics) = PlanLoader.load(path: path, fileName: path)
        if plan == nil {
            for d in diagnostics { log.error("\(d.printed)") }
            log.error("podium: the plan \(path) is not usable; nothing published")
        }
        return plan
    }

    private static func planExit(_ path: String) -> Int32 { SafeFile.isRegular(path) ? 78 : 66 }

    static func compareManifest(_ request: CompareRequest, _ c: Comparison, files: [RenderedFile]) -> String {
        func plan(_ p: Plan, _ path: String) -> String {
            let sha = Digest.sha256(file: path)?.hex ?? ""
            return "{\"name\": \(jsonString(p.name)), \"file\": \(jsonString((path as NSString).lastPathComponent)), \"sha256\": \(jsonString(sha))}"
        }
        let outputs = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            .map { Manifest.Output(name: $0.path, bytes: $0.bytes.count, sha256: Digest.sha256($0.bytes)).json }
        var o = "{\n"
        o += "  \"tool\": \"podium\",\n  \"command\": \"compare\",\n"
        o += "  \"version\": \(jsonString(Podium.version)),\n"
        o += "  \"period\": \(jsonString(c.a.month.period.description)),\n"
        o += "  \"generated_at\": \(jsonString(request.generatedAt)),\n"
        o += "  \"plans\": {\"a\": \(plan(c.planA, request.inputs.resolvedPlanPath)), \"b\": \(plan(c.planB, request.planB))},\n"
        o += "  \"keep_going\": \(request.keepGoing),\n"
        o += "  \"outputs\": [\n" + outputs.joined(separator: ",\n") + "\n  ]\n}\n"
        return o
    }
}
