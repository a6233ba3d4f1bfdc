import Foundation

/// The result of loading a month: either it stopped at the file level, or validated data.
public enum LoadOutcome: Sendable {
    /// File-level errors (SPEC §2 step 1): the run stops; `exitCode` is 66 or 65.
    case stopped(diagnostics: [Diagnostic], exitCode: Int32, counts: [InputFile: FileCounts])
    case loaded(ValidatedMonth)
}

/// Reads and validates a month's files in the order SPEC §2 lays down.
public struct MonthLoader: Sendable {
    public var inputDirectory: String
    public var plan: Plan
    public var period: Period
    public var encodingOverride: TextEncoding?
    /// Whether sales.csv may be read on every core (tests and the `readers` fuzz target turn it
    /// off to compare with one core).
    public var readSalesOnEveryCore = true
    /// Below this many bytes of sales data one core reads them (tests set 0 to split small files).
    public var minimumSplitBytes = 1 << 20
    /// How many cores read sales.csv (tests pin it to cut small files in many places).
    public var salesWorkers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    /// Progress of reading, for a terminal.
    public var progress: ProgressHandler?
    /// Whether UTF-8 files' plain lines are typed in place (off: the CSV scanner's pipeline for
    /// every record of the files read on one core — what tests compare with).
    public var plainLinesInPlace = true

    public init(inputDirectory: String, plan: Plan, period: Period, encodingOverride: TextEncoding? = nil) {
        self.inputDirectory = inputDirectory
        self.plan = plan
        self.period = period
        self.encodingOverride = encodingOverride
    }

    func path(_ file: InputFile) -> String {
        (inputDirectory as NSString).appendingPathComponent(plan.fileName(file))
    }

