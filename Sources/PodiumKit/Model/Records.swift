/// A person of the roster that passed validation (SPEC §1.3), with its manager link repaired.
public struct Agent: Sendable, Equatable {
    public var line: Int
    public var id: String
    public var name: String
    /// The plan's role key.
    public var role: String
    /// nil at the top of a tree (empty in the file, or dropped by the hierarchy repair).
    public var managerID: String?
    public var team: String
    public var region: String
    public var market: Market
    public var hireDate: CivilDate
    public var terminated: Bool
    public var terminationDate: CivilDate?
}

/// One accepted sales row (SPEC §1.4); amounts in cents.
public struct Sale: Sendable, Equatable {
    public var line: Int
    public var policyID: String
    public var agentID: String
    public var date: CivilDate
    public var product: String
    public var premium: Int64
    public var fyc: Int64
}

/// An accepted targets row (SPEC §1.5); amounts in cents. Kept at its agent's place (a month
/// holds one per agent, so not its agent_id again: the place is the agent).
public struct TargetRow: Sendable, Equatable {
    public var line: Int
    public var target: Int64
    public var prior: Int64?
    public var ytdFYC: Int64?
}

/// An accepted kpi row (SPEC §1.6): scores in hundredths, nil when empty. Kept for every agent
/// of the month, so the four scores are packed in 32 bits each (the grammar keeps them far
/// below), `Int32.min` for an empty one; kept at its agent's place, as `TargetRow` is.
public struct KPIRow: Sendable, Equatable {
    public var line: Int
    private var scores: (Int32, Int32, Int32, Int32)

    private static let none = Int32.min

    public init(line: Int, planning: Int?, process: Int?, admin: Int?, attitude: Int?) {
        self.line = line
        scores = (Self.pack(planning), Self.pack(process), Self.pack(admin), Self.pack(attitude))
    }

    private static func pack(_ v: Int?) -> Int32 {
        guard let v else { return none }
        guard let p = Int32(exactly: v), p != none else { preconditionFailure("a score in hundredths fits 32 bits") }
        return p
    }

    private static func unpack(_ v: Int32) -> Int? { v == none ? nil : Int(v) }

    public var planning: Int? { get { Self.unpack(scores.0) } set { scores.0 = Self.pack(newValue) } }
    public var process: Int? { get { Self.unpack(scores.1) } set { scores.1 = Self.pack(newValue) } }
    public var admin: Int? { get { Self.unpack(scores.2) } set { scores.2 = Self.pack(newValue) } }
    public var attitude: Int? { get { Self.unpack(scores.3) } set { scores.3 = Self.pack(newValue) } }

    public func score(_ d: KPIDimension) -> Int? {
        switch d {
        case .planning: return planning
        case .process: return process
        case .admin: return admin
        case .attitude: return attitude
        case .volume, .growth: return nil
        }
    }

    public static func == (a: KPIRow, b: KPIRow) -> Bool {
        a.line == b.line && a.scores == b.scores
    }
}

/// The sums of one agent's accepted sales rows: all the computation needs of `sales.csv`.
///
/// The sums wrap instead of trapping; `magnitude` adds |premium| and |fyc| up (saturating), and
/// the loader stops the run when a file's amounts pass `AmountLimits.fileTotal`, so no sum
/// that the computation reads has wrapped.
public struct SalesTotals: Sendable, Equatable {
    public var premium: Int64 = 0
    public var fyc: Int64 = 0
    public var newPolicies = 0
    public var cancellations = 0
    /// Accepted rows (premium 0 included).
    public var rows = 0
    /// Σ |premium| and Σ |fyc|, saturating at UInt64.max.
    public var magnitude = AmountMagnitude()
    public init() {}

    mutating func add(premium p: Int64, fyc f: Int64) {
        premium &+= p
        fyc &+= f
        rows += 1
        magnitude.add(p)
        magnitude.add(f)
        if p > 0 { newPolicies += 1 } else if p < 0 { cancellations += 1 }
    }

