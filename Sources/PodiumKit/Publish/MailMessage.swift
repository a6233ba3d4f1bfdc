import Foundation

/// An RFC 5322 message with `payouts.csv` (and the manifest) attached, for `sendmail -t`.
/// The body names the period, the totals and the manifest's SHA-256 of the payout file, so
/// finance can check the attachment with `podium verify` or `sha256sum`.
public struct MailMessage {
    public var from: String
    public var to: [String]
    public var subject: String
    public var body: String
    public var attachments: [(name: String, type: String, bytes: [UInt8])]
    /// Date header text (RFC 5322), pinned by the caller for reproducible output.
    public var date: String
    public var boundary: String

    /// Builds the message for a published period folder.
    public static func forPublished(folder: String, from: String, to: [String], date: Date) throws -> MailMessage {
        let manifestPath = (folder as NSString).appendingPathComponent("manifest.json")
        let outputs = try Manifest.outputs(inManifestAt: manifestPath)
        guard let payouts = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent("payouts.csv")),
              let manifest = FileManager.default.contents(atPath: manifestPath) else {
            throw VerifyError.missingManifest((folder as NSString).appendingPathComponent("payouts.csv"))
        }
        let period = (folder as NSString).lastPathComponent
        let sha = outputs.first { $0.name == "payouts.csv" }?.sha256 ?? ""
        // payouts.xlsx when the run wrote it (SPEC §5.4): the same rows, ids kept as text
        let workbookSHA = outputs.first { $0.name == "payouts.xlsx" }?.sha256
        let workbook = workbookSHA == nil ? nil : FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent("payouts.xlsx"))
        var body = """
        Podium monthly close \(period): payouts.csv\(workbook == nil ? " is" : " and payouts.xlsx are") attached.

        SHA-256 of payouts.csv: \(sha)

        """
        if let workbookSHA, workbook != nil {
            body += "SHA-256 of payouts.xlsx: \(workbookSHA)\nOpen payouts.xlsx in a spreadsheet: its ids stay text (000123 stays 000123).\n"
        }
        if let previous = ClosedMonths.previousRecord(manifestAt: manifestPath) {
            body += "carried_in comes from the published \(previous.period) (its payouts.csv SHA-256 \(previous.sha256)).\n"
        } else {
            body += "No previous month was found: carried_in is 0.00 for everyone.\n"
        }
        body += "Check it against the published output with: podium verify \(folder)\n"
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return MailMessage(from: from, to: to, subject: "Podium payouts \(period)", body: body,
                           attachments: [("payouts-\(period).csv", "text/csv; charset=utf-8", Array(payouts))]
                               + (workbook.map { [("payouts-\(period).xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Array($0))] } ?? [])
                               + [("manifest-\(period).json", "application/json", Array(manifest))],
                           date: formatter.string(from: date), boundary: "podium-" + String(sha.prefix(24)))
    }

    /// The message text with CRLF line ends.
    public var text: String {
        var lines: [String] = [
            "From: \(from)",
            "To: \(to.joined(separator: ", "))",
            "Subject: \(encodedHeader(subject))",
            "Date: \(date)",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"\(boundary)\"",
            "",
            "This is a MIME message.",
            "--\(boundary)",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
        ]
        lines += body.components(separatedBy: "\n")
        for a in attachments {
            lines += [
                "--\(boundary)",
                "Content-Type: \(a.type); name=\"\(a.name)\"",
                "Content-Transfer-Encoding: base64",
                "Content-Disposition: attachment; filename=\"\(a.name)\"",
                "",
            ]
            let encoded = Data(a.bytes).base64EncodedString()
            var i = encoded.startIndex
            while i < encoded.endIndex {
                let j = encoded.index(i, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
                lines.append(String(encoded[i..<j]))
                i = j
            }
        }
        lines.append("--\(boundary)--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private func encodedHeader(_ s: String) -> String {
        s.allSatisfy(\.isASCII) ? s : "=?UTF-8?B?\(Data(s.utf8).base64EncodedString())?="
    }
}
