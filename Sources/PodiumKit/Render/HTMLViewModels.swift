/// Builds the contexts of the HTML templates: every string formatted, every link resolved,
/// nothing left for a template to compute (STYLE habit 5).
struct HTMLViewModels {
    let result: CloseResult
    let plan: Plan
    let run: RunContext
    let t: Labels
    let fmt: DisplayFormat
    let teamPages: PageNames
    let agentPages: PageNames
    /// Warnings by agent index (from agents.csv lines).
    let warningsByAgent: [Int: [Diagnostic]]
    /// Agent index by agents.csv line.
    let agentByLine: [Int: Int]

    init(result: CloseResult, plan: Plan, run: RunContext) {
        self.result = result
        self.plan = plan
        self.run = run
        t = Labels(plan.locale)
        fmt = DisplayFormat(plan: plan)
        // File names only for pages that are written (a national roster's names take a while).
        teamPages = PageNames(keys: plan.groupPages ? result.teams.map(\.name) : [])
        agentPages = PageNames(keys: plan.statements || plan.groupPages ? result.month.agents.map(\.id) : [])
        let lineToAgent = Dictionary(result.month.agents.enumerated().map { ($0.element.line, $0.offset) }, uniquingKeysWith: { a, _ in a })
        agentByLine = lineToAgent
        var w: [Int: [Diagnostic]] = [:]
        for d in result.diagnostics where d.file == .agents && d.severity == .warning && d.column == nil {
            if let line = d.line, let i = lineToAgent[line] { w[i, default: []].append(d) }
        }
        warningsByAgent = w
    }

    var agents: [Agent] { result.month.agents }

    func teamFile(_ team: String) -> String { "teams/\(teamPages[team]).html" }
    func directorFile(_ i: Int) -> String { "directors/\(agentPages[agents[i].id]).html" }
    func statementFile(_ i: Int) -> String { "statements/\(agentPages[agents[i].id]).html" }
    var directorSet: Set<Int> { Set(result.directors.compactMap(\.agentIndex)) }

    func roleLabel(_ key: String) -> String { plan.roles.first { $0.key == key }?.label ?? key }

    // MARK: page frame

    func page(title: String, subtitle: String, root: String) -> [String: Any] {
        [
            "lang": plan.locale.rawValue, "title": title, "subtitle": subtitle, "root": root, "is_sub": !root.isEmpty,
            "t": t.strings, "plan_name": plan.name, "period": t.month(result.month.period),
            "generated": run.generatedAt, "has_generated": !run.generatedAt.isEmpty,
        ]
    }

    // MARK: shared pieces

    func tiles(premium: Money, target: Money?, prior: Money?, fyc: Money, newPolicies: Int, headcount: Int,
               active: Int, perCapita: Money?, attainment: Fraction?) -> [[String: String]] {
        let growth: Fraction? = prior.flatMap { $0.cents > 0 ? premium.fraction / $0.fraction - .one : nil }
        return [
            ["label": t["premium"], "value": fmt.money(premium), "note": "\(t["target"]) \(fmt.money(target)) · \(t["attainment"]) \(fmt.percent(attainment))"],
            ["label": t["prior"], "value": fmt.money(prior), "note": "\(t["growth"]) \(fmt.percent(growth))"],
            ["label": t["fyc"], "value": fmt.money(fyc), "note": "\(t["new_policies"]) \(fmt.count(newPolicies))"],
            ["label": t["headcount"], "value": fmt.count(headcount), "note": "\(t["active_agents"]) \(fmt.count(active)) · \(t["activity_rate"]) \(fmt.percent(headcount > 0 ? Fraction(active) / Fraction(headcount) : nil))"],
            ["label": t["per_capita"], "value": fmt.money(perCapita), "note": ""],
        ]
    }

    /// People ranked by premium (ties by agent_id), with their pay, linked to statements.
    func peopleRows(_ members: [Int], root: String) -> [[String: Any]] {
        let sorted = members.sorted {
            let a = result.agents[$0].premium, b = result.agents[$1].premium
            return a != b ? a > b : agents[$0].id.utf8.lexicographicallyPrecedes(agents[$1].id.utf8)
        }
        var rows: [[String: Any]] = []
        var previous: Money?
        var rank = 0
        for (pos, i) in sorted.enumerated() {
            let r = result.agents[i], a = agents[i]
            if previous != r.premium { rank = pos + 1; previous = r.premium }
            rows.append([
                "rank": String(rank), "agent_id": a.id, "name": a.name, "role": roleLabel(a.role), "team": a.team,
                "link": plan.statements ? root + statementFile(i) : "", "has_link": plan.statements,
                "premium": fmt.money(r.premium), "fyc": fmt.money(r.fyc), "new_policies": fmt.count(r.newPolicies),
                "attainment": fmt.percent(r.attainment), "kpi_score": fmt.score(r.kpiScore),
                "payable": fmt.money(r.pay.payable), "negative": r.premium.cents < 0,
            ])
        }
        return rows
    }

    func groupRows(_ groups: [GroupRow], link: (GroupRow) -> String?) -> [[String: Any]] {
        groups.map { g in
            let l = link(g)
            return [
                "rank": g.rank.map(String.init) ?? "—", "name": g.name, "link": l ?? "", "has_link": l != nil,
                "manager": g.agentIndex.map { agents[$0].name } ?? "—",
                "headcount": fmt.count(g.headcount), "active_agents": fmt.count(g.activeAgents),
                "premium": fmt.money(g.premium), "fyc": fmt.money(g.fyc), "target": fmt.money(g.target),
                "attainment": fmt.percent(g.attainment), "per_capita": fmt.money(g.perCapitaPremium),
                "activity_rate": fmt.percent(g.activityRate),
            ]
        }
    }

    func warningRows(_ members: [Int]) -> [[String: String]] {
        members.sorted().flatMap { i in
            (warningsByAgent[i] ?? []).map {
                ["agent_id": agents[i].id, "name": agents[i].name, "code": $0.code, "message": $0.message]
            }
        }
    }

    func totals(_ members: [Int]) -> (premium: Money, fyc: Money, target: Money?, prior: Money?, newPolicies: Int, active: Int) {
        var premium = Money.zero, fyc = Money.zero
        var target: Money?, prior: Money?
        var newPolicies = 0, active = 0
        for i in members {
            let r = result.agents[i]
            premium += r.premium
            fyc += r.fyc
            if let x = r.target { target = (target ?? .zero) + x }
            if let x = r.prior { prior = (prior ?? .zero) + x }
            newPolicies += r.newPolicies
            if r.newPolicies >= 1 { active += 1 }
        }
        return (premium, fyc, target, prior, newPolicies, active)
    }

    func groupTiles(_ members: [Int]) -> [[String: String]] {
        let s = totals(members)
        let attainment: Fraction? = s.target.flatMap { $0.cents > 0 ? s.premium.fraction / $0.fraction : nil }
        let perCapita = members.isEmpty ? nil : Money(rounding: s.premium.fraction / Fraction(members.count), plan.rounding)
        return tiles(premium: s.premium, target: s.target, prior: s.prior, fyc: s.fyc, newPolicies: s.newPolicies,
                     headcount: members.count, active: s.active, perCapita: perCapita, attainment: attainment)
    }
}
