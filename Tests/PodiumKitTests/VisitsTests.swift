import XCTest
@testable import PodiumKit

/// visits.csv (SPEC §7.1), worked by hand: every flag spelling, every rule, ties for the most
/// skipped step, and the process dimension taken from the visits.
final class VisitsTests: XCTestCase {
    /// ComputeTests.plan with agents weighed on planning 50 / process 50 and process from visits.
    static let plan = ComputeTests.plan
        .replacingOccurrences(of: "[kpi.weights.agent]\nvolume = 60\nplanning = 40", with: "[kpi.weights.agent]\nplanning = 50\nprocess = 50")
        .replacingOccurrences(of: "[kpi]\n", with: "[kpi]\nprocess_source = \"visits\"\n")

    static let agents = """
    \(MonthFixture.agentsHeader)
    A1,甲,agent,,T1,R1,mature,2020-01-01,active,
    A2,乙,agent,,T1,R1,mature,2020-01-01,active,
    A3,丙,agent,,T2,R1,mature,2020-01-01,active,
    A4,丁,agent,,T2,R1,mature,2026-10-20,active,
    A5,戊,agent,,T2,R1,mature,2020-01-01,terminated,2026-10-10
    """

    static let visits = """
    工號,拜訪日期,客戶編號,prepare,check_store,greet,merchandise,check_stock,present,order,thank
    A1,2026-10-01,C1,1,1,1,1,1,1,1,1
    A1,2026-10-02,C1,y,yes,TRUE,是,✓,Y,0,n
    A1,2026/10/2,C1,1,1,1,1,1,1,1,1
    A1,2026-10-03,C2,1,1,1,1,1,1,否,✗
    A2,2026-10-05,C3,1,1,1,1,1,1,1,maybe
    A2,2026-10-05,C3,1,1,1,1,1,1,1,
    A2,2026-10-06,C3,false,no,N,0,1,1,1,1
    ZZ,2026-10-06,C3,1,1,1,1,1,1,1,1
    A1,2026-11-01,C3,1,1,1,1,1,1,1,1
    A4,2026-10-19,C3,1,1,1,1,1,1,1,1
    A5,2026-10-11,C3,1,1,1,1,1,1,1,1
    A4,2026-10-20,C9,1,1,1,1,1,1,1,1
    """

    static let kpi = "agent_id,planning,process\nA1,90,10\nA2,70,\n"

    func month(plan: String = VisitsTests.plan, visits: String? = VisitsTests.visits) -> MonthFixture {
        var files = ["agents.csv": Self.agents, "sales.csv": MonthFixture.salesHeader + "\n", "kpi.csv": Self.kpi]
        if let visits { files["visits.csv"] = visits }
        return MonthFixture(files: files, plan: plan)
    }

    func agent(_ r: CloseResult, _ id: String) -> AgentResult { r.agents[r.month.agents.firstIndex { $0.id == id }!] }

