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
    }

    public var version: String
    public var period: Period
    public var generatedAt: String
    public var planName: String
    public var planFile: String
    public var planSHA256: String
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
        o += outputs.map { "    {\"name\": \(q($0.name)), \"bytes\": \($0.bytes), \"sha256\": \(q($0.sha256))}" }.joined(separator: ",\n")
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
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 {
                let h = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}

/// Re-hashes a published folder against its manifest (`podium verify`).
public enum OutputVerifier {
    /// One difference between the manifest and the folder.
    public struct Difference: Sendable, Equatable {
        public var name: String
        public var problem: String
    }

    public static func verify(folder: String) throws -> [Difference] {
        let manifest = (folder as NSString).appendingPathComponent("manifest.json")
        var differences: [Difference] = []
        for o in try Manifest.outputs(inManifestAt: manifest) {
            let path = (folder as NSString).appendingPathComponent(o.name)
            guard let (sha, bytes) = Digest.sha256(file: path) else {
                differences.append(Difference(name: o.name, problem: "missing"))
                continue
            }
            if bytes != o.bytes { differences.append(Difference(name: o.name, problem: "\(bytes) bytes, manifest says \(o.bytes)")) }
            else if sha != o.sha256 { differences.append(Difference(name: o.name, problem: "SHA-256 \(sha) differs from the manifest's \(o.sha256)")) }
        }
        return differences
    }
}
