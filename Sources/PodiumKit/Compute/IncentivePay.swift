import BigInt

/// What the plan sets for one role in one market (SPEC §3.2–§3.4), looked up once per pair
/// and held in the number type the rules compute in (`ExactNumber`): a national roster has
/// hundreds of thousands of agents and a handful of pairs, and each lookup by role is a hashed
/// `String`. A class, so that an agent's rules are one reference and not a copy of five arrays.
final class PayRules<N: ExactNumber>: Sendable {
    let basis: VolumeBasis
    let weights: [KPIDimension: Fraction]
    /// The dimensions weighted above zero, with their weights made whole numbers in the same
    /// proportions (what the KPI score sums over: only the weights' ratios count in Σ w·s / Σ w,
    /// and whole weights need no common denominator in its sums).
    let positiveWeights: [(dimension: KPIDimension, weight: N)]
    let growthTarget: N?
    let salary: N
    let rate: N
    let bonusTarget: N
    let overrideRates: [N]
    /// The plan's numbers for every role: `kpi.cap`, the commission tiers and cap, the bonus steps.
    let kpiCap: N
    let tiers: [(upto: N?, multiplier: N)]
    let commissionCap: N?
    let bonusSteps: [(min: N, multiplier: N)]

    /// Throws when a plan number does not fit `N` (a `SmallRatio` holds every number a checked
    /// plan has — at most 10^12, at most 12 decimals — so this is a guard, not a path taken).
    init(plan: Plan, role: String, market: Market) throws(ArithmeticOverflow) {
        basis = plan.volumeBasis(of: role)
        let weights = plan.weights(role: role, market: market) ?? [:]
        self.weights = weights
        positiveWeights = try KPIScoring.wholeWeights(KPIDimension.allCases.compactMap { d in weights[d].flatMap { $0 > .zero ? (d, $0) : nil } })
            .map { pair throws(ArithmeticOverflow) in (pair.dimension, try N(exactly: pair.weight)) }
        growthTarget = try plan.growthTarget[market].map { v throws(ArithmeticOverflow) in try N(exactly: v) }
        salary = try N(exactly: plan.baseSalary[role]?[market] ?? .zero)
        rate = try N(exactly: plan.commissionRate[role]?[market] ?? .zero)
        bonusTarget = try N(exactly: plan.bonusTarget[role] ?? .zero)
        overrideRates = try (plan.override[role] ?? []).map { v throws(ArithmeticOverflow) in try N(exactly: v) }
        kpiCap = try N(exactly: plan.kpiCap)
        tiers = try Self.tiers(plan.tiers)
        commissionCap = try plan.commissionCap.map { v throws(ArithmeticOverflow) in try N(exactly: v) }
        bonusSteps = try plan.bonusSteps.map { s throws(ArithmeticOverflow) in (try N(exactly: s.min), try N(exactly: s.multiplier)) }
    }

    /// The plan's commission tiers in `N`.
    static func tiers(_ tiers: [CommissionTier]) throws(ArithmeticOverflow) -> [(upto: N?, multiplier: N)] {
        try tiers.map { t throws(ArithmeticOverflow) in
            (try t.upto.map { u throws(ArithmeticOverflow) in try N(exactly: u) }, try N(exactly: t.multiplier))
        }
    }
}

extension PayRules where N == Fraction {
    /// The rules in `Fraction`, which holds every plan number.
    static func exact(plan: Plan, role: String, market: Market) -> PayRules<Fraction> {
        ExactArithmetic.cannotOverflow { () throws(ArithmeticOverflow) in try PayRules(plan: plan, role: role, market: market) }
    }
}

/// Runs computations in `Fraction`, whose steps never throw `ArithmeticOverflow`.
enum ExactArithmetic {
    static func cannotOverflow<T>(_ body: () throws(ArithmeticOverflow) -> T) -> T {
        do { return try body() } catch { preconditionFailure("Fraction arithmetic does not overflow") }
    }
}

