import Foundation
import XCTest
@testable import PodiumKit

/// What the pages actually show, read back with libxml2 and XPath.
final class HTMLReportTests: XCTestCase {
    /// The hand-worked month of ComputeTests, with hostile names and a team name with `../`.
    func renderMonth(locale: String = "zh-Hant") throws -> (files: [String: [UInt8]], result: CloseResult) {
        let agents = ComputeTests.agents
            .replacingOccurrences(of: "A2,乙,", with: "A2,<script>alert(1)</script>,")
            .replacingOccurrences(of: "A4,丁,agent,M1,T2,", with: "A4,\"\"\"><img src=x onerror=alert(1)>\",agent,M1,../T2,")
            .replacingOccurrences(of: "A5,戊,agent,M1,T2,", with: "A5,戊\u{FFFF}\u{FFFE},agent,M1,../T2,")
        let plan = ComputeTests.plan + "\nlocale = \"\(locale)\"\n"
        let month = MonthFixture(files: ["agents.csv": agents, "sales.csv": ComputeTests.sales,
                                         "targets.csv": ComputeTests.targets, "kpi.csv": ComputeTests.kpi], plan: plan)
        guard case .ready(let p, let result) = month.prepare() else { XCTFail("stopped"); throw CancellationError() }
        let templates = try TemplateSet(directory: CSVOutputTests.repoRoot.appendingPathComponent("templates").path)
        let files = try ReportRenderer(templates: templates, plan: p, run: RunContext(keepGoing: false, generatedAt: "2026-11-01T00:00:00Z")).render(result)
        return (Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.bytes) }), result)
    }

    func page(_ files: [String: [UInt8]], _ path: String) throws -> XMLPage {
        try XMLPage(bytes: try XCTUnwrap(files[path], "no page \(path)"))
    }

    func testLeaderboardFollowsTheSpecRanking() throws {
        let (files, _) = try renderMonth()
        let index = try page(files, "index.html")
        let rows = "//h:section[@id='leaderboard']//h:tbody/h:tr"
        XCTAssertEqual(index.strings("\(rows)[1]/h:td[2]"), ["A1"])
        XCTAssertEqual(index.strings("\(rows)[1]/h:td[last()]"), ["¥130,000.00"])
        // A4 and A5 tie at 0.00: both rank 3, then A3 is 5th.
        XCTAssertEqual(index.strings("\(rows)/h:td[1]"), ["1", "2", "3", "3", "5"])
        XCTAssertEqual(index.strings("/h:html/@lang"), ["zh-Hant"])
    }

    func testHostileNamesShowAsText() throws {
        let (files, _) = try renderMonth()
        let index = try page(files, "index.html")
        XCTAssertTrue(index.strings("//h:section[@id='leaderboard']//h:th/h:a").contains("<script>alert(1)</script>"))
        XCTAssertEqual(index.strings("//h:script"), [], "no script element anywhere")
        XCTAssertEqual(index.strings("//h:img"), [], "no injected image")
        let html = String(decoding: files["index.html"]!, as: UTF8.self)
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // Characters XML forbids are dropped rather than breaking the page.
        XCTAssertEqual(try page(files, "statements/A5.html").strings("//h:section[@id='summary']/h:h2"), ["戊 (A5)"])
    }

    func testTeamPageListsExactlyItsMembersAndItsFileNameIsSafe() throws {
        let (files, _) = try renderMonth()
        XCTAssertNil(files.keys.first { $0.contains("..") }, "no page path with ..")
        let teamPath = try XCTUnwrap(files.keys.first { $0.hasPrefix("teams/") && $0.contains("T2") })
        XCTAssertEqual(teamPath.split(separator: "/").count, 2)
        let team = try page(files, teamPath)
        XCTAssertEqual(Set(team.strings("//h:section[@id='members']//h:tbody/h:tr/h:td[2]")), ["A4", "A5"])
        let t1 = try page(files, "teams/T1.html")
        XCTAssertEqual(Set(t1.strings("//h:section[@id='members']//h:tbody/h:tr/h:td[2]")), ["M1", "A1", "A2", "A3"])
    }

    func testStatementTotalEqualsPayouts() throws {
        let (files, result) = try renderMonth()
        for (i, agent) in result.month.agents.enumerated() {
            let statement = try page(files, "statements/\(agent.id).html")
            let total = result.agents[i].pay.total
            let expected = (total.cents < 0 ? "-¥" : "¥") + Money(cents: abs(total.cents)).grouped
            XCTAssertEqual(statement.strings("//h:td[@id='total']"), [expected], agent.id)
        }
        let a3 = try page(files, "statements/A3.html")
        XCTAssertEqual(a3.strings("//h:td[@id='carry-forward']"), ["-¥4,400.00"])
    }

    func testEveryInternalLinkResolves() throws {
        let (files, _) = try renderMonth()
        for (path, bytes) in files where path.hasSuffix(".html") {
            let page = try XMLPage(bytes: bytes)
            let base = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : ""
            for href in page.strings("//h:a/@href") {
                XCTAssertFalse(href.hasPrefix("http"), "no external link in \(path)")
                var parts = base.isEmpty ? [] : base.split(separator: "/").map(String.init)
                for component in href.split(separator: "/") {
                    if component == ".." { parts.removeLast() } else { parts.append(String(component)) }
                }
                XCTAssertNotNil(files[parts.joined(separator: "/")], "\(path) links to \(href)")
            }
        }
    }

    func testPagesAreSelfContained() throws {
        let (files, _) = try renderMonth()
        for (path, bytes) in files where path.hasSuffix(".html") {
            let page = try XMLPage(bytes: bytes)
            XCTAssertEqual(page.strings("//h:script | //h:link | //h:img | //@src"), [], path)
        }
        XCTAssertEqual(try page(files, "index.html").strings("//svg:svg").count, 5, "five inline charts")
    }

    func testLocalesChangeLabelsAndLang() throws {
        let en = try page(try renderMonth(locale: "en").files, "index.html")
        XCTAssertEqual(en.strings("/h:html/@lang"), ["en"])
        XCTAssertEqual(en.strings("//h:section[@id='leaderboard']/h:h2"), ["Leaderboard (top 20)"])
        let hans = try page(try renderMonth(locale: "zh-Hans").files, "index.html")
        XCTAssertEqual(hans.strings("//h:section[@id='teams']/h:h2"), ["团队排名"])
    }

    func testABrokenTemplateFailsWithThePageAndLine() throws {
        let dir = NSTemporaryDirectory() + "podium-templates-" + UUID().uuidString
        try FileManager.default.copyItem(atPath: CSVOutputTests.repoRoot.appendingPathComponent("templates").path, toPath: dir)
        try "{{> _head}}\n<p>unclosed\n{{> _foot}}\n".write(toFile: dir + "/team.html.mustache", atomically: true, encoding: .utf8)
        let month = MonthFixture(files: ["agents.csv": ComputeTests.agents, "sales.csv": ComputeTests.sales], plan: ComputeTests.plan)
        guard case .ready(let p, let result) = month.prepare() else { return XCTFail() }
        XCTAssertThrowsError(try ReportRenderer(templates: try TemplateSet(directory: dir), plan: p).render(result)) { error in
            let e = error as? PageError
            XCTAssertEqual(e?.page.hasPrefix("teams/"), true)
            XCTAssertGreaterThan(e?.line ?? 0, 1)
        }
    }

    /// The publishing check (no tree built) finds exactly what the full parse finds, with the
    /// same line and message.
    func testWellFormedCheckAgreesWithTheFullParse() {
        let head = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>\n"
        let bodies = [
            "<p>fine &amp; dandy</p><!-- note --><![CDATA[ x < y ]]>",
            "<p>unclosed",
            "<p>mismatched</div>",
            "<p>&nbsp;</p>",
            "<p>a & b</p>",
            "<p title=\"a < b\">x</p>",
            "<p id=\"a\" id=\"b\">x</p>",
            "<x:p>unbound prefix</x:p>",
            "<p>a ]]> b</p>",
            "<p>\u{01}</p>",
            "<!-- a -- b -->",
            "<p>\u{FFFE}</p>",
        ]
        var documents = bodies.map { Array((head + $0 + "\n</body></html>\n").utf8) }
        documents.append(Array(head.utf8) + [0xC3, 0x28] + Array("</body></html>".utf8))   // not UTF-8
        documents.append(Array((head + "</body></html>\n<p>after the root</p>").utf8))
        documents.append([])   // an empty page (a template that renders nothing)
        // a good page after the bad ones: a context kept from an earlier page must not remember them
        documents.append(documents[0])
        var failures = 0
        for bytes in documents {
            var full: XMLPage.ParseError?
            var check: XMLPage.ParseError?
            do { _ = try XMLPage(bytes: bytes) } catch { full = error as? XMLPage.ParseError }
            do { try XMLPage.checkWellFormed(bytes) } catch { check = error as? XMLPage.ParseError }
            let text = String(decoding: bytes, as: UTF8.self)
            XCTAssertEqual(check?.line, full?.line, text)
            XCTAssertEqual(check?.message, full?.message, text)
            if full != nil { failures += 1 }
        }
        // all fail but the first, the unbound prefix (a namespace warning to libxml2, not an error) and the last
        XCTAssertEqual(failures, documents.count - 3)
    }
}

final class PageNamesTests: XCTestCase {
    func testNamesAreSafeUniqueAndShortEnough() {
        let long = String(repeating: "😀", count: 300)
        let names = PageNames(keys: ["../T2", "__T2", "a/b", "A B", "a b", long, "", "上海一組"])
        XCTAssertEqual(names["../T2"], "___T2")
        XCTAssertEqual(names["__T2"], "__T2")
        XCTAssertEqual(names["a/b"], "a_b-3", "A B, a b and a/b all sanitize to a_b: suffixes in byte order of the keys")
        XCTAssertNotEqual(names["A B"].lowercased(), names["a b"].lowercased(), "no collision, even on a case-insensitive disk")
        XCTAssertLessThanOrEqual(names[long].utf8.count + ".html".utf8.count, 255)
        XCTAssertEqual(names[""], "_")
        XCTAssertEqual(names["上海一組"], "上海一組")
        XCTAssertEqual(Set(["../T2", "__T2", "a/b", "A B", "a b", long, "", "上海一組"].map { names[$0] }).count, 8)
    }
}
