import Foundation

/// `manifest.json` (SPEC §5): which inputs, plan and tool produced which outputs — the auditor's
/// proof that a payout file is the one a run produced. Written with a fixed key order and no
/// absolute paths, so that the same inputs give the same bytes.
public struct Manifest: Sendable {
    public struct Input: Sendable {
        public var name: String
        public var bytes: Int
        public var sha256: String
        public var counts: FileCounts
    }

    public struct Output: Sendable, Equatable {
        public var name: String
        public var bytes: Int
        public var sha256: String

        /// The entry as the manifest's `outputs` list writes it (one line, indented).
        var json: String { "    {\"name\": \(jsonString(name)), \"bytes\": \(bytes), \"sha256\": \(jsonString(sha256))}" }
    }

    /// The previous month this one was computed from (SPEC §7.6).
    public struct PreviousRecord: Sendable, Equatable {
        public var period: Period
        /// `../PREV` for the sibling folder, else the absolute path given with `--previous`.
        public var path: String
        public var payoutsSHA256: String
    }

    public var version: String
    public var period: Period
    public var generatedAt: String
    public var planName: String
    public var planFile: String
    public var planSHA256: String
    public var previous: PreviousRecord? = nil
    public var keepGoing: Bool
    public var rowsExcluded: Int
    public var inputs: [Input]
    public var errors: Int
    public var warnings: Int
    public var byCode: [(String, Int)]
    public var outputs: [Output]

    /// The JSON text, keys in a fixed order.
    public var json: String {
        var o = "{\n"
        o += "  \"tool\": \"podium\",\n"
        o += "  \"version\": \(q(version)),\n"
        o += "  \"period\": \(q(period.description)),\n"
        o += "  \"generated_at\": \(q(generatedAt)),\n"
        o += "  \"plan\": {\"name\": \(q(planName)), \"file\": \(q(planFile)), \"sha256\": \(q(planSHA256))},\n"
        if let p = previous {
            o += "  \"previous\": {\"period\": \(q(p.period.description)), \"path\": \(q(p.path)), \"payouts_sha256\": \(q(p.payoutsSHA256))},\n"
        }
        o += "  \"keep_going\": \(keepGoing),\n"
        o += "  \"rows_excluded\": \(rowsExcluded),\n"
        o += "  \"inputs\": [\n"
        o += inputs.map { i in
            "    {\"name\": \(q(i.name)), \"bytes\": \(i.bytes), \"sha256\": \(q(i.sha256)), \"rows_read\": \(i.counts.read), \"rows_accepted\": \(i.counts.accepted), \"rows_rejected\": \(i.counts.rejected), \"rows_blank\": \(i.counts.blank)}"
        }.joined(separator: ",\n")
        o += "\n  ],\n"
        o += "  \"diagnostics\": {\"errors\": \(errors), \"warnings\": \(warnings), \"by_code\": {"
        o += byCode.map { "\(q($0.0)): \($0.1)" }.joined(separator: ", ")
        o += "}},\n"
        o += "  \"outputs\": [\n"
        o += outputs.map(\.json).joined(separator: ",\n")
        o += "\n  ]\n}\n"
        return o
    }

    private func q(_ s: String) -> String { jsonString(s) }

    /// The outputs listed in a manifest file, for `podium verify`.
    public static func outputs(inManifestAt path: String) throws -> [Output] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VerifyError.missingManifest(path)
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["outputs"] as? [[String: Any]] else {
            throw VerifyError.badManifest(path)
        }
        return try list.map { item in
            guard let name = item["name"] as? String, let bytes = item["bytes"] as? Int, let sha = item["sha256"] as? String else {
                throw VerifyError.badManifest(path)
            }
            return Output(name: name, bytes: bytes, sha256: sha)
        }
    }
}

/// Why `podium verify` could not even start.
public enum VerifyError: Error, CustomStringConvertible {
    case missingManifest(String)
    case badManifest(String)

    public var description: String {
        switch self {
        case .missingManifest(let p): return "\(p) does not exist: this is not a published Podium output folder"
        case .badManifest(let p): return "\(p) is not a Podium manifest"
        }
    }
}

/// A JSON string literal.
func jsonString(_ s: String) -> String {
    var out = ByteWriter(capacity: s.utf8.count + 8)
    appendJSONString(s, to: &out)
    return out.withBytes { String(decoding: $0, as: UTF8.self) }
}

/// `jsonString`'s bytes appended to `out`, a byte at a time: every byte of a multi-byte UTF-8
/// sequence is 0x80 or above and passes unchanged (a manifest lists every page of a national
/// month: tens of thousands of names and digests).
func appendJSONString(_ s: String, to out: inout ByteWriter) {
    func hexDigit(_ n: UInt8) -> UInt8 { n < 10 ? UInt8(ascii: "0") + n : UInt8(ascii: "a") + n - 10 }
    out.append(UInt8(ascii: "\""))
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
        case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
        case ..<0x20:
            out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "u")); out.append(UInt8(ascii: "0")); out.append(UInt8(ascii: "0"))
            out.append(hexDigit(b >> 4)); out.append(hexDigit(b & 15))
        default: out.append(b)
        }
    }
    out.append(UInt8(ascii: "\""))
}