/// `PayRules` for every role of the plan in every market, in both number types.
struct PayRuleTable: Sendable {
    private let roles: [String]
    /// At role × markets + market (one flat array: a nested one retained and released a row per
    /// look-up); nil when some plan number does not fit a `SmallRatio`.
    private let small: [PayRules<SmallRatio>]?
    private let exact: [PayRules<Fraction>]
    private let plan: Plan

    init(plan: Plan) {
        self.plan = plan
        let roles = plan.roles.map(\.key)
        self.roles = roles
        exact = roles.flatMap { role in Market.allCases.map { PayRules.exact(plan: plan, role: role, market: $0) } }
        small = try? roles.flatMap { role throws(ArithmeticOverflow) in
            try Market.allCases.map { m throws(ArithmeticOverflow) in try PayRules<SmallRatio>(plan: plan, role: role, market: m) }
        }
    }

    /// An agent's rules in `SmallRatio` (nil when the plan's numbers do not fit) and in `Fraction`.
    /// Its role is one of the plan's: the roster was checked against it.
    func rules(role: String, market: Market) -> (small: PayRules<SmallRatio>?, exact: PayRules<Fraction>) {
        rules(rolePosition: roles.firstIndex(of: role) ?? -1, role: role, market: market)
    }

    /// The same, for a role already found at `rolePosition` of the plan's roles (`RoleTable`).
    func rules(rolePosition r: Int, role: String, market: Market) -> (small: PayRules<SmallRatio>?, exact: PayRules<Fraction>) {
        guard r >= 0 && r < roles.count, let m = Market.allCases.firstIndex(of: market) else {
            return (try? PayRules<SmallRatio>(plan: plan, role: role, market: market), PayRules.exact(plan: plan, role: role, market: market))
        }
        let k = r * Market.allCases.count + m
        return (small?[k], exact[k])
    }
}

/// The pay line items of SPEC §3.4, each computed exactly and rounded once.
enum IncentivePay {
    /// An agent's KPI score and pay lines, into `r` (whose sums, days and carried-in balance are
    /// set): in `SmallRatio` when every step fits, else in `Fraction` — the same exact values.
    static func fill(_ r: inout AgentResult, agent a: Agent, kpi: KPIRow?, visits: VisitTotals?,
                     rules: (small: PayRules<SmallRatio>?, exact: PayRules<Fraction>), plan: Plan, period: Period,
                     commissionBasis: Int64, generationSums: ArraySlice<Int64>) {
        var noTrace: PayTrace? = nil
        // in place, not on a copy of the result: the score changes `r` only when none of its
        // steps overflowed, and the pay lines are set last, so a run that throws leaves values
        // the run in `Fraction` computes again (the same exact values)
        func run<N: ExactNumber>(_ rules: PayRules<N>) throws(ArithmeticOverflow) {
            try KPIScoring.score(&r, kpi: kpi, visits: visits, rules: rules, plan: plan)
            var pay = try compute(agent: a, result: r, plan: plan, rules: rules, period: period,
                                  commissionBasis: commissionBasis, generationSums: generationSums, trace: &noTrace)
            pay.carriedIn = r.pay.carriedIn
            r.pay = pay
        }
        if let small = rules.small, (try? run(small)) != nil { return }
        ExactArithmetic.cannotOverflow { () throws(ArithmeticOverflow) in try run(rules.exact) }
    }

