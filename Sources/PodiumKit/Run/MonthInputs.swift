import Foundation

/// Reports how far a long stage has got (`stage`, 0…1); shown only on a terminal.
public typealias ProgressHandler = @Sendable (_ stage: String, _ fraction: Double) -> Void

/// Where a month's inputs are and how to read them (the shared options of every command).
public struct MonthInputs: Sendable {
    public var inputDirectory: String
    public var period: Period?
    public var planPath: String?
    public var encoding: TextEncoding?
    /// "Now", for the default period; tests pin it.
    public var now: Date
    /// Progress of reading the files, for a terminal.
    public var progress: ProgressHandler?
    /// Where the previous month's output is looked for (only `run` and `explain` look).
    public var previous: PreviousSource = .none

    public init(inputDirectory: String, period: Period? = nil, planPath: String? = nil, encoding: TextEncoding? = nil, now: Date = Date()) {
        self.inputDirectory = inputDirectory
        self.period = period
        self.planPath = planPath
        self.encoding = encoding
        self.now = now
    }

    public var resolvedPlanPath: String {
        planPath ?? (inputDirectory as NSString).appendingPathComponent("plan.toml")
    }

    /// The previous calendar month in the plan's time zone (or the machine's).
    public static func defaultPeriod(now: Date, timezone: String?) -> Period {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timezone.flatMap { TimeZone(identifier: $0) } ?? TimeZone.current
        let c = calendar.dateComponents([.year, .month], from: now)
        return Period(year: c.year!, month: c.month!)!.previous
    }
}

/// A month that was read, validated and computed, or the reason it stopped.
public enum PreparedMonth {
    case ready(plan: Plan, result: CloseResult)
    /// Stopped before any output: diagnostics to print and the exit code.
    case stopped(diagnostics: [Diagnostic], exitCode: Int32, counts: [InputFile: FileCounts])
}

/// The stages shared by `run`, `validate` and `explain`: plan, files, roster check, computation.
public enum MonthPipeline {
    public static func prepare(_ inputs: MonthInputs) -> PreparedMonth {
        let planPath = inputs.resolvedPlanPath
        let planName = inputs.planPath ?? "plan.toml"
        let (loadedPlan, planDiagnostics) = PlanLoader.load(path: planPath, fileName: planName)
        guard let plan = loadedPlan else {
            let missing = planDiagnostics.contains { $0.code == "missing-file" }
            return .stopped(diagnostics: planDiagnostics, exitCode: missing ? 66 : 78, counts: [:])
        }
        let period = inputs.period ?? MonthInputs.defaultPeriod(now: inputs.now, timezone: plan.timezone)
        // step 1 for the file `previous` (SPEC §7.5): reported by every run that gets this far
        let previous = PreviousLookup.find(inputs.previous, period: period, planName: plan.name)
        var loader = MonthLoader(inputDirectory: inputs.inputDirectory, plan: plan, period: period, encodingOverride: inputs.encoding)
        loader.progress = inputs.progress
        switch loader.load() {
        case .stopped(let diagnostics, let code, let counts):
            return .stopped(diagnostics: diagnostics + previous.diagnostics, exitCode: previous.missing ? 66 : code, counts: counts)
        case .loaded(var month):
            if previous.stops {
                return .stopped(diagnostics: previous.diagnostics, exitCode: previous.missing ? 66 : 65, counts: month.counts)
            }
            let rosterErrors = plan.checkAgainstRoster(month.agents, fileName: planName)
            if !rosterErrors.isEmpty {
                return .stopped(diagnostics: rosterErrors + previous.diagnostics, exitCode: 78, counts: month.counts)
            }
            month.diagnostics += previous.diagnostics
            let start = Date()
            var result = MonthlyClose.compute(month, plan: plan, previous: previous.output)
            result.month.timings.append(StageTiming(name: "computed pay and rankings", seconds: Date().timeIntervalSince(start)))
            return .ready(plan: plan, result: result)
        }
    }
}
