import BigInt
import XCTest
@testable import PodiumKit

/// Hand-worked months: every expected number below is worked out from SPEC §3 in the comments.
final class ComputeTests: XCTestCase {
    static let plan = """
    [roles]
    agent = { label = "業務員", aliases = ["業務員"] }
    manager = { label = "主管", aliases = [] }
    director = { label = "總監", aliases = [] }
    [markets]
    growth_target = { mature = 0.05, developing = 0.2, new = 0 }
    [base_salary]
    agent = { mature = 3100, developing = 3000, new = 3000 }
    manager = { mature = 6200, developing = 6000, new = 6000 }
    director = { mature = 0, developing = 0, new = 0 }
    [commission]
    tiers = [ { upto = 1.0, multiplier = 1.0 }, { upto = 1.2, multiplier = 1.5 }, { multiplier = 2.0 } ]
    [commission.rate]
    agent = { mature = 0.10, developing = 0.10, new = 0.10 }
    manager = { mature = 0.05, developing = 0.05, new = 0.05 }
    director = { mature = 0.02, developing = 0.02, new = 0.02 }
    [kpi]
    volume_basis = { agent = "personal", manager = "organization", director = "organization" }
    [kpi.weights.agent]
    volume = 60
    planning = 40
    [kpi.weights.manager]
    volume = 50
    growth = 50
    [kpi.weights.director]
    volume = 100
    [kpi_bonus]
    target = { agent = 1000, manager = 2000, director = 3000 }
    steps = [ { min = 60, multiplier = 0.5 }, { min = 80, multiplier = 1.0 }, { min = 100, multiplier = 1.2 } ]
    [override]
    manager = [0.05]
    director = [0.04, 0.02, 0.01]
    [output]
    csv_bom = false
    csv_line_ending = "lf"
    """

    /// D1 → M1 → {A1, A2 → A3}; A4 (hired the 17th) and A5 (terminated the 10th) in team T2 under M1.
    static let agents = """
    agent_id,name,role,manager_id,team,region,market,hire_date,status,termination_date
    D1,總監,director,,T0,R1,mature,2015-01-01,active,
    M1,主管,manager,D1,T1,R1,mature,2018-01-01,active,
    A1,甲,agent,M1,T1,R1,mature,2020-01-01,active,
    A2,乙,agent,M1,T1,R1,mature,2020-01-01,active,
    A3,丙,agent,A2,T1,R1,mature,2020-01-01,active,
    A4,丁,agent,M1,T2,R1,mature,2026-10-17,active,
    A5,戊,agent,M1,T2,R1,mature,2020-01-01,terminated,2026-10-10
    """

    static let sales = """
    policy_id,agent_id,date,product,premium,fyc
    P1,A1,2026-10-05,壽險,130000.00,30000.00
    P2,A2,2026-10-06,壽險,50000.00,10000.00
    P3,A3,2026-10-07,壽險,20000.00,5000.00
    P4,A3,2026-10-08,壽險,-400000.00,-80000.00
    """

    static let targets = "agent_id,target_premium,prior_premium\nM1,40000,100000\nA1,100000,\nA2,100000,\nA3,10000,\n"
    static let kpi = "agent_id,planning\nA1,90\nA3,75\nA4,85\nA5,70\n"

    lazy var month = MonthFixture(files: ["agents.csv": Self.agents, "sales.csv": Self.sales,
                                          "targets.csv": Self.targets, "kpi.csv": Self.kpi], plan: Self.plan)

    func agent(_ r: CloseResult, _ id: String) -> AgentResult { r.agents[r.month.agents.firstIndex { $0.id == id }!] }

