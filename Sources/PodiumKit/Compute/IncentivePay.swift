/// The pay line items of SPEC §3.4, each computed exactly and rounded once.
enum IncentivePay {
    static func compute(agent a: Agent, result r: AgentResult, plan: Plan, periodDays: Int, period: Period,
                        commissionBasis: Int64, generationSums: [Int64]) -> PayLines {
        var pay = PayLines()
        let mode = plan.rounding
        let proration = Fraction(ratio: Int64(r.activeDays), Int64(periodDays))

        // 1. base
        let salary = plan.baseSalary[a.role]?[a.market] ?? .zero
        pay.baseSalary = salary
        pay.base = Money(rounding: salary * proration, mode)

        // 2. commission
        let rate = plan.commissionRate[a.role]?[a.market] ?? .zero
        let b = Money(cents: commissionBasis)
        pay.commissionBasis = b
        pay.commissionRate = rate
        let mix = tierMix(basis: b, attainment: r.attainment, tiers: plan.tiers)
        pay.tierMix = mix
        var commission = rate * b.fraction * mix
        pay.commissionUncapped = commission
        if let cap = plan.commissionCap, cap < commission {
            commission = cap
            pay.commissionCapped = true
        }
        pay.commission = Money(rounding: commission, mode)

        // 3. KPI bonus
        let target = plan.bonusTarget[a.role] ?? .zero
        pay.bonusTarget = target
        if let score = r.kpiScore {
            let scoreValue = Fraction(ratio: score, 100)
            let step = plan.bonusSteps.last { $0.min <= scoreValue }
            if a.terminated, let t = a.terminationDate, t <= period.end {
                pay.bonusWhyZero = "terminated"
            } else if let step {
                pay.bonusMultiplier = step.multiplier
                pay.kpiBonus = Money(rounding: target * step.multiplier * proration, mode)
            } else {
                pay.bonusWhyZero = "below the first step"
            }
        } else {
            pay.bonusWhyZero = "no KPI score"
        }

        // 4. override over generations below
        let rates = plan.override[a.role] ?? []
        var override = Fraction.zero
        for (k, o) in rates.enumerated() {
            let sum = Money(cents: k < generationSums.count ? generationSums[k] : 0)
            pay.overrideGenerations.append((o, sum))
            override = override + o * sum.fraction
        }
        pay.override = Money(rounding: override, mode)
        return pay
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
