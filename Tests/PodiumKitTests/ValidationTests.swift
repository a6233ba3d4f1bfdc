import XCTest
@testable import PodiumKit

/// One test per diagnostic code, each asserting file, line and column (SPEC §2 positions table).
final class ValidationTests: XCTestCase {
    func sales(_ rows: String) -> MonthFixture {
        MonthFixture(files: ["agents.csv": simpleAgents, "sales.csv": MonthFixture.salesHeader + "\n" + rows])
    }

    func find(_ d: [Diagnostic], _ code: String) -> [Diagnostic] { d.filter { $0.code == code } }

    func testFieldTypeErrorsAreLocatedAtTheirField() {
        let d = sales("""
        P1,A1,2026-10-01,壽險,"12,3x",10
        P2,A 1,2026-10-02,壽險,100,10
        P3,A1,2026-10-32,壽險,100,10
        P4,A1,2026-10-03,,100,10
        P5,A1,2026-10-03,a\u{7}b,100,10
        """).diagnostics()
        XCTAssertEqual(find(d, "bad-money").located, ["bad-money@2:5"])
        XCTAssertEqual(find(d, "bad-money").first?.message, "premium \"12,3x\" is not an amount (e.g. 1234.50)")
        XCTAssertEqual(find(d, "bad-money").first?.printed, "sales.csv:2:5: error[bad-money]: premium \"12,3x\" is not an amount (e.g. 1234.50)")
        XCTAssertEqual(find(d, "bad-id").located, ["bad-id@3:2"])
        XCTAssertEqual(find(d, "bad-date").located, ["bad-date@4:3"])
        XCTAssertEqual(find(d, "missing-value").located, ["missing-value@5:4"])
        XCTAssertEqual(find(d, "bad-text").located, ["bad-text@6:4"])
    }

    func testRecordAfterQuotedLineBreakHasItsPhysicalLine() {
        let d = sales("P1,A1,2026-10-01,\"多行\n險種\",100,10\nP2,A1,2026-10-01,x,abc,10\n").diagnostics()
        XCTAssertEqual(find(d, "line-break").located, ["line-break@2:4"])
        XCTAssertEqual(find(d, "bad-money").located, ["bad-money@4:5"])
    }

    func testFieldCountAndBadQuoteRejectWholeRecord() {
        let month = sales("P1,A1,2026-10-01,x,100\nP2,A1,2026-10-01,\"x\"y,abc,10\nP3,A1,2026-10-01,x,100,10\n")
        let d = month.diagnostics()
        XCTAssertEqual(find(d, "field-count").located, ["field-count@2:-"])
        XCTAssertEqual(find(d, "bad-quote").located, ["bad-quote@3:-"])
        XCTAssertTrue(find(d, "bad-money").isEmpty, "no type diagnostics after bad-quote")
        guard let r = month.result() else { return }
        XCTAssertEqual(r.month.counts[.sales], { var c = FileCounts(); c.read = 3; c.accepted = 1; return c }())
    }

    func testSalesRulesInOrder() {
        let d = sales("""
        P1,ZZ,2026-10-01,x,100,10
        P2,A1,2026-09-30,x,100,10
        P3,A1,2026-10-01,x,100,-10
        P4,A1,2026-10-01,x,100,200
        P5,A1,2026-10-01,x,100,10
        P5,A1,2026-10-02,x,50,5
        P5,A1,2026-10-03,x,-100,-10
        """).diagnostics()
        XCTAssertEqual(find(d, "unknown-agent").located, ["unknown-agent@2:2"])
        XCTAssertEqual(find(d, "out-of-period").located, ["out-of-period@3:3"])
        XCTAssertEqual(find(d, "sign-mismatch").located, ["sign-mismatch@4:6"])
        XCTAssertEqual(find(d, "fyc-exceeds-premium").located, ["fyc-exceeds-premium@5:6"])
        XCTAssertEqual(find(d, "duplicate-key").located, ["duplicate-key@7:1"], "a cancellation of the same policy is a different key")
    }