    func testEveryRuleFlagSpellingAndTheFigures() throws {
        let r = try XCTUnwrap(month().result())
        let visitDiagnostics = r.diagnostics.filter { $0.file == .visits }.sortedForReport()
        XCTAssertEqual(visitDiagnostics.map { "\($0.code)@\($0.line!):\($0.column!)" }, [
            "duplicate-key@4:3",       // 2026/10/2 repeats 2026-10-02 for A1 and C1
            "bad-flag@6:11", "missing-value@7:11",
            "unknown-agent@9:1", "out-of-period@10:2", "before-hire@11:2", "after-termination@12:2",
        ])
        XCTAssertEqual(visitDiagnostics[1].value, "maybe")
        XCTAssertEqual(r.month.counts[.visits], { var c = FileCounts(); c.read = 12; c.accepted = 5; return c }())

        let visits = try XCTUnwrap(r.month.visits)
        func v(_ id: String) -> VisitTotals { visits[r.month.agents.firstIndex { $0.id == id }!] }
        // A1: lines 2, 3, 5 → 8 + 6 + 6 = 20 of 24 steps; order set once; order and thank
        // unset twice each → the tie goes to order (earlier in step order)
        XCTAssertEqual([v("A1").visits, v("A1").completedSteps, v("A1").orders], [3, 20, 1])
        XCTAssertEqual(v("A1").compliance, Fraction(ratio: 20, 24))
        XCTAssertEqual(v("A1").mostSkipped, .order)
        // A2: line 8 → 4 of 8; prepare … merchandise unset once each → prepare
        XCTAssertEqual([v("A2").visits, v("A2").completedSteps, v("A2").orders], [1, 4, 1])
        XCTAssertEqual(v("A2").mostSkipped, .prepare)
        // A4: one full visit → nothing skipped
        XCTAssertEqual([v("A4").visits, v("A4").completedSteps], [1, 8])
        XCTAssertNil(v("A4").mostSkipped)
        XCTAssertEqual(v("A3").visits, 0)
        XCTAssertNil(v("A3").compliance)

        // process = 100 × compliance: A1 83.33 (kpi.csv's 10 ignored); score (50×90 + 50×83.333…)/100
        // = 86.67 → step 80 ×1.0 → 1,000.00. A2: (50×70 + 50×50)/100 = 60.00 → ×0.5 → 500.00.
        // A4: process 100 alone → 100.00 → 1,000 × 1.2 × 12/31 days = 464.516… → 464.52. A3: no score.
        XCTAssertEqual(agent(r, "A1").dimensionScores[.process], 8333)
        XCTAssertEqual(agent(r, "A1").kpiScore, 8667)
        XCTAssertEqual(agent(r, "A1").pay.kpiBonus, Money(cents: 100_000))
        XCTAssertEqual(agent(r, "A2").kpiScore, 6000)
        XCTAssertEqual(agent(r, "A2").pay.kpiBonus, Money(cents: 50_000))
        XCTAssertEqual(agent(r, "A4").kpiScore, 10000)
        XCTAssertEqual(agent(r, "A4").pay.kpiBonus, Money(cents: 46_452))
        XCTAssertNil(agent(r, "A3").kpiScore)

        // missing-visits for the active agents with no accepted visit (A3, and A5 active 10 days);
        // missing-kpi no longer counts process: A4 has no kpi row and planning weighs 50 → warned
        let warned = r.diagnostics.filter { $0.code == "missing-visits" || $0.code == "missing-kpi" }
            .map { d in "\(d.code) \(r.month.agents.first { $0.line == d.line }!.id)" }.sorted()
        XCTAssertEqual(warned, ["missing-kpi A3", "missing-kpi A4", "missing-kpi A5", "missing-visits A3", "missing-visits A5"])
    }

    func testVisitSummaryFile() throws {
        let r = try XCTUnwrap(month().result())
        let templates = try TemplateSet(directory: CSVOutputTests.repoRoot.appendingPathComponent("templates").path)
        let plan = try XCTUnwrap(PlanLoader.parse(text: Self.plan, fileName: "plan.toml", defaultName: "plan").0)
        let files = ReportRenderer(templates: templates, plan: plan).renderCSV(r)
        let summary = try XCTUnwrap(files.first { $0.path == "visit_summary.csv" })
        XCTAssertEqual(String(decoding: summary.bytes, as: UTF8.self), """
        agent_id,name,team,visits,completed_steps,visit_compliance,visit_orders,most_skipped_step
        A1,甲,T1,3,20,0.8333,1,order
        A2,乙,T1,1,4,0.5000,1,prepare
        A3,丙,T2,0,0,,0,
        A4,丁,T2,1,8,1.0000,1,
        A5,戊,T2,0,0,,0,

        """)
    }