    /// Undoes `add` of the same row.
    mutating func subtract(premium p: Int64, fyc f: Int64) {
        premium &-= p
        fyc &-= f
        rows -= 1
        magnitude.remove(p)
        magnitude.remove(f)
        if p > 0 { newPolicies -= 1 } else if p < 0 { cancellations -= 1 }
    }

    /// Adds sums over other rows.
    mutating func add(_ other: SalesTotals) {
        premium &+= other.premium
        fyc &+= other.fyc
        newPolicies += other.newPolicies
        cancellations += other.cancellations
        rows += other.rows
        magnitude.add(other.magnitude)
    }
}

/// Σ |amount| in cents, saturating (it only decides whether a file passed the limit).
public struct AmountMagnitude: Sendable, Equatable {
    public private(set) var cents: UInt64 = 0
    public init() {}

    @inline(__always)
    mutating func add(_ amount: Int64) {
        let (sum, over) = cents.addingReportingOverflow(amount.magnitude)
        cents = over ? .max : sum
    }

    mutating func remove(_ amount: Int64) {
        if cents != .max { cents -= min(cents, amount.magnitude) }
    }

    mutating func add(_ other: AmountMagnitude) {
        let (sum, over) = cents.addingReportingOverflow(other.cents)
        cents = over ? .max : sum
    }
}

/// The money limits that keep every sum and ratio exact in 64-bit cents (README "Hostile input").
public enum AmountLimits {
    /// The amounts of a file's money columns add up, in absolute value, to at most
    /// 1,000,000,000,000.00 a column (checked over the columns together: premium and fyc of
    /// sales.csv at most twice that, target_premium, prior_premium and ytd_fyc of targets.csv
    /// three times).
    public static let fileTotal: UInt64 = 100_000_000_000_000
    public static let fileTotalText = "1,000,000,000,000.00"
}

/// A month's validated data: what the computation reads, and every diagnostic found on the way.
public struct ValidatedMonth: Sendable {
    public var period: Period
    /// Kept agents in file order.
    public var agents: [Agent]
    /// Sales sums by index into `agents`.
    public var sales: [SalesTotals]
    public var targets: [TargetRow?]
    public var kpi: [KPIRow?]
    /// Visit figures by agent index; nil when there is no visits.csv (SPEC §7.1).
    public var visits: [VisitTotals]? = nil
    public var diagnostics: [Diagnostic]
    /// Counts by file, for files that were present.
    public var counts: [InputFile: FileCounts]
    /// Display names of the input files, by file.
    public var fileNames: [InputFile: String]
    /// How long each step of reading took (for `--verbose` and the benchmark; never in outputs).
    public var timings: [StageTiming] = []
    /// Digests of the input files present, taken while they were read (the manifest's inputs).
    public var inputDigests: [InputFile: FileDigest] = [:]
    /// Position in `agents` of each agent's manager (nil at a top of tree), when the loader
    /// found them (the tree reuses them).
    public var managers: [Int?]? = nil

    public func index(of agentID: String) -> Int? { agents.firstIndex { ExactKey($0.id) == ExactKey(agentID) } }
}

/// One measured step of a run.
public struct StageTiming: Sendable {
    public var name: String
    public var seconds: Double
    /// Bytes the step read, when it read a file.
    public var bytes: Int?
    /// The process's peak resident memory when the step ended.
    public var peakMemory: Int? = PeakMemory.bytes()

    public init(name: String, seconds: Double, bytes: Int? = nil) {
        self.name = name
        self.seconds = seconds
        self.bytes = bytes
    }

    /// `read sales.csv in 0.21 s (290 MB/s; peak 180 MiB)`.
    public var description: String {
        var text = "\(name) in \(String(format: "%.2f", seconds)) s"
        var notes: [String] = []
        if let bytes, seconds > 0 { notes.append(String(format: "%.0f MB/s", Double(bytes) / 1e6 / seconds)) }
        if let peakMemory { notes.append("peak \(peakMemory >> 20) MiB") }
        if !notes.isEmpty { text += " (" + notes.joined(separator: "; ") + ")" }
        return text
    }
}
