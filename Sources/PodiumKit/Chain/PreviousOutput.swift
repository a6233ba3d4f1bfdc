import Foundation

/// One negative (or zero) balance of the previous payouts.csv, where it was written.
public struct PreviousBalance: Sendable, Equatable {
    public var agentID: String
    /// carry_forward in cents (≤ 0).
    public var cents: Int64
    /// The physical line of its row in the previous payouts.csv.
    public var line: Int
    /// The carry_forward cell as written.
    public var raw: String
}

/// The previous month's headline figures, summed from its payouts.csv (SPEC §7.3, HTML).
public struct PreviousTotals: Sendable, Equatable {
    public var premium = Money.zero
    public var fyc = Money.zero
    /// payouts rows with active_days > 0.
    public var headcount = 0
    public var payable = Money.zero
}

/// What identifies a row of rankings.csv from one month to the next.
public struct RankKey: Hashable, Sendable {
    public var scope: ExactKey
    public var scopeName: ExactKey
    public var agentID: ExactKey
    public var metric: ExactKey

    public init(scope: String, scopeName: String, agentID: String, metric: String) {
        self.scope = ExactKey(scope)
        self.scopeName = ExactKey(scopeName)
        self.agentID = ExactKey(agentID)
        self.metric = ExactKey(metric)
    }
}

/// A published month read back as the previous output of this one (SPEC §7.3), trusted only
/// after its manifest checks out.
public struct PreviousOutput: Sendable {
    /// The folder as found (`OUTPUT/PREV` or `--previous DIR`).
    public var folder: String
    /// The path the manifest records: `../PREV` for the sibling folder, else the absolute path.
    public var recordedPath: String
    /// The previous manifest's `period`, when it has one.
    public var period: Period?
    /// The previous manifest's `plan.name` (nil when absent).
    public var planName: String?
    /// SHA-256 of payouts.csv as it was read.
    public var payoutsSHA256: String
    /// Every agent's balance by id (first row per id counts), and the rows in file order.
    public var carried: [ExactKey: Int64] = [:]
    public var balances: [PreviousBalance] = []
    /// The carry_forward column: its 1-based index and header text.
    public var carryColumn = 0
    public var carryHeader = "carry_forward"
    /// previous rank by scope, scope_name, agent_id and metric (ranked rows only).
    public var ranks: [RankKey: Int] = [:]
    public var totals = PreviousTotals()

    /// The carry_forward of `agentID` in the previous payouts.csv, 0 when absent.
    public func carriedIn(_ agentID: String) -> Money { Money(cents: carried[ExactKey(agentID)] ?? 0) }

    /// The previous rank of a rankings row, nil when there is none or it was unranked.
    public func previousRank(_ key: RankKey) -> Int? { ranks[key] }
}

/// Reads and checks a previous output folder (SPEC §7.3, §7.5).
public enum PreviousOutputReader {
    /// Why a previous folder cannot be trusted: every check that failed, in words.
    public struct Untrusted: Error, Sendable {
        public var problems: [String]
    }