    func fileSize(_ file: InputFile) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path(file))[.size] as? NSNumber)?.intValue
    }

    func reader(_ file: InputFile) -> TableReader {
        var r = TableReader(path: path(file), file: file, fileName: plan.fileName(file), plan: plan, encodingOverride: encodingOverride)
        r.progress = progress
        r.plainLinesInPlace = plainLinesInPlace
        return r
    }

    /// Loads everything; see `LoadOutcome`.
    public func load() -> LoadOutcome {
        var timings: [StageTiming] = []
        var clock = Date()
        func measure(_ file: InputFile) {
            let now = Date()
            timings.append(StageTiming(name: "read and checked \(plan.fileName(file))", seconds: now.timeIntervalSince(clock), bytes: fileSize(file)))
            clock = now
        }
        var fileErrors: [Diagnostic] = []
        var diagnostics: [Diagnostic] = []
        var counts: [InputFile: FileCounts] = [:]
        var fileNames: [InputFile: String] = [:]
        var present: Set<InputFile> = []
        var missingRequired = false
        for file in InputFile.tables {
            fileNames[file] = plan.fileName(file)
            // only regular files are read: a FIFO would block in open, /dev/zero never end (66)
            let name = plan.fileName(file)
            switch SafeFile.kind(path(file)) {
            case .regular:
                present.insert(file)
            case .missing:
                if file == .agents || file == .sales {
                    missingRequired = true
                    fileErrors.append(Diagnostic(.error, "missing-file", file: file, fileName: name,
                                                 message: "required file \(name) is not in \(inputDirectory)"))
                }
            case .directory:
                missingRequired = true
                fileErrors.append(Diagnostic(.error, "missing-file", file: file, fileName: name,
                                             message: "\(name) in \(inputDirectory) is a folder, not a file"))
            case .special:
                missingRequired = true
                fileErrors.append(Diagnostic(.error, "missing-file", file: file, fileName: name,
                                             message: "\(name) in \(inputDirectory) is not a regular file (a FIFO, socket or device is never read)"))
            }
        }

        // the manifest's digests, read on a thread of their own while the roster is read on this one
        let digests = BackgroundDigests(paths: Dictionary(uniqueKeysWithValues: present.map { ($0, path($0)) }))

        // agents: step 2 typing, step 3 keys and termination, step 4 hierarchy
        var roster = RosterValidator(plan: plan, fileName: plan.fileName(.agents))
        if present.contains(.agents) {
            let result = reader(.agents).read { row in roster.addRow(&row) }
            fileErrors += result.fileErrors
            diagnostics += result.diagnostics
            counts[.agents] = result.counts
        }
        roster.finish()
        diagnostics += roster.diagnostics
        measure(.agents)
        let agents = roster.kept
        let managers = roster.managers

        // sales: streamed, every row checked and summed as it comes
        var sales = SalesValidator(period: period, agents: agents, fileName: plan.fileName(.sales))
        if present.contains(.sales) {
            let result: TableReadResult
            if readSalesOnEveryCore, let (r, v) = ParallelSalesReader(table: reader(.sales), minimumSplitBytes: minimumSplitBytes, workerCount: salesWorkers).read(validator: sales) {
                result = r
                sales = v
            } else {
                // one core, in the file's order: `offset` only locates a row for a spill, unused here
                sales.ownSums()
                result = reader(.sales).read { row in sales.addRow(&row, offset: 0) }
            }
            fileErrors += result.fileErrors
            diagnostics += result.diagnostics
            var c = result.counts
            c.accepted = sales.accepted
            counts[.sales] = c
        }
        diagnostics += sales.diagnostics
        let salesTotals = sales.takeTotals()
        var salesMagnitude = AmountMagnitude()
        for t in salesTotals { salesMagnitude.add(t.magnitude) }
        if salesMagnitude.cents > 2 * AmountLimits.fileTotal { fileErrors.append(amountLimit(.sales, "premium and fyc")) }
        measure(.sales)

        // targets and kpi: each on its own core (both only look agents up)
        let keyedFiles = [InputFile.targets, .kpi].filter { present.contains($0) }
        let ids = sales.agentIDs
        let keyedReads = ParallelMap.run(keyedFiles.count, batch: 1) { k in readKeyed(keyedFiles[k], agentCount: agents.count, ids: ids) }
        // each read's own array (one made here too would be megabytes zeroed for nothing)
        var targets: [TargetRow?]?, kpi: [KPIRow?]?
        for (file, read) in zip(keyedFiles, keyedReads) {
            if file == .targets { targets = read.targets } else { kpi = read.kpi }
            fileErrors += read.result.fileErrors
            diagnostics += read.result.diagnostics + read.diagnostics
            counts[file] = read.result.counts
            timings.append(StageTiming(name: "read and checked \(plan.fileName(file))", seconds: read.seconds, bytes: fileSize(file)))
        }
        let targetRows = targets ?? [TargetRow?](repeating: nil, count: agents.count)
        let kpiRows = kpi ?? [KPIRow?](repeating: nil, count: agents.count)
        var targetMagnitude = AmountMagnitude()
        for t in targetRows { if let t { targetMagnitude.add(t.target); targetMagnitude.add(t.prior ?? 0); targetMagnitude.add(t.ytdFYC ?? 0) } }
        if targetMagnitude.cents > 3 * AmountLimits.fileTotal { fileErrors.append(amountLimit(.targets, "target_premium, prior_premium and ytd_fyc")) }

        // visits: step 6b, after targets and kpi (SPEC §7.1)
        var visitTotals: [VisitTotals]?
        if present.contains(.visits) {
            clock = Date()
            var visits = VisitValidator(period: period, agents: agents, ids: ids, fileName: plan.fileName(.visits))
            var result = reader(.visits).read { row in visits.addRow(&row) }
            result.counts.accepted = visits.accepted
            fileErrors += result.fileErrors
            diagnostics += result.diagnostics + visits.diagnostics
            counts[.visits] = result.counts
            visitTotals = visits.totals
            measure(.visits)
        }
        if present.contains(.agents), var c = counts[.agents] {
            c.accepted = agents.count
            counts[.agents] = c
        }

        let inputDigests = digests.wait()
        if !fileErrors.isEmpty {
            // a file that is missing or cannot be read is 66 (SPEC §6); other file-level errors 65
            let unreadable = missingRequired || fileErrors.contains { $0.code == "missing-file" }
            // the header warnings stay: a typo `premiun` reads "unknown column premiun" beside "premium is missing"
            let headerWarnings = diagnostics.filter { $0.code == "unknown-column" }
            return .stopped(diagnostics: fileErrors + headerWarnings, exitCode: unreadable ? 66 : 65, counts: counts)
        }
        return .loaded(ValidatedMonth(period: period, agents: agents, sales: salesTotals, targets: targetRows, kpi: kpiRows,
                                      visits: visitTotals,
                                      diagnostics: diagnostics, counts: counts, fileNames: fileNames, timings: timings,
                                      inputDigests: inputDigests, managers: managers))
    }

    /// `amount-limit`: a file's amounts add up past `AmountLimits.fileTotal`; the run stops (65)
    /// rather than compute with sums that no longer fit.
    func amountLimit(_ file: InputFile, _ columns: String) -> Diagnostic {
        Diagnostic(.error, "amount-limit", file: file, fileName: plan.fileName(file),
                   message: "the \(columns) amounts of \(plan.fileName(file)) add up to more than \(AmountLimits.fileTotalText) a column (the limit of one month, so that every sum stays exact); nothing is computed")
    }

    /// What reading targets.csv or kpi.csv gave.
    private struct KeyedRead: Sendable {
        var result: TableReadResult
        var diagnostics: [Diagnostic]
        var targets: [TargetRow?] = []
        var kpi: [KPIRow?] = []
        var seconds: Double
    }

    /// Reads targets.csv or kpi.csv against the roster (SPEC §2 steps 2 and 3).
    private func readKeyed(_ file: InputFile, agentCount: Int, ids: AgentIDTable) -> KeyedRead {
        let started = Date()
        var keyed = KeyedRowValidator(file: file, fileName: plan.fileName(file), agentCount: agentCount, ids: ids)
        var targets = [TargetRow?](repeating: nil, count: file == .targets ? agentCount : 0)
        var kpi = [KPIRow?](repeating: nil, count: file == .kpi ? agentCount : 0)
        // each row's agent slot asked for a line ahead
        let key = file == .targets ? TargetsColumn.agentID.index : KPIColumn.agentID.index
        var result = reader(file).read(lookahead: (key, { ids.prefetch($0) })) { row in
            if file == .targets {
                if let t = keyed.parseTarget(&row) { targets[t.index] = t.row }
            } else {
                if let k = keyed.parseKPI(&row) { kpi[k.index] = k.row }
            }
        }
        result.counts.accepted = keyed.accepted
        return KeyedRead(result: result, diagnostics: keyed.diagnostics, targets: targets, kpi: kpi,
                         seconds: Date().timeIntervalSince(started))
    }
}