/// Re-hashes a published folder against its manifest (`podium verify`, SPEC §5.0 and §7.6).
public enum OutputVerifier {
    /// One difference between the manifest and the folder.
    public struct Difference: Sendable, Equatable {
        public var name: String
        public var problem: String
    }

    /// A name a manifest may list: a relative path inside the folder (no `..`, no empty part).
    static func isSafeName(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\\"), !name.utf8.contains(0) else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// Every file below `folder` (not following links), as `/`-separated relative paths.
    static func filesBelow(_ folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var names: [String] = []
        while let name = walker.nextObject() as? String {
            if walker.fileAttributes?[.type] as? FileAttributeType != .typeDirectory { names.append(name) }
        }
        return names
    }

    public static func verify(folder: String) throws -> [Difference] {
        let manifest = (folder as NSString).appendingPathComponent("manifest.json")
        var differences: [Difference] = []
        let outputs = try Manifest.outputs(inManifestAt: manifest)
        var listed: Set<String> = ["manifest.json"]
        for o in outputs {
            guard isSafeName(o.name) else {
                differences.append(Difference(name: o.name, problem: "the manifest lists a name outside the folder"))
                continue
            }
            listed.insert(o.name)
            let path = (folder as NSString).appendingPathComponent(o.name)
            guard SafeFile.isRegular(path), let (sha, bytes) = Digest.sha256(file: path) else {
                differences.append(Difference(name: o.name, problem: "missing"))
                continue
            }
            if bytes != o.bytes { differences.append(Difference(name: o.name, problem: "\(bytes) bytes, manifest says \(o.bytes)")) }
            else if sha != o.sha256 { differences.append(Difference(name: o.name, problem: "SHA-256 \(sha) differs from the manifest's \(o.sha256)")) }
        }
        for name in filesBelow(folder).sorted() where !listed.contains(name) {
            differences.append(Difference(name: name, problem: "not listed in the manifest"))
        }
        if let link = previousLinkProblem(folder: folder, manifest: manifest) { differences.append(link) }
        return differences
    }

    /// SPEC §7.6: the month this one was computed from must still have the payouts.csv it read.
    static func previousLinkProblem(folder: String, manifest: String) -> Difference? {
        guard let record = ClosedMonths.previousRecord(manifestAt: manifest) else { return nil }
        var candidates: [String] = []
        if let p = record.path, !p.isEmpty {
            candidates.append(((p.hasPrefix("/") ? p : (folder as NSString).appendingPathComponent(p)) as NSString).standardizingPath)
        }
        let parent = ((folder as NSString).standardizingPath as NSString).deletingLastPathComponent
        candidates.append((parent as NSString).appendingPathComponent(record.period))
        guard let previous = candidates.first(where: { SafeFile.kind($0) == .directory }) else { return nil }
        let payouts = (previous as NSString).appendingPathComponent("payouts.csv")
        if Digest.sha256(file: payouts)?.hex == record.sha256 { return nil }
        return Difference(name: "manifest.json", problem: "the previous month \(record.period) (\(previous)) changed after this month used it: its payouts.csv no longer has the SHA-256 this month read")
    }

    /// One line of `podium verify --chain`.
    public struct ChainLine: Sendable, Equatable {
        public var period: String
        public var ok: Bool
        public var text: String
    }

    /// SPEC §7.6 `verify --chain`: every month folder directly in `root` and every link between
    /// consecutive months. A month without `previous` is "not chained": accepted only when the
    /// month before it is not in `root` (the start of the chain).
    public static func verifyChain(root: String) -> [ChainLine] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { Period($0) != nil && SafeFile.kind((root as NSString).appendingPathComponent($0)) == .directory }
            .sorted()
        let present = Set(names)
        return names.map { name in
            let folder = (root as NSString).appendingPathComponent(name)
            let differences: [Difference]
            do { differences = try verify(folder: folder) } catch {
                return ChainLine(period: name, ok: false, text: "\(error)")
            }
            if let d = differences.first {
                let more = differences.count > 1 ? " (and \(differences.count - 1) more)" : ""
                return ChainLine(period: name, ok: false, text: "\(d.name): \(d.problem)\(more)")
            }
            let manifest = (folder as NSString).appendingPathComponent("manifest.json")
            let before = Period(name)?.preceding?.description ?? ""
            guard let record = ClosedMonths.previousRecord(manifestAt: manifest) else {
                if present.contains(before) {
                    return ChainLine(period: name, ok: false, text: "not chained: \(before) is here but this month was not computed from it")
                }
                return ChainLine(period: name, ok: true, text: "not chained (the first month here)")
            }
            if record.period != before {
                return ChainLine(period: name, ok: false, text: "not chained: computed from \(record.period), not from \(before)")
            }
            return ChainLine(period: name, ok: true, text: "ok (computed from \(record.period))")
        }
    }
}