    /// Fractions stay exact whichever integer width holds them: the shift-and-subtract GCD agrees
    /// with Euclid's, and arithmetic across the 64-bit, 128-bit and arbitrary-precision ranges
    /// agrees with the same arithmetic done on big integers.
    func testFractionGCDAndArithmeticAcrossWidths() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return seed }
        func euclid(_ a: BigUInt, _ b: BigUInt) -> BigUInt { b == 0 ? a : euclid(b, a % b) }
        for k in 0..<2000 {
            let common = UInt128(next() >> 40 | 1)
            let a = k % 3 == 0 ? UInt128(next() >> 20) * common : UInt128(next()) << 20 * common
            let b = k % 5 == 0 ? 0 : UInt128(next() >> 30) * common
            XCTAssertEqual(BigUInt(Fraction.gcd(a, b)), euclid(BigUInt(a), BigUInt(b)), "gcd(\(a), \(b))")
        }
        // 64-bit pairs far apart in size (a Euclid step first), either way round, with common factors
        for k in 0..<2000 {
            let common = UInt64(k % 4 == 0 ? 1 : next() % 97 + 1)
            let small = (next() % 5000 + 1) * common, large = (next() >> UInt64(8 + k % 20)) * common
            let (a, b) = k % 2 == 0 ? (small, large) : (large, small)
            XCTAssertEqual(BigUInt(Fraction.gcd(UInt128(a), UInt128(b))), euclid(BigUInt(a), BigUInt(b)), "gcd(\(a), \(b))")
        }
        for _ in 0..<500 {
            let an = Int64(bitPattern: next()) >> Int64(next() % 50), ad = Int64(next() >> UInt64(1 + next() % 62)) | 1
            let bn = Int64(bitPattern: next()) >> Int64(next() % 50), bd = Int64(next() >> UInt64(1 + next() % 62)) | 1
            let x = Fraction(ratio: an, ad), y = Fraction(ratio: bn, bd)
            let bx = (BigInt(an), BigInt(ad)), by = (BigInt(bn), BigInt(bd))
            XCTAssertEqual(x * y * x, Fraction(bx.0 * by.0 * bx.0, bx.1 * by.1 * bx.1))
            XCTAssertEqual(x + y - y * x, Fraction(bx.0 * by.1 * bx.1 + by.0 * bx.1 * bx.1 - by.0 * bx.0 * bx.1, bx.1 * by.1 * bx.1))
            XCTAssertEqual(x < y, bx.0 * by.1 < by.0 * bx.1)
        }
    }

    func testSpecWorkedCommissionExample() {
        // 10% × 30,000 × (1.0×1.0 + 1.5×0.2 + 2.0×0.1) / 1.3 = 3,461.538… → 3,461.54
        let tiers = [CommissionTier(upto: Fraction(1), multiplier: Fraction(1)),
                     CommissionTier(upto: Fraction(12, 10), multiplier: Fraction(15, 10)),
                     CommissionTier(upto: nil, multiplier: Fraction(2))]
        func mix(_ basis: Int64, _ a: Fraction?) -> Fraction {
            ExactArithmetic.cannotOverflow { () throws(ArithmeticOverflow) in
                try IncentivePay.tierMix(basis: Money(cents: basis), attainment: a, tiers: try PayRules<Fraction>.tiers(tiers))
            }
        }
        let spec = mix(3_000_000, Fraction(13, 10))
        XCTAssertEqual(Money(rounding: Fraction(1, 10) * Fraction(30000) * spec, .halfUp), Money(cents: 346_154))
        // the same mix in machine integers: 1.0 + 0.3 + 0.2 over 1.3 = 15/13, unreduced
        let small = try? IncentivePay.tierMix(basis: Money(cents: 3_000_000), attainment: SmallRatio(13, 10),
                                              tiers: try PayRules<SmallRatio>.tiers(tiers))
        XCTAssertEqual(small?.fraction, Fraction(15, 13))
        // Every tier boundary: at exactly 1.0 and 1.2 the mix is the weighted share.
        XCTAssertEqual(mix(1, Fraction(1)), Fraction(1))
        XCTAssertEqual(mix(1, Fraction(12, 10)), Fraction(13, 12))
        XCTAssertEqual(mix(1, Fraction(1, 2)), Fraction(1))
        // No attainment, or a chargeback: the first multiplier.
        XCTAssertEqual(mix(1, nil), Fraction(1))
        XCTAssertEqual(mix(-1, Fraction(2)), Fraction(1))
    }

    /// `SmallRatio` (the pay rules' hot path) gives `Fraction`'s exact values, or throws: across
    /// 64-bit operands, mixed signs, equal denominators, and operands near 2^127 where a step
    /// cannot fit — never a wrong value.
    func testSmallRatioIsExactOrThrows() throws {
        var random = SampleRandom(seed: 11)
        func operand(_ k: Int) -> (Int128, Int128) {
            let bits = [8, 20, 40, 62, 100, 126][k % 6]
            let n = Int128(truncatingIfNeeded: random.next()) << 64 | Int128(random.next())
            let d = (Int128(truncatingIfNeeded: random.next()) << 64 | Int128(random.next())) & ((1 << bits) - 1) | 1
            return (n >> (127 - bits), d)
        }
        func check(_ a: SmallRatio, _ b: SmallRatio, _ fa: Fraction, _ fb: Fraction) {
            if let s = try? a + b { XCTAssertEqual(s.fraction, fa + fb) }
            if let s = try? a - b { XCTAssertEqual(s.fraction, fa - fb) }
            if let p = try? a * b { XCTAssertEqual(p.fraction, fa * fb) }
            if !fb.isZero, let q = try? a / b { XCTAssertEqual(q.fraction, fa / fb) }
            if let less = try? SmallRatio.isLess(a, b) { XCTAssertEqual(less, fa < fb) }
            for mode in RoundingMode.allCases {
                if let v = try? a.scaled(2, mode) { XCTAssertEqual(v, fa.scaled(2, mode)) }
            }
        }
        var computed = 0, thrown = 0
        for k in 0..<3000 {
            let (an, ad) = operand(k), (bn, bd) = operand(k / 6)
            let a = SmallRatio(an, ad), b = k % 7 == 0 ? SmallRatio(bn, ad) : SmallRatio(bn, bd)
            XCTAssertEqual(a.fraction, Fraction(int128: an, ad))
            check(a, b, a.fraction, b.fraction)
            if (try? a * b) != nil { computed += 1 } else { thrown += 1 }
        }
        // both kinds happened: the test saw exact results and overflows
        XCTAssertGreaterThan(computed, 500)
        XCTAssertGreaterThan(thrown, 500)
        // hand values: 1/3 + 1/6 = 9/18 (unreduced) = 1/2; 2.345 rounds to 2.35 half-up, 2.34 half-even
        XCTAssertEqual(try (SmallRatio(1, 3) + SmallRatio(1, 6)).fraction, Fraction(1, 2))
        XCTAssertEqual(try SmallRatio(2345, 1000).scaled(2, .halfUp), 235)
        XCTAssertEqual(try SmallRatio(2345, 1000).scaled(2, .halfEven), 234)
        XCTAssertEqual(try SmallRatio(-2345, 1000).scaled(2, .halfUp), -235)
        XCTAssertThrowsError(try SmallRatio(Int128.max / 2) * SmallRatio(3))
        XCTAssertThrowsError(try SmallRatio(Int128.max / 10).scaled(2, .halfUp))
        XCTAssertThrowsError(try SmallRatio(exactly: Fraction(decimal: "1e-40")!))
    }

    /// A step too large for machine integers is computed in `Fraction`, to the same cent. Plan
    /// numbers have at most 12 decimals, so each fits 128 bits, but tiers with 12 decimals in
    /// every bound and multiplier multiply their denominators past 2^127 in A1's tier mix. A1
    /// (the hand-worked month above, a = 1.3) is then paid 10 % × 30,000 × mix with
    /// mix = (1.000000000001² + 1.500000000001 × 0.2 + 2.000000000001 × 0.099999999999) / 1.3
    /// = 1.5000000000003 / 1.3 = 1.15384615384638… → 3,461.538461539… → 3,461.54: the 10⁻¹²
    /// parts move the amount by under a millionth of a cent.
    func testPayBeyondMachineIntegersFallsBackToTheSameCent() throws {
        let tiers = "tiers = [ { upto = 1.000000000001, multiplier = 1.000000000001 }, { upto = 1.200000000001, multiplier = 1.500000000001 }, { multiplier = 2.000000000001 } ]"
        let plan = Self.plan.replacingOccurrences(of: "tiers = [ { upto = 1.0, multiplier = 1.0 }, { upto = 1.2, multiplier = 1.5 }, { multiplier = 2.0 } ]", with: tiers)
        XCTAssertNotEqual(plan, Self.plan)
        let m = MonthFixture(files: ["agents.csv": Self.agents, "sales.csv": Self.sales, "targets.csv": Self.targets, "kpi.csv": Self.kpi], plan: plan)
        guard case .ready(let checkedPlan, let r) = m.prepare() else { return XCTFail("the month stopped") }
        let a1 = agent(r, "A1")
        XCTAssertEqual(a1.pay.commission.plain, "3461.54")
        XCTAssertEqual(a1.pay.total.plain, "7761.54")
        // the premise: in machine integers, A1's pay overflows (so the amount above is Fraction's)
        let a = r.month.agents[a1.index]
        let small = try PayRules<SmallRatio>(plan: checkedPlan, role: a.role, market: a.market)
        var trace: PayTrace? = nil
        XCTAssertThrowsError(try IncentivePay.compute(agent: a, result: a1, plan: checkedPlan, rules: small, period: r.month.period,
                                                      commissionBasis: a1.fyc.cents, generationSums: r.generationSums[a1.index],
                                                      trace: &trace))
        // and A2 (a = 0.5: the first tier only) still fits: 10 % × 10,000 × 1.000000000001 = 1,000.0000000001 → 1,000.00
        let a2 = agent(r, "A2"), agent2 = r.month.agents[a2.index]
        let pay2 = try IncentivePay.compute(agent: agent2, result: a2, plan: checkedPlan, rules: small, period: r.month.period,
                                            commissionBasis: a2.fyc.cents, generationSums: r.generationSums[a2.index], trace: &trace)
        XCTAssertEqual(pay2.commission.plain, "1000.00")
        XCTAssertEqual(a2.pay.commission.plain, "1000.00")
    }

    func testHalfUpAndHalfEvenOnExactHalfCents() {
        let x = Fraction(5, 100) * Fraction(50, 100) // 0.025
        XCTAssertEqual(Money(rounding: x, .halfEven).plain, "0.02")
        XCTAssertEqual(Money(rounding: x, .halfUp).plain, "0.03")
        XCTAssertEqual(Money(rounding: -x, .halfEven).plain, "-0.02")
        XCTAssertEqual(Money(rounding: -x, .halfUp).plain, "-0.03")
        XCTAssertEqual(Money(rounding: Fraction(2345, 1000), .halfUp).plain, "2.35")
        XCTAssertEqual(Money(rounding: Fraction(-2345, 1000), .halfUp).plain, "-2.35")
        XCTAssertEqual(Money(rounding: Fraction(2345, 1000), .halfEven).plain, "2.34")
        XCTAssertEqual(Money(rounding: Fraction(-1, 1000), .halfUp).plain, "0.00", "never -0.00")
        // Beyond 64 bits the arbitrary-precision path rounds the same way.
        let big = Fraction(BigInt("123456789012345678901234567895"), 10)
        XCTAssertEqual(big.rounded(.halfUp), BigInt("12345678901234567890123456790"))
        XCTAssertEqual(big.rounded(.halfEven), BigInt("12345678901234567890123456790"))
        XCTAssertEqual((-big).rounded(.halfUp), BigInt("-12345678901234567890123456790"))
        XCTAssertEqual(Fraction(BigInt("12345678901234567890123456785"), 10).rounded(.halfEven), BigInt("1234567890123456789012345678"))
        // Machine-integer arithmetic that would overflow moves to big integers and stays exact.
        let huge = Fraction(ratio: Int64.max - 1, 3), small = Fraction(ratio: 5, 7)
        XCTAssertEqual(huge * small + huge, Fraction(BigInt(Int64.max - 1) * 12, 21))
        XCTAssertEqual((huge * small) / huge, small)
    }

    func testPayLinesOfTheHandWorkedMonth() throws {
        let r = try XCTUnwrap(month.result())
        // A1: a = 130,000/100,000 = 1.3 → commission 3,461.54; volume min(130,120)=120, planning 90 →
        // (60×120 + 40×90)/100 = 108.00 → step 100 → 1,000 × 1.2 = 1,200.00.
        let a1 = agent(r, "A1")
        XCTAssertEqual(a1.pay.base.plain, "3100.00")
        XCTAssertEqual(a1.pay.commission.plain, "3461.54")
        XCTAssertEqual(a1.kpiScore, 10800)
        XCTAssertEqual(a1.pay.kpiBonus.plain, "1200.00")
        XCTAssertEqual(a1.pay.total.plain, "7761.54")
        // A2: a = 0.5 → 10% × 10,000 = 1,000.00; no kpi row → volume 50 alone → 50.00 → no step.
        let a2 = agent(r, "A2")
        XCTAssertEqual(a2.pay.commission.plain, "1000.00")
        XCTAssertEqual(a2.kpiScore, 5000)
        XCTAssertEqual(a2.pay.kpiBonus.plain, "0.00")
        // A3: fyc 5,000 − 80,000 = −75,000 → commission 10% × −75,000 × 1.0 = −7,500.00;
        // total 3,100 − 7,500 = −4,400.00 → payable 0.00, carry_forward −4,400.00.
        let a3 = agent(r, "A3")
        XCTAssertEqual(a3.pay.commission.plain, "-7500.00")
        XCTAssertEqual(a3.kpiScore, 3000)
        XCTAssertEqual(a3.pay.total.plain, "-4400.00")
        XCTAssertEqual(a3.pay.payable.plain, "0.00")
        XCTAssertEqual(a3.pay.carryForward.plain, "-4400.00")
        // A4: hired the 17th → 15 of 31 days → base 3,100 × 15/31 = 1,500.00; score 85 → ×1.0 →
        // bonus 1,000 × 15/31 = 483.870… → 483.87.
        let a4 = agent(r, "A4")
        XCTAssertEqual(a4.activeDays, 15)
        XCTAssertEqual(a4.pay.base.plain, "1500.00")
        XCTAssertEqual(a4.pay.kpiBonus.plain, "483.87")
        // A5: terminated the 10th → 10 days → base 1,000.00, no bonus despite a score of 70.
        let a5 = agent(r, "A5")
        XCTAssertEqual(a5.activeDays, 10)
        XCTAssertEqual(a5.pay.base.plain, "1000.00")
        XCTAssertEqual(a5.kpiScore, 7000)
        XCTAssertEqual(a5.pay.kpiBonus.plain, "0.00")
        // M1 (organization basis): premium_b = 130,000 + 50,000 − 380,000 = −200,000, target_b 250,000
        // → volume 0; growth 0 → score 0.00, no bonus. Override 5% × (30,000 + 10,000) = 2,000.00.
        let m1 = agent(r, "M1")
        XCTAssertEqual(m1.premiumBasis.plain, "-200000.00")
        XCTAssertEqual(m1.targetBasis.plain, "250000.00")
        XCTAssertEqual(m1.kpiScore, 0)
        XCTAssertEqual(m1.pay.override.plain, "2000.00")
        XCTAssertEqual(m1.pay.total.plain, "8200.00")
        // D1: override 4% × 0 (M1) + 2% × 40,000 (A1, A2, A4, A5) + 1% × −75,000 (A3) = 800 − 750 = 50.00.
        let d1 = agent(r, "D1")
        XCTAssertEqual(d1.pay.override.plain, "50.00")
        XCTAssertEqual(d1.pay.total.plain, "50.00")
    }

    func testGrowthAndVolumeOnOrganizationBasisAreCapped() throws {
        // Without A3's cancellation: M1 premium_b = 200,000, target_b 250,000 → volume 80;
        // growth 100 × 200,000 / (100,000 × 1.05) = 190.47… → capped at 120 → (50×80 + 50×120)/100 = 100.00.
        let sales = Self.sales.replacingOccurrences(of: "\nP4,A3,2026-10-08,壽險,-400000.00,-80000.00", with: "")
        let m = MonthFixture(files: ["agents.csv": Self.agents, "sales.csv": sales, "targets.csv": Self.targets, "kpi.csv": Self.kpi], plan: Self.plan)
        let r = try XCTUnwrap(m.result())
        XCTAssertEqual(agent(r, "M1").kpiScore, 10000)
        XCTAssertEqual(agent(r, "M1").pay.kpiBonus.plain, "2400.00")
    }

    /// The roster-wide ranking's packed sort gives the order of the closure sort: value
    /// descending with nil last, ties by position — negative values, the extremes and ties included.
    func testPackedRankingSortIsTheClosureSortsOrder() {
        var seed: UInt64 = 7
        func next(_ n: UInt64) -> UInt64 { seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return (seed >> 33) % n }
        let pool: [Int64?] = [nil, 0, 1, -1, Int64.max, Int64.min, 250_000, -250_000, 99]
        let count = 3000
        let values: [Int64?] = (0..<count).map { _ in next(4) == 0 ? pool[Int(next(UInt64(pool.count)))] : Int64(next(40)) - 20 }
        var generator = SampleRandom(seed: 11)
        let position = Array((0..<count).shuffled(using: &generator))
        let indices = (0..<count).filter { $0 % 7 != 3 }
        let closure = CompetitionRanking.sorted(indices, value: { values[$0] }, before: { position[$0] < position[$1] })
        XCTAssertEqual(CompetitionRanking.sorted(indices, values: values, position: position), closure)
        // the values handed back from the sort's keys are the values themselves (Int64.min and .max included)
        let pairs = CompetitionRanking.sortedWithValues(indices, values: values, position: position)
        XCTAssertEqual(pairs.map(\.index), closure)
        XCTAssertTrue(pairs.allSatisfy { $0.value == values[$0.index] })
        XCTAssertTrue(pairs.contains { $0.value == Int64.min } && pairs.contains { $0.value == Int64.max })
        XCTAssertEqual(values[closure.first!], Int64.max)
        XCTAssertNil(values[closure.last!])
    }

    func testKPIScoreWithDecimalWeightsIsTheExactWeightedMean() throws {
        // Weights 33.3 and 66.7 (SPEC: they sum to 100).
        // A1: (33.3 × 120 + 66.7 × 90) / 100 = (3,996 + 6,003) / 100 = 99.99;
        // A3: volume 0 (cancelled below zero), planning 75 → 66.7 × 75 / 100 = 50.025 exactly → half-up 50.03;
        // A2: no kpi row → volume 50 alone, re-weighted → 50.00.
        let plan = Self.plan.replacingOccurrences(of: "volume = 60\nplanning = 40", with: "volume = 33.3\nplanning = 66.7")
        XCTAssertNotEqual(plan, Self.plan)
        let m = MonthFixture(files: ["agents.csv": Self.agents, "sales.csv": Self.sales, "targets.csv": Self.targets, "kpi.csv": Self.kpi], plan: plan)
        let r = try XCTUnwrap(m.result())
        XCTAssertEqual(agent(r, "A1").kpiScore, 9999)
        XCTAssertEqual(agent(r, "A3").kpiScore, 5003)
        XCTAssertEqual(agent(r, "A2").kpiScore, 5000)
        // the weights the score sums over: whole numbers in the same proportions
        let whole = KPIScoring.wholeWeights([(.volume, Fraction(decimal: "33.3")!), (.planning, Fraction(decimal: "66.75")!), (.admin, Fraction(decimal: "1e-2")!)])
        XCTAssertEqual(whole.map(\.weight), [Fraction(3330), Fraction(6675), Fraction(1)])
        XCTAssertEqual(whole.map(\.dimension), [.volume, .planning, .admin])
    }

    func testCommissionCapAppliesToCommissionOnly() throws {
        let plan = Self.plan.replacingOccurrences(of: "[commission]\n", with: "[commission]\ncap = 3000\n")
        let m = MonthFixture(files: ["agents.csv": Self.agents, "sales.csv": Self.sales, "targets.csv": Self.targets, "kpi.csv": Self.kpi], plan: plan)
        let r = try XCTUnwrap(m.result())
        XCTAssertEqual(agent(r, "A1").pay.commission.plain, "3000.00")
        XCTAssertEqual(agent(r, "M1").pay.override.plain, "2000.00")
    }

    func testRankingsTeamsAndDirectors() throws {
        let r = try XCTUnwrap(month.result())
        let overall = r.rankings.filter { $0.scope == "overall" }
        // premium: A1 130,000; A2 50,000; A4 0 and A5 0 tie (by agent_id); A3 −380,000.
        XCTAssertEqual(overall.map { r.month.agents[$0.agentIndex].id }, ["A1", "A2", "A4", "A5", "A3"])
        XCTAssertEqual(overall.map(\.rank), [1, 2, 3, 3, 5])
        // Teams by premium: T0 0 and T2 0 tie (by name), T1 −200,000.
        XCTAssertEqual(r.teams.map(\.name), ["T0", "T2", "T1"])
        XCTAssertEqual(r.teams.map(\.rank), [1, 1, 3])
        let t1 = r.teams[2]
        XCTAssertEqual(t1.headcount, 4)
        XCTAssertEqual(t1.activeAgents, 3)
        XCTAssertEqual(t1.target?.plain, "250000.00")
        XCTAssertEqual(t1.perCapitaPremium?.plain, "-50000.00")
        // the overview's figures are one more group row: all 7 active people, premium
        // 130,000 + 50,000 + 20,000 − 400,000, P1–P3 new, A1–A3 active sellers
        XCTAssertEqual(r.company.headcount, 7)
        XCTAssertEqual(r.company.premium.plain, "-200000.00")
        XCTAssertEqual(r.company.newPolicies, 3)
        XCTAssertEqual(r.company.activeAgents, 3)
        XCTAssertEqual(r.company.perCapitaPremium?.plain, "-28571.43")
        XCTAssertEqual(r.totals.headcount, 7)
        XCTAssertEqual(t1.attainment, Fraction(-4, 5))
        XCTAssertEqual(t1.agentIndex.map { r.month.agents[$0].id }, "M1", "the most senior member manages the team")
        XCTAssertNil(r.teams[1].agentIndex, "a team of agents only has no manager")
        XCTAssertNil(r.teams[1].target)
        XCTAssertEqual(r.directors.count, 1)
        XCTAssertEqual(r.directors[0].headcount, 7)
        XCTAssertEqual(r.directors[0].premium.plain, "-200000.00")
    }

    func testAttainmentTiesAtFourDecimalsAndNullsLast() throws {
        let plan = Self.plan.replacingOccurrences(of: "[override]", with: "[ranking]\nmetric = \"attainment\"\n[override]")
        let targets = "agent_id,target_premium\nA1,1000\nA2,1000\nA3,1000\n"
        let sales = Self.salesHeader + "\nP1,A1,2026-10-05,x,500.04,1\nP2,A2,2026-10-05,x,500.01,1\nP3,A3,2026-10-05,x,600.00,1\n"
        let m = MonthFixture(files: ["agents.csv": Self.agents, "sales.csv": sales, "targets.csv": targets], plan: plan)
        let r = try XCTUnwrap(m.result())
        let overall = r.rankings.filter { $0.scope == "overall" }
        XCTAssertEqual(overall.map { r.month.agents[$0.agentIndex].id }, ["A3", "A1", "A2", "A4", "A5"])
        XCTAssertEqual(overall.map(\.rank), [1, 2, 2, nil, nil], "0.50004 and 0.50001 tie at 0.5000")
    }

    func testReconciliationOfPayoutsAndGroups() throws {
        let r = try XCTUnwrap(month.result())
        for a in r.agents {
            XCTAssertEqual(a.pay.total, a.pay.base + a.pay.commission + a.pay.kpiBonus + a.pay.override)
            XCTAssertEqual(a.pay.total, a.pay.payable + a.pay.carryForward)
        }
        for t in r.teams + r.regions {
            XCTAssertEqual(t.premium, t.members.reduce(Money.zero) { $0 + r.agents[$1].premium })
            XCTAssertEqual(t.fyc, t.members.reduce(Money.zero) { $0 + r.agents[$1].fyc })
        }
        XCTAssertEqual(r.teams.reduce(0) { $0 + $1.headcount }, r.agents.filter { $0.activeDays > 0 }.count)
        for d in r.directors {
            XCTAssertEqual(d.premium, d.members.reduce(Money.zero) { $0 + r.agents[$1].premium })
            XCTAssertEqual(d.activeAgents, d.members.filter { r.agents[$0].newPolicies >= 1 }.count)
            XCTAssertEqual(d.target, d.members.compactMap { r.agents[$0].target }.reduce(Money?.none) { ($0 ?? .zero) + $1 })
        }
    }

    static let salesHeader = MonthFixture.salesHeader
}

/// The sample generator's SplitMix64, for shuffles in tests.
extension SampleRandom: RandomNumberGenerator {}