    public static func read(folder: String, recordedPath: String) -> Result<PreviousOutput, Untrusted> {
        var problems: [String] = []
        let manifestPath = (folder as NSString).appendingPathComponent("manifest.json")
        guard let data = SafeFile.contents(manifestPath, limit: 64 << 20),
              let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return .failure(Untrusted(problems: ["\(manifestPath) is missing or is not a readable manifest"]))
        }
        let outputs = (root["outputs"] as? [[String: Any]]) ?? []
        var listed: [String: String] = [:]
        for o in outputs {
            if let n = o["name"] as? String, let s = o["sha256"] as? String, listed[n] == nil { listed[n] = s }
        }
        var payoutsSHA = ""
        for name in ["payouts.csv", "rankings.csv"] {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let want = listed[name] else {
                problems.append("\(name) is not listed in manifest.json")
                continue
            }
            guard SafeFile.isRegular(path), let (sha, _) = Digest.sha256(file: path) else {
                problems.append("\(name) is missing or unreadable")
                continue
            }
            if sha != want.lowercased() {
                problems.append("\(name) does not match its SHA-256 in manifest.json (changed after it was published)")
            } else if name == "payouts.csv" {
                payoutsSHA = sha
            }
        }
        let plan = root["plan"] as? [String: Any]
        var out = PreviousOutput(folder: folder, recordedPath: recordedPath,
                                 period: (root["period"] as? String).flatMap(Period.init),
                                 planName: plan?["name"] as? String, payoutsSHA256: payoutsSHA)
        if problems.isEmpty {
            readPayouts((folder as NSString).appendingPathComponent("payouts.csv"), into: &out, problems: &problems)
        }
        guard problems.isEmpty else { return .failure(Untrusted(problems: problems)) }
        out.ranks = readRanks((folder as NSString).appendingPathComponent("rankings.csv"))
        return .success(out)
    }

    /// Undoes SPEC §5.1's formula guard: `'=x` → `=x` (only before the guarded characters).
    static func unguard(_ field: String) -> String {
        let u = Array(field.utf8)
        guard u.count >= 2, u[0] == UInt8(ascii: "'"),
              [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(u[1]) else { return field }
        return String(decoding: u.dropFirst(), as: UTF8.self)
    }

    /// Reads a Podium CSV file: records with fields trimmed and unguarded; nil when it cannot be parsed.
    static func records(_ path: String) -> [CSVRecord]? {
        let reader = CSVFileReader(path: path, encoding: .utf8, delimiter: .character(UInt8(ascii: ",")))
        var rows: [CSVRecord] = []
        do {
            try reader.readRaw { raw in
                guard !raw.isBlank else { return }
                var r = raw.record()
                r.fields = r.fields.map { unguard($0.trimmingWhiteSpace()) }
                rows.append(r)
            }
        } catch {
            return nil
        }
        return rows
    }

    private static func readPayouts(_ path: String, into out: inout PreviousOutput, problems: inout [String]) {
        guard let rows = records(path), let header = rows.first else {
            problems.append("payouts.csv cannot be parsed as CSV")
            return
        }
        func column(_ name: String) -> Int? { header.fields.firstIndex(of: name) }
        guard let idColumn = column("agent_id"), let carryColumn = column("carry_forward") else {
            problems.append("payouts.csv has no agent_id or carry_forward column")
            return
        }
        out.carryColumn = carryColumn + 1
        out.carryHeader = header.fields[carryColumn]
        let premium = column("premium"), fyc = column("fyc"), active = column("active_days"), payable = column("payable")
        var badRows: [String] = []
        var magnitude = AmountMagnitude()
        for row in rows.dropFirst() {
            guard row.fields.count == header.fields.count else {
                badRows.append("line \(row.line) has \(row.fields.count) fields, the header \(header.fields.count)")
                continue
            }
            let raw = row.fields[carryColumn]
            guard let cents = raw.isEmpty ? 0 : ValueParser.money(raw, symbols: []), cents <= 0 else {
                badRows.append("line \(row.line): carry_forward \(raw.quotedForMessage) is not an amount ≤ 0")
                continue
            }
            magnitude.add(cents)
            let id = row.fields[idColumn]
            let key = ExactKey(id)
            if out.carried[key] == nil {
                out.carried[key] = cents
                out.balances.append(PreviousBalance(agentID: id, cents: cents, line: row.line, raw: raw))
            }
            func amount(_ c: Int?) -> Int64 {
                let v = c.flatMap { ValueParser.money(row.fields[$0], symbols: []) } ?? 0
                magnitude.add(v)
                return v
            }
            // wrapping while read; the limit above rejects a file whose sums could have wrapped
            out.totals.premium.cents &+= amount(premium)
            out.totals.fyc.cents &+= amount(fyc)
            out.totals.payable.cents &+= amount(payable)
            if let a = active, let d = Int(row.fields[a]), d > 0 { out.totals.headcount += 1 }
        }
        // carry_forward, premium, fyc and payable each within a month's limit: the sums fit 64 bits
        if magnitude.cents > 4 * AmountLimits.fileTotal {
            problems.append("payouts.csv: its amounts add up to more than a month's limit (\(AmountLimits.fileTotalText) for each column)")
        }
        if !badRows.isEmpty {
            let shown = badRows.prefix(3).joined(separator: "; ")
            problems.append("payouts.csv: \(shown)\(badRows.count > 3 ? " (and \(badRows.count - 3) more)" : "")")
        }
    }

    /// previous_rank by key; empty when rankings.csv lacks a key column or cannot be read (no error).
    static func readRanks(_ path: String) -> [RankKey: Int] {
        guard let rows = records(path), let header = rows.first else { return [:] }
        func column(_ name: String) -> Int? { header.fields.firstIndex(of: name) }
        guard let scope = column("scope"), let name = column("scope_name"), let rank = column("rank"),
              let agent = column("agent_id"), let metric = column("metric") else { return [:] }
        var ranks: [RankKey: Int] = [:]
        for row in rows.dropFirst() where row.fields.count == header.fields.count {
            guard let r = Int(row.fields[rank]) else { continue }
            let key = RankKey(scope: row.fields[scope], scopeName: row.fields[name], agentID: row.fields[agent], metric: row.fields[metric])
            if ranks[key] == nil { ranks[key] = r }
        }
        return ranks
    }
}
