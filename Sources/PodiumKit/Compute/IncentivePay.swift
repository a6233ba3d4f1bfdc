import BigInt

/// What the plan sets for one role in one market (SPEC §3.2–§3.4), looked up once per pair:
/// a national roster has hundreds of thousands of agents and a handful of pairs, and each
/// lookup by role is a hashed `String`.
struct PayRules: Sendable {
    let basis: VolumeBasis
    let weights: [KPIDimension: Fraction]
    /// The dimensions weighted above zero, with their weights made whole numbers in the same
    /// proportions (what the KPI score sums over: only the weights' ratios count in Σ w·s / Σ w,
    /// and whole weights need no common denominator in its sums).
    let positiveWeights: [(dimension: KPIDimension, weight: Fraction)]
    let growthTarget: Fraction?
    let salary: Fraction
    let rate: Fraction
    let bonusTarget: Fraction
    let overrideRates: [Fraction]

    init(plan: Plan, role: String, market: Market) {
        basis = plan.volumeBasis(of: role)
        let weights = plan.weights(role: role, market: market) ?? [:]
        self.weights = weights
        positiveWeights = Self.whole(KPIDimension.allCases.compactMap { d in weights[d].flatMap { $0 > .zero ? (d, $0) : nil } })
        growthTarget = plan.growthTarget[market]
        salary = plan.baseSalary[role]?[market] ?? .zero
        rate = plan.commissionRate[role]?[market] ?? .zero
        bonusTarget = plan.bonusTarget[role] ?? .zero
        overrideRates = plan.override[role] ?? []
    }

    /// The weights times the least common multiple of their denominators (0.25, 0.3 → 5, 6).
    static func whole(_ weights: [(dimension: KPIDimension, weight: Fraction)]) -> [(dimension: KPIDimension, weight: Fraction)] {
        var multiple = BigInt(1)
        for (_, w) in weights {
            let d = w.denominator
            multiple = multiple / multiple.greatestCommonDivisor(with: d) * d
        }
        let m = Fraction(multiple)
        return weights.map { ($0.dimension, $0.weight * m) }
    }
}

/// `PayRules` for every role of the plan in every market.
struct PayRuleTable: Sendable {
    private let roles: [String]
    private let rules: [[PayRules]]
    private let plan: Plan

    init(plan: Plan) {
        self.plan = plan
        roles = plan.roles.map(\.key)
        rules = roles.map { role in Market.allCases.map { PayRules(plan: plan, role: role, market: $0) } }
    }

    /// An agent's rules (its role is one of the plan's: the roster was checked against it).
    func rules(role: String, market: Market) -> PayRules {
        guard let r = roles.firstIndex(of: role), let m = Market.allCases.firstIndex(of: market) else {
            return PayRules(plan: plan, role: role, market: market)
        }
        return rules[r][m]
    }
}

/// The pay line items of SPEC §3.4, each computed exactly and rounded once.
enum IncentivePay {
    /// An agent's pay lines; with `trace`, the numbers behind them too (statements, `explain`).
    static func compute(agent a: Agent, result r: AgentResult, plan: Plan, rules: PayRules, periodDays: Int, period: Period,
                        commissionBasis: Int64, generationSums: ArraySlice<Int64>, trace: inout PayTrace?) -> PayLines {
        var pay = PayLines()
        let mode = plan.rounding
        let proration = Fraction(ratio: Int64(r.activeDays), Int64(periodDays))

        // 1. base
        let salary = rules.salary
        trace?.baseSalary = salary
        pay.base = Money(rounding: salary * proration, mode)

        // 2. commission
        let rate = rules.rate
        let b = Money(cents: commissionBasis)
        trace?.commissionBasis = b
        trace?.commissionRate = rate
        let mix = tierMix(basis: b, attainment: r.attainment, tiers: plan.tiers)
        trace?.tierMix = mix
        var commission = rate * b.fraction * mix
        trace?.commissionUncapped = commission
        if let cap = plan.commissionCap, cap < commission {
            commission = cap
            trace?.commissionCapped = true
        }
        pay.commission = Money(rounding: commission, mode)

        // 3. KPI bonus
        let target = rules.bonusTarget
        trace?.bonusTarget = target
        if let score = r.kpiScore {
            let scoreValue = Fraction(ratio: score, 100)
            let step = plan.bonusSteps.last { $0.min <= scoreValue }
            if a.terminated, let t = a.terminationDate, t <= period.end {
                trace?.bonusWhyZero = "terminated"
            } else if let step {
                trace?.bonusMultiplier = step.multiplier
                pay.kpiBonus = Money(rounding: target * step.multiplier * proration, mode)
            } else {
                trace?.bonusWhyZero = "below the first step"
            }
        } else {
            trace?.bonusWhyZero = "no KPI score"
        }

        // 4. override over generations below
        var override = Fraction.zero
        for (k, o) in rules.overrideRates.enumerated() {
            let sum = Money(cents: k < generationSums.count ? generationSums[generationSums.startIndex + k] : 0)
            trace?.overrideGenerations.append((o, sum))
            override = override + o * sum.fraction
        }
        pay.override = Money(rounding: override, mode)
        return pay
    }

    /// The trace of agent `i`'s pay lines in a computed month: the month's own computation run
    /// again for that agent, recording its numbers (the amounts are the ones in `result`).
    static func trace(of i: Int, in result: CloseResult, plan: Plan) -> PayTrace {
        let a = result.month.agents[i], r = result.agents[i]
        var trace: PayTrace? = PayTrace()
        guard r.activeDays > 0 else { return trace! }
        let sales = result.month.sales[i]
        let pay = compute(agent: a, result: r, plan: plan, rules: PayRules(plan: plan, role: a.role, market: a.market),
                          periodDays: result.month.period.days, period: result.month.period,
                          commissionBasis: plan.commissionBasisIsPremium ? sales.premium : sales.fyc,
                          generationSums: result.generationSums[i], trace: &trace)
        assert(pay.base == r.pay.base && pay.commission == r.pay.commission && pay.kpiBonus == r.pay.kpiBonus
               && pay.override == r.pay.override, "the trace of \(a.id) is not the month's computation")
        return trace!
    }

    /// Σ_k m_k × (min(a, upto_k) − upto_{k−1})⁺ / a when B > 0 and a > 0; else m_1.
    static func tierMix(basis: Money, attainment: Fraction?, tiers: [CommissionTier]) -> Fraction {
        let first = tiers.first?.multiplier ?? .one
        guard basis.cents > 0, let a = attainment, a > .zero else { return first }
        var sum = Fraction.zero
        var lower = Fraction.zero
        for tier in tiers {
            let upper = tier.upto.map { Fraction.min(a, $0) } ?? a
            if upper > lower { sum = sum + tier.multiplier * (upper - lower) }
            if let u = tier.upto { lower = u } else { break }
            if lower >= a { break }
        }
        return sum / a
    }
}
