import Foundation
import XCTest
@testable import PodiumKit

/// The compiled page renderer must give swift-mustache's bytes, page for page, and must not
/// quietly hand pages back to it.
final class CompiledPagesTests: XCTestCase {
    func templates() throws -> TemplateSet {
        try TemplateSet(directory: CSVOutputTests.repoRoot.appendingPathComponent("templates").path)
    }

    /// Every page context of a month, with its template.
    func contexts(_ result: CloseResult, _ plan: Plan) -> [(String, PageObject)] {
        let vm = HTMLViewModels(result: result, plan: plan, run: RunContext(keepGoing: true, generatedAt: "2026-11-01T00:00:00Z"))
        var out: [(String, PageObject)] = [("index.html", vm.index())]
        for team in result.teams { out.append(("team.html", vm.team(team))) }
        for director in result.directors { out.append(("director.html", vm.director(director))) }
        for i in result.month.agents.indices { out.append(("statement.html", vm.statement(i))) }
        return out
    }

    func assertSamePages(_ month: MonthFixture, locales: [String] = ["zh-Hant", "zh-Hans", "en"], file: StaticString = #filePath, line: UInt = #line) throws {
        guard case .ready(var plan, let result) = month.prepare() else { XCTFail("stopped", file: file, line: line); return }
        let set = try templates()
        XCTAssertNotNil(set.compiled.templates["statement.html"], "the built-in templates compile", file: file, line: line)
        for locale in locales {
            plan.locale = try XCTUnwrap(ReportLocale(rawValue: locale))
            for (template, context) in contexts(result, plan) {
                let fast = set.compiled.render(context, template: template)
                XCTAssertNotNil(fast, "\(template) was handed back to swift-mustache", file: file, line: line)
                let general = set.library.render(context, withTemplate: template)
                XCTAssertEqual(fast, general, "\(template) in \(locale)", file: file, line: line)
            }
        }
    }

    func testTheExampleMonthsPagesAreByteIdentical() throws {
        let dir = CSVOutputTests.repoRoot.appendingPathComponent("examples/2026-10").path
        try assertSamePages(MonthFixture(directory: dir))
    }

    func testHostileAndGeneratedMonthsPagesAreByteIdentical() throws {
        let dir = NSTemporaryDirectory() + "podium-compiled-" + UUID().uuidString
        try SampleMonth(agents: 150, sales: 2000, period: Period("2026-10")!, seed: 11).write(to: dir, planText: MonthFixture.planText)
        try assertSamePages(MonthFixture(directory: dir), locales: ["en"])
        let agents = ComputeTests.agents
            .replacingOccurrences(of: "A2,乙,", with: "A2,<script>alert(1)</script>&amp;,")
            .replacingOccurrences(of: "A4,丁,agent,M1,T2,", with: "A4,\"\"\"><img src=x onerror=alert(1)>{{t}}\",agent,M1,../T2,")
        try assertSamePages(MonthFixture(files: ["agents.csv": agents, "sales.csv": ComputeTests.sales,
                                                 "targets.csv": ComputeTests.targets, "kpi.csv": ComputeTests.kpi], plan: ComputeTests.plan),
                            locales: ["zh-Hant"])
    }

    func testXMLEscapingKeepsCleanTextAndEscapesTheRest() {
        XCTAssertEqual(xmlEscape("王小明 1,234.50 ¥ ｅ\t"), "王小明 1,234.50 ¥ ｅ\t")   // ｅ is EF BD 85: kept
        XCTAssertEqual(xmlEscape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f")
        XCTAssertEqual(xmlEscape("x\u{1}y\u{FFFE}z\u{FFFF}\r\n"), "xyz\r\n")
        XCTAssertEqual(xmlEscape(""), "")
    }

    /// Whitespace rules of swift-mustache's parser (standalone tags, indentation kept for inline
    /// ones, comments) on small templates, compared with the library itself.
    func testStandaloneLinesFollowSwiftMustache() throws {
        XHTMLContentType.register()
        let cases = [
            "{{% CONTENT_TYPE: XHTML}}\n<ul>\n  {{#people}}\n  <li>{{name}}</li>\n  {{/people}}\n</ul>\n",
            "{{% CONTENT_TYPE: XHTML}}\n{{#people}}<b>{{name}}</b>{{/people}}\n  {{^empty}}none{{/empty}}  \n",
            "{{% CONTENT_TYPE: XHTML}}\n {{! a comment }} \nx {{! inline }} y\n\t{{#negative}}\t\nyes {{{code}}} {{&code}}\n{{/negative}}\n",
            "{{% CONTENT_TYPE: XHTML}}\n{{#summary}}{{title}} {{summary.title}} {{missing.title}}{{/summary}}\n{{#code}}({{.}}){{/code}}{{^code}}-{{/code}}",
            "{{% CONTENT_TYPE: XHTML}}\n{{> part}}\n{{#people}}\n{{> part}}\n{{/people}}\nend",
            "{{% CONTENT_TYPE: XHTML}}\n{{t.premium}}|{{t.no_such_label}}|{{#people}}{{t.name}}:{{name}} {{/people}}|{{#blank}}[{{.}}]{{/blank}}",
            "{{% CONTENT_TYPE: XHTML}}\n{{#empty}}x{{/empty}}{{^is_sub}}off{{/is_sub}}{{#is_sub}}on{{/is_sub}}{{^missing}}gone{{/missing}} {{negative}} {{is_sub}}",
        ]
        let context: PageObject = [
            .people: .list([[.name: .text("a<b")], [.name: .text("c&d")]]),
            .empty: .list([]), .negative: .flag(true), .is_sub: .flag(false),
            .code: .text("<i>x</i>"), .title: .text("top"), .name: .text("outer"), .blank: .text(""),
            .summary: .object([.title: .text("T\"1\"")]), .count: .text("3"), .t: .labels(Labels(.en)),
        ]
        for (k, text) in cases.enumerated() {
            let texts = ["t": text, "part": "[{{name}}]\n"]
            let fast = CompiledPages(texts: texts).render(context, template: "t")
            XCTAssertNotNil(fast, "case \(k) compiled")
            XCTAssertEqual(fast, try TemplateSet.renderWithLibrary(texts: texts, context: context, template: "t"), "case \(k)")
        }
        // hand-checked: labels by name, a missing label empty, an empty text still opens its section
        XCTAssertEqual(CompiledPages(texts: ["t": cases[5]]).render(context, template: "t"),
                       "Premium||Name:a&lt;b Name:c&amp;d |[]")
        // What the view models never produce is handed back, not guessed: an object printed as
        // text, a context of another type, a template with set delimiters.
        XCTAssertNil(CompiledPages(texts: ["t": "{{% CONTENT_TYPE: XHTML}}{{#people}}{{.}}{{/people}}"]).render(context, template: "t"))
        XCTAssertNil(CompiledPages(texts: ["t": "{{% CONTENT_TYPE: XHTML}}{{name}}"]).render(["name": "x"], template: "t"))
        XCTAssertNil(CompiledPages(texts: ["t": "{{=<% %>=}}<% name %>"]).render(context, template: "t"))
        XCTAssertNil(CompiledPages(texts: ["t": "{{name}}"]).render(context, template: "t"), "HTML escaping is swift-mustache's own")
        XCTAssertEqual(CompiledPages(texts: ["t": "{{% CONTENT_TYPE: XHTML}}{{count}} {{negative}}"]).render(context, template: "t"), "3 true")
    }
}
