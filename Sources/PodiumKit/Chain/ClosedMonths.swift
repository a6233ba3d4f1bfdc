import Foundation

/// A published month that was computed from an earlier one (SPEC §7.6): its folder and the
/// SHA-256 of the earlier payouts.csv it read.
public struct LaterMonth: Sendable, Equatable {
    public var period: Period
    public var folder: String
    public var payoutsSHA256: String
}

/// The chain of closes: which later month used a month, and what re-publishing it means.
public enum ClosedMonths {
    /// The `previous` object of a manifest: (period, path, payouts_sha256), nil when absent.
    public static func previousRecord(manifestAt path: String) -> (period: String, path: String?, sha256: String)? {
        guard let data = SafeFile.contents(path, limit: 64 << 20),
              let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let p = root["previous"] as? [String: Any],
              let period = p["period"] as? String, let sha = p["payouts_sha256"] as? String else { return nil }
        return (period, p["path"] as? String, sha)
    }

    /// `OUTPUT/NEXT/` when its manifest says it was computed from `period`.
    public static func laterMonth(using period: Period, outputRoot: String) -> LaterMonth? {
        guard let next = period.following else { return nil }
        let folder = (outputRoot as NSString).appendingPathComponent(next.description)
        guard let record = previousRecord(manifestAt: (folder as NSString).appendingPathComponent("manifest.json")),
              record.period == period.description else { return nil }
        return LaterMonth(period: next, folder: folder, payoutsSHA256: record.sha256)
    }

    static func alreadyUsed(_ later: LaterMonth) -> Diagnostic {
        Diagnostic(.error, "month-already-used", file: .previous, fileName: InputFile.previous.defaultFileName,
                   message: "\(later.period) (\(later.folder)) was computed from the published payouts.csv of this month, and this run's payouts.csv differs: nothing is published; use --reopen to publish anyway and then run \(later.period) again")
    }

    static func stale(_ later: LaterMonth) -> Diagnostic {
        Diagnostic(.warning, "later-month-stale", file: .previous, fileName: InputFile.previous.defaultFileName,
                   message: "\(later.period) (\(later.folder)) was computed from the earlier payouts.csv of this month: run \(later.period) again")
    }
}