    /// An agent's pay lines; with `trace`, the numbers behind them too (statements, `explain`).
    static func compute<N: ExactNumber>(agent a: Agent, result r: AgentResult, plan: Plan, rules: PayRules<N>, period: Period,
                                        commissionBasis: Int64, generationSums: ArraySlice<Int64>,
                                        trace: inout PayTrace?) throws(ArithmeticOverflow) -> PayLines {
        var pay = PayLines()
        let mode = plan.rounding
        let proration = N(ratio: Int64(r.activeDays), Int64(period.days))

        // 1. base
        let salary = rules.salary
        trace?.baseSalary = salary.fraction
        pay.base = try (salary * proration).cents(mode)

        // 2. commission
        let rate = rules.rate
        let b = Money(cents: commissionBasis)
        trace?.commissionBasis = b
        trace?.commissionRate = rate.fraction
        let mix = try tierMix(basis: b, attainment: r.attainment(as: N.self), tiers: rules.tiers)
        trace?.tierMix = mix.fraction
        var commission = try rate * N(ratio: b.cents, 100) * mix
        trace?.commissionUncapped = commission.fraction
        if let cap = rules.commissionCap, try N.isLess(cap, commission) {
            commission = cap
            trace?.commissionCapped = true
        }
        pay.commission = try commission.cents(mode)

        // 3. KPI bonus
        let target = rules.bonusTarget
        trace?.bonusTarget = target.fraction
        if let score = r.kpiScore {
            let scoreValue = N(ratio: score, 100)
            var step: (min: N, multiplier: N)?
            for s in rules.bonusSteps.reversed() {
                if try !N.isLess(scoreValue, s.min) { step = s; break }
            }
            if a.terminated, let t = a.terminationDate, t <= period.end {
                trace?.bonusWhyZero = "terminated"
            } else if let step {
                trace?.bonusMultiplier = step.multiplier.fraction
                pay.kpiBonus = try (target * step.multiplier * proration).cents(mode)
            } else {
                trace?.bonusWhyZero = "below the first step"
            }
        } else {
            trace?.bonusWhyZero = "no KPI score"
        }

        // 4. override over generations below
        var override = N.zero
        for (k, o) in rules.overrideRates.enumerated() {
            let sum = Money(cents: k < generationSums.count ? generationSums[generationSums.startIndex + k] : 0)
            trace?.overrideGenerations.append((o.fraction, sum))
            override = try override + o * N(ratio: sum.cents, 100)
        }
        pay.override = try override.cents(mode)
        return pay
    }

    /// The trace of agent `i`'s pay lines in a computed month: the month's own computation run
    /// again for that agent, recording its numbers (the amounts are the ones in `result`).
    static func trace(of i: Int, in result: CloseResult, plan: Plan) -> PayTrace {
        let a = result.month.agents[i], r = result.agents[i]
        var trace: PayTrace? = PayTrace()
        guard r.activeDays > 0 else { return trace! }
        let sales = result.month.sales[i]
        let pay = ExactArithmetic.cannotOverflow { () throws(ArithmeticOverflow) in
            try compute(agent: a, result: r, plan: plan, rules: PayRules.exact(plan: plan, role: a.role, market: a.market),
                        period: result.month.period,
                        commissionBasis: plan.commissionBasisIsPremium ? sales.premium : sales.fyc,
                        generationSums: result.generationSums[i], trace: &trace)
        }
        assert(pay.base == r.pay.base && pay.commission == r.pay.commission && pay.kpiBonus == r.pay.kpiBonus
               && pay.override == r.pay.override, "the trace of \(a.id) is not the month's computation")
        return trace!
    }

    /// Σ_k m_k × (min(a, upto_k) − upto_{k−1})⁺ / a when B > 0 and a > 0; else m_1.
    static func tierMix<N: ExactNumber>(basis: Money, attainment: N?, tiers: [(upto: N?, multiplier: N)]) throws(ArithmeticOverflow) -> N {
        let first = tiers.first?.multiplier ?? .one
        guard basis.cents > 0, let a = attainment, a.isPositive else { return first }
        var sum = N.zero
        var lower = N.zero
        for tier in tiers {
            let upper = try tier.upto.map { u throws(ArithmeticOverflow) in try N.min(a, u) } ?? a
            if try N.isLess(lower, upper) { sum = try sum + tier.multiplier * (upper - lower) }
            if let u = tier.upto { lower = u } else { break }
            if try !N.isLess(lower, a) { break }
        }
        return try sum / a
    }
}
