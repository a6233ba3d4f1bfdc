import XCTest
@testable import PodiumKit

/// Honours (SPEC §7.2), worked by hand for October (month 10: projected = ytd_total × 12 / 10).
final class HonoursTests: XCTestCase {
    static let tiers = """
    [[honors]]
    name = "MDRT"
    ytd_fyc = 160000
    [[honors]]
    name = "COT"
    ytd_fyc = 480000
    [[honors]]
    name = "TOT"
    ytd_fyc = 960000

    """

    static let agents = """
    \(MonthFixture.agentsHeader)
    H1,甲,agent,,T1,R1,mature,2020-01-01,active,
    H2,乙,agent,,T1,R1,mature,2020-01-01,active,
    H3,丙,agent,,T1,R1,mature,2020-01-01,active,
    H4,丁,agent,,T1,R1,mature,2020-01-01,active,
    H5,戊,agent,,T1,R1,mature,2020-01-01,active,
    H6,己,agent,,T1,R1,mature,2020-01-01,active,
    H7,庚,agent,,T1,R1,mature,2020-01-01,terminated,2026-09-30
    """

    static let targets = """
    agent_id,target_premium,年度累計首年佣金
    H1,0,150000
    H2,0,"159,999.99"
    H3,0,
    H4,0,1000000
    H6,0,-500
    H7,0,480000.00
    """

    static let sales = MonthFixture.salesHeader + "\nP1,H1,2026-10-02,壽險,40000.00,10000.00\nP2,H3,2026-10-03,壽險,400.00,100.00\n"

    func month(_ tiers: String = HonoursTests.tiers) -> MonthFixture {
        MonthFixture(files: ["agents.csv": Self.agents, "sales.csv": Self.sales, "targets.csv": Self.targets],
                     plan: tiers + ComputeTests.plan)
    }

    func testHonoursAtBelowAndAboveEachThresholdWithPace() throws {
        let r = try XCTUnwrap(month().result())
        let templates = try TemplateSet(directory: CSVOutputTests.repoRoot.appendingPathComponent("templates").path)
        let plan = try XCTUnwrap(PlanLoader.parse(text: Self.tiers + ComputeTests.plan, fileName: "plan.toml", defaultName: "plan").0)
        let files = ReportRenderer(templates: templates, plan: plan).renderCSV(r)
        let honors = try XCTUnwrap(files.first { $0.path == "honors.csv" })
        // H4 above the top tier; H7 inactive but with a ytd_fyc, exactly at COT; H1 exactly at
        // MDRT with 150,000 + 10,000; H2 a cent below MDRT (projected 191,999.988 → 191,999.99, on
        // pace for it); H3 no ytd_fyc but a sale; H6 a negative ytd_fyc; H5 neither: not listed.
        XCTAssertEqual(String(decoding: honors.bytes, as: UTF8.self), """
        agent_id,name,team,ytd_total,projected_fyc,honor,next_honor,gap_to_next,on_pace_for
        H4,丁,T1,1000000.00,1200000.00,TOT,,,TOT
        H7,庚,T1,480000.00,576000.00,COT,TOT,480000.00,COT
        H1,甲,T1,160000.00,192000.00,MDRT,COT,320000.00,MDRT
        H2,乙,T1,159999.99,191999.99,,MDRT,0.01,MDRT
        H3,丙,T1,100.00,120.00,,MDRT,159900.00,
        H6,己,T1,-500.00,-600.00,,MDRT,160500.00,

        """)
        // without [[honors]] there is no honors.csv
        let none = ReportRenderer(templates: templates, plan: try XCTUnwrap(PlanLoader.parse(text: ComputeTests.plan, fileName: "plan.toml", defaultName: "plan").0))
        XCTAssertFalse(none.renderCSV(try XCTUnwrap(month("").result())).contains { $0.path == "honors.csv" })
    }

    func testUnsortedDuplicateAndEmptyTiersAre78WithTheirLine() {
        func errors(_ tiers: String) -> [String] {
            PlanLoader.parse(text: tiers + ComputeTests.plan, fileName: "plan.toml", defaultName: "plan").1
                .map { "\($0.line.map(String.init) ?? "-") \($0.field)" }
        }
        XCTAssertEqual(errors("[[honors]]\nname = \"COT\"\nytd_fyc = 480000\n[[honors]]\nname = \"MDRT\"\nytd_fyc = 160000\n"),
                       ["6 honors[1].ytd_fyc"])
        XCTAssertEqual(errors("[[honors]]\nname = \"MDRT\"\nytd_fyc = 1\n[[honors]]\nname = \"MDRT\"\nytd_fyc = 2\n"),
                       ["5 honors[1].name"])
        XCTAssertEqual(errors("[[honors]]\nname = \"  \"\nytd_fyc = 1\n[[honors]]\nname = \"X\"\nytd_fyc = 0\n"),
                       ["2 honors[0].name", "6 honors[1].ytd_fyc"])
        XCTAssertEqual(errors("[[honors]]\nname = \"X\"\n"), ["1 honors[0]"])
        guard case .stopped(_, let code, _) = month("[[honors]]\nname = \"X\"\nytd_fyc = -1\n").prepare() else { return XCTFail("accepted") }
        XCTAssertEqual(code, 78)
    }
}