    /// The overview and team pages show each team's visits, compliance and most skipped step:
    /// T1 = A1 (3 visits, 20 steps, 1 order) + A2 (1, 4, 1) → 4 visits, 24 of 32 = 75.0 %, order
    /// and thank left out twice each → order (訂貨, earlier in step order); T2 = A4's one full visit.
    func testPagesShowTheTeamsVisits() throws {
        let r = try XCTUnwrap(month().result())
        let templates = try TemplateSet(directory: CSVOutputTests.repoRoot.appendingPathComponent("templates").path)
        let plan = try XCTUnwrap(PlanLoader.parse(text: Self.plan, fileName: "plan.toml", defaultName: "plan").0)
        let files = Dictionary(uniqueKeysWithValues: try ReportRenderer(templates: templates, plan: plan).render(r).map { ($0.path, $0.bytes) })
        let index = try XMLPage(bytes: try XCTUnwrap(files["index.html"]))
        let rows = "//h:section[@id='visits']//h:tbody/h:tr"
        XCTAssertEqual(index.strings("\(rows)[1]/h:td"), ["T1", "4", "24", "75.0%", "2", "訂貨"])
        XCTAssertEqual(index.strings("\(rows)[2]/h:td"), ["T2", "1", "8", "100.0%", "1", "—"])
        XCTAssertEqual(index.strings("//h:section[@id='visits']//*[local-name()='svg']/@width").count, 1, "a chart of compliance by team")
        let team = try XMLPage(bytes: try XCTUnwrap(files["teams/T1.html"]))
        XCTAssertEqual(team.strings("\(rows)/h:td"), ["T1", "4", "24", "75.0%", "2", "訂貨"])
        XCTAssertEqual(team.strings("//h:section[@id='member-visits']//h:tbody/h:tr/h:td[1]"), ["甲 (A1)", "乙 (A2)"])
        let statement = try XMLPage(bytes: try XCTUnwrap(files["statements/A1.html"]))
        XCTAssertEqual(statement.strings("//h:section[@id='visits']//h:tbody/h:tr/h:td[2]"), ["3", "20", "83.3%", "1", "訂貨"])
    }

    func testWithoutVisitsFileEveryWeightedAgentIsWarnedAndNoSummary() throws {
        let r = try XCTUnwrap(month(visits: nil).result())
        XCTAssertNil(r.month.visits)
        XCTAssertEqual(r.diagnostics.filter { $0.code == "missing-visits" }.count, 5)
        XCTAssertNil(agent(r, "A1").dimensionScores[.process])
        XCTAssertEqual(agent(r, "A1").kpiScore, 9000)   // planning alone
        let templates = try TemplateSet(directory: CSVOutputTests.repoRoot.appendingPathComponent("templates").path)
        let plan = try XCTUnwrap(PlanLoader.parse(text: Self.plan, fileName: "plan.toml", defaultName: "plan").0)
        XCTAssertFalse(ReportRenderer(templates: templates, plan: plan).renderCSV(r).contains { $0.path == "visit_summary.csv" })
    }

    func testProcessFromKPIIgnoresVisitsAndOtherSourcesAreRefused() throws {
        let fromKPI = VisitsTests.plan.replacingOccurrences(of: "process_source = \"visits\"", with: "process_source = \"kpi\"")
        let r = try XCTUnwrap(month(plan: fromKPI).result())
        XCTAssertEqual(agent(r, "A1").kpiScore, 5000)    // (50×90 + 50×10)/100
        XCTAssertTrue(r.diagnostics.allSatisfy { $0.code != "missing-visits" })
        let bad = VisitsTests.plan.replacingOccurrences(of: "process_source = \"visits\"", with: "process_source = \"visit\"")
        guard case .stopped(let d, let code, _) = month(plan: bad).prepare() else { return XCTFail("accepted") }
        XCTAssertEqual(code, 78)
        XCTAssertEqual(d.first?.field, "kpi.process_source")
    }

    func testFlagGrammar() {
        for s in ["1", "y", "Y", "yes", "YES", "true", "True", "是", "✓"] { XCTAssertEqual(ValueParser.flag(s), true, s) }
        for s in ["0", "n", "N", "no", "false", "FALSE", "否", "✗"] { XCTAssertEqual(ValueParser.flag(s), false, s) }
        for s in ["", "2", "ok", "x", "√", "yes!", "t"] { XCTAssertNil(ValueParser.flag(s), s) }
    }
}