    func testHireAndTerminationBoundSales() {
        let agents = MonthFixture.agentsHeader + "\nM1,經理,manager,,T1,R1,mature,2020-01-01,active,\nA1,新人,agent,M1,T1,R1,mature,2026-10-10,active,\nA2,離職,agent,M1,T1,R1,mature,2020-01-01,terminated,2026-10-20\n"
        let d = MonthFixture(files: ["agents.csv": agents, "sales.csv": MonthFixture.salesHeader + "\nP1,A1,2026-10-09,x,100,10\nP2,A1,2026-10-10,x,100,10\nP3,A2,2026-10-21,x,100,10\nP4,A2,2026-10-20,x,100,10\n"]).diagnostics()
        XCTAssertEqual(find(d, "before-hire").located, ["before-hire@2:3"])
        XCTAssertEqual(find(d, "after-termination").located, ["after-termination@4:3"])
    }

    func testRosterKeysTerminationAndHierarchy() {
        let agents = """
        agent_id,name,role,manager_id,team,region,market,hire_date,status,termination_date
        D1,總監,總監,,T0,R1,成熟,2020-01-01,在職,
        A1,甲,agent,D1,T1,R1,mature,2020-01-01,active,
        A1,甲二,agent,D1,T1,R1,mature,2020-01-01,active,
        A2,乙,agent,D1,T1,R1,mature,2020-01-01,terminated,
        A3,丙,agent,D1,T1,R1,mature,2020-01-01,active,2026-01-01
        A4,丁,agent,D1,T1,R1,mature,2020-01-01,terminated,2019-01-01
        A5,戊,agent,A5,T1,R1,mature,2020-01-01,active,
        A6,己,agent,NOBODY,T1,R1,mature,2020-01-01,active,
        C2,庚,agent,C1,T1,R1,mature,2020-01-01,active,
        C1,辛,agent,C3,T1,R1,mature,2020-01-01,active,
        C3,壬,agent,C2,T1,R1,mature,2020-01-01,active,
        A7,癸,salesman,D1,T1,R1,mature,2020-01-01,active,
        """
        let month = MonthFixture(files: ["agents.csv": agents, "sales.csv": MonthFixture.salesHeader + "\n"])
        let d = month.diagnostics()
        XCTAssertEqual(find(d, "duplicate-key").located, ["duplicate-key@4:1"])
        XCTAssertTrue(find(d, "duplicate-key")[0].message.contains("line 3"))
        XCTAssertEqual(find(d, "bad-value").located, ["bad-value@5:10", "bad-value@6:10", "bad-value@7:10"])
        XCTAssertEqual(find(d, "self-manager").located, ["self-manager@8:4"])
        XCTAssertEqual(find(d, "unknown-manager").located, ["unknown-manager@9:4"])
        XCTAssertEqual(Set(find(d, "cycle").located), ["cycle@10:4", "cycle@11:4", "cycle@12:4"])
        XCTAssertEqual(find(d, "bad-enum").located, ["bad-enum@13:3"])
        guard let r = month.result() else { return }
        let byID = Dictionary(uniqueKeysWithValues: r.month.agents.map { ($0.id, $0) })
        XCTAssertNil(byID["C1"]?.managerID, "the cycle is broken at the smallest agent_id")
        XCTAssertEqual(byID["C2"]?.managerID, "C1")
        XCTAssertNil(byID["A5"]?.managerID)
        XCTAssertNil(byID["A6"]?.managerID)
        XCTAssertEqual(byID["D1"]?.role, "director")
        XCTAssertEqual(byID["D1"]?.market, .mature)
        XCTAssertEqual(r.month.counts[.agents]?.read, 12)
        XCTAssertEqual(r.month.counts[.agents]?.rejected, 5)
    }

    func testTargetsAndKPIUnknownAndRepeatedAgents() {
        let d = MonthFixture(files: [
            "agents.csv": simpleAgents, "sales.csv": MonthFixture.salesHeader + "\n",
            "targets.csv": "agent_id,target_premium\nA1,100\nA1,200\nXX,5\nA2,-5\n",
            "kpi.csv": "agent_id,planning\nA1,80\nA1,90\nA2,101\n",
        ]).diagnostics()
        XCTAssertEqual(d.sortedForReport().filter { $0.file == .targets }.located, ["duplicate-key@3:1", "unknown-agent@4:1", "bad-money@5:2"])
        XCTAssertEqual(d.sortedForReport().filter { $0.file == .kpi }.located, ["duplicate-key@3:1", "bad-score@4:2"])
    }

