import XCTest
@testable import PodiumKit

final class PlanTests: XCTestCase {
    func parse(_ text: String) -> (Plan?, [Diagnostic]) {
        PlanLoader.parse(text: text, fileName: "plan.toml", defaultName: "plan")
    }

    func testExamplePlanLoadsWithRolesInSeniorityOrder() throws {
        let (plan, d) = parse(MonthFixture.planText)
        XCTAssertEqual(d, [])
        let p = try XCTUnwrap(plan)
        XCTAssertEqual(p.roles.map(\.key), ["agent", "manager", "director"])
        XCTAssertEqual(p.name, "2026 年度營銷激勵方案")
        XCTAssertEqual(p.tiers.count, 3)
        XCTAssertEqual(p.weights(role: "agent", market: .new)?[.process], Fraction(35))
        XCTAssertEqual(p.weights(role: "agent", market: .mature)?[.process], Fraction(15))
    }

    func testPlanNumbersArriveAsExactDecimals() throws {
        let (plan, d) = parse("""
        [roles]
        agent = { label = "A", aliases = [] }
        [markets]
        growth_target = { mature = 0.05, developing = 0.1, new = 0 }
        [base_salary]
        agent = { mature = 3000.01, developing = 1e-05, new = 2800 }
        """)
        XCTAssertEqual(d, [])
        let p = try XCTUnwrap(plan)
        XCTAssertEqual(p.growthTarget[.mature], Fraction(5, 100))
        XCTAssertEqual(p.growthTarget[.developing], Fraction(1, 10))
        XCTAssertEqual(p.baseSalary["agent"]?[.mature], Fraction(300001, 100))
        XCTAssertEqual(p.baseSalary["agent"]?[.developing], Fraction(1, 100000))
    }

    func testUnknownKeyNamesTheClosestValidKeyAndItsLine() {
        let (plan, d) = parse("[roles]\nagent = { label = \"A\" }\n\n[comission]\nbasis = \"fyc\"\n")
        XCTAssertNil(plan)
        XCTAssertEqual(d.count, 1)
        XCTAssertEqual(d[0].line, 4)
        XCTAssertEqual(d[0].field, "comission")
        XCTAssertTrue(d[0].message.contains("did you mean `commission`?"), d[0].message)
    }

    func testStructuralErrors() {
        let (_, d) = parse("""
        [roles]
        agent = { label = "A" }
        [commission]
        tiers = [ { upto = 1.5, multiplier = 1.0 }, { upto = 1.2, multiplier = 1.3 }, { multiplier = 1.6 } ]
        [commission.rate]
        agent = { mature = 1.5 }
        [kpi.weights.agent]
        volume = 60
        planning = 30
        [kpi_bonus]
        steps = [ { min = 60, multiplier = 0.6 }, { min = 0, multiplier = 0.0 } ]
        [input]
        encoding = "latin1"
        """)
        let fields = d.map(\.field)
        XCTAssertTrue(fields.contains("commission.tiers[1].upto"), "\(fields)")
        XCTAssertTrue(fields.contains("commission.rate.agent.mature"))
        XCTAssertTrue(fields.contains("kpi.weights.agent"))
        XCTAssertTrue(fields.contains("kpi_bonus.steps[1].min"))
        XCTAssertTrue(fields.contains("input.encoding"))
        XCTAssertEqual(d.first { $0.field == "commission.rate.agent.mature" }?.line, 6)
    }

    func testMissingSettingsForTheRosterAre78() {
        let plan = MonthFixture.planText.replacingOccurrences(of: "manager  = { mature = 6000, developing = 5000, new = 5500 }\n", with: "")
        guard case .stopped(let d, let code, _) = MonthFixture(files: ["agents.csv": simpleAgents, "sales.csv": MonthFixture.salesHeader + "\n"], plan: plan).prepare() else { return XCTFail() }
        XCTAssertEqual(code, 78)
        XCTAssertEqual(d.map(\.field), ["base_salary.manager.mature"])
    }

    /// Each role × market of the roster is checked once, in seniority then market order,
    /// however the roster interleaves them.
    func testRosterPairsAreCheckedOncePerPair() throws {
        let text = MonthFixture.planText.replacingOccurrences(of: "manager  = { mature = 6000, developing = 5000, new = 5500 }\n", with: "")
        let plan = try XCTUnwrap(parse(text).0)
        let people: [(String, Market)] = [("agent", .mature), ("manager", .new), ("agent", .mature), ("manager", .mature),
                                          ("manager", .new), ("manager", .new), ("director", .developing), ("manager", .mature)]
        let agents = people.enumerated().map { k, p in
            Agent(line: k + 2, id: "A\(k)", name: "N\(k)", role: p.0, managerID: nil, team: "T", region: "R", market: p.1,
                  hireDate: CivilDate(year: 2020, month: 1, day: 1)!, terminated: false, terminationDate: nil)
        }
        let d = plan.checkAgainstRoster(agents, fileName: "plan.toml")
        XCTAssertEqual(d.map(\.field), ["base_salary.manager.mature", "base_salary.manager.new"])
        XCTAssertEqual(plan.checkAgainstRoster([], fileName: "plan.toml"), [])
    }

    func testMissingPlanIs66() {
        guard case .stopped(let d, let code, _) = MonthFixture(files: ["agents.csv": simpleAgents, "sales.csv": MonthFixture.salesHeader + "\n"], plan: nil).prepare() else { return XCTFail() }
        XCTAssertEqual(code, 66)
        XCTAssertEqual(d.map(\.code), ["missing-file"])
    }
}