    func testHeaderProblemsStopTheRun() {
        let month = MonthFixture(files: [
            "agents.csv": "agent_id,工號,name,role,team,region,market,hire_date,status,,extra\n",
            "sales.csv": "policy_id,agent_id,date,product,premium\n",
        ])
        guard case .stopped(let d, let code, _) = month.prepare() else { return XCTFail("should stop") }
        XCTAssertEqual(code, 65)
        // the unknown-column warnings stay beside the error that stops the run (a typo reads as one)
        XCTAssertEqual(d.filter { $0.file == .agents }.located, ["duplicate-column@1:2", "unknown-column@1:10", "unknown-column@1:11"])
        XCTAssertEqual(d.filter { $0.file == .sales }.located, ["missing-column@1:-"])
        XCTAssertEqual(d.first { $0.code == "missing-column" }?.field, "fyc")
    }

    func testUnknownColumnsWarnAndPlanMappingWins() {
        var plan = MonthFixture.planText
        plan = plan.replacingOccurrences(of: "[input.columns.sales]\n", with: "[input.columns.sales]\npremium = \"實收保費\"\n")
        let month = MonthFixture(files: ["agents.csv": simpleAgents,
                                         "sales.csv": "保單號,工號,日期,險種,保費,實收保費,首年佣金,備註\nP1,A1,2026-10-01,x,999,100,10,\n"], plan: plan)
        guard let r = month.result() else { return }
        XCTAssertEqual(r.diagnostics.filter { $0.code == "unknown-column" }.located, ["unknown-column@1:5", "unknown-column@1:8"])
        XCTAssertEqual(r.agents[1].premium, Money(cents: 10000))
    }

    func testMissingRequiredFileIs66AndEmptyFileIs65() {
        guard case .stopped(let d, let code, _) = MonthFixture(files: ["agents.csv": simpleAgents]).prepare() else { return XCTFail() }
        XCTAssertEqual(code, 66)
        XCTAssertEqual(d.map(\.code), ["missing-file"])
        guard case .stopped(let d2, let code2, _) = MonthFixture(files: ["agents.csv": simpleAgents, "sales.csv": "\n  \n"]).prepare() else { return XCTFail() }
        XCTAssertEqual(code2, 65)
        XCTAssertEqual(d2.map(\.code), ["empty-file"])
    }

    func testUnclosedQuoteIsFileLevel() {
        guard case .stopped(let d, _, _) = sales("P1,A1,2026-10-01,\"open,100,10\nP2,A1,2026-10-01,x,100,10\n").prepare() else { return XCTFail() }
        XCTAssertEqual(d.located, ["unclosed-quote@2:4"])
    }

    func testWarningsForTargetsKPISpanDepthAndInactivity() {
        var plan = MonthFixture.planText
        plan = plan.replacingOccurrences(of: "span_max = 8", with: "span_max = 1").replacingOccurrences(of: "max_depth = 6", with: "max_depth = 1")
        let agents = simpleAgents + "A3,舊人,agent,M1,T1,R1,mature,2020-01-01,terminated,2026-09-30\n"
        let month = MonthFixture(files: ["agents.csv": agents, "sales.csv": MonthFixture.salesHeader + "\n",
                                         "targets.csv": "agent_id,target_premium\nA1,100\n", "kpi.csv": "agent_id,planning\nA2,80\n"], plan: plan)
        let d = month.diagnostics().filter { $0.severity == .warning }
        XCTAssertEqual(find(d, "missing-target").map(\.line), [4], "M1's organization has a target through A1; A2 has none")
        XCTAssertEqual(find(d, "missing-kpi").map(\.line), [2, 3])
        XCTAssertEqual(find(d, "span-of-control").map(\.line), [2])
        XCTAssertEqual(find(d, "depth").map(\.line), [3, 4])
        XCTAssertEqual(find(d, "inactive-in-period").map(\.line), [5])
    }
}
