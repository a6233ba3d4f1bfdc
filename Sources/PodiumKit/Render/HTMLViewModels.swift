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
    /// Warnings by agent index (from agents.csv lines), for the team and director pages.
    let warningsByAgent: [Int: [Diagnostic]]
    /// The words of pay formulas (one set per run, not per statement).
    let formulaWords: PayFormulas.Words
    /// `statements/ID.html` by agent index (empty when no page links to statements).
    let statementFiles: [String]
    /// The position of each agent's row in `result.honors`.
    let honorIndex: [Int: Int]

    init(result: CloseResult, plan: Plan, run: RunContext) {
        self.result = result
        self.plan = plan
        self.run = run
        t = Labels(plan.locale)
        fmt = DisplayFormat(plan: plan)
        // File names only for pages that are written (a national roster's names take a while).
        teamPages = PageNames(keys: plan.groupPages ? result.teams.map(\.name) : [])
        agentPages = PageNames(keys: plan.statements || plan.groupPages ? result.month.agents.map(\.id) : [])
        formulaWords = t.formulaWords
        let pages = agentPages
        statementFiles = plan.statements ? result.month.agents.map { "statements/\(pages[$0.id]).html" } : []
        assert(zip(result.month.agents, result.month.agents.dropFirst()).allSatisfy { $0.line < $1.line },
               "the roster is in the file's order")
        var w: [Int: [Diagnostic]] = [:]
        if plan.groupPages {
            for d in result.diagnostics where d.file == .agents && d.severity == .warning && d.column == nil {
                if let line = d.line, let i = Self.agent(atLine: line, in: result.month.agents) { w[i, default: []].append(d) }
            }
        }
        warningsByAgent = w
        honorIndex = Dictionary(result.honors.enumerated().map { ($0.element.agentIndex, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    var agents: [Agent] { result.month.agents }

    /// The kept agent of an agents.csv line, if any: the roster keeps the file's order, so its
    /// lines increase and a binary search finds it (no dictionary of a national roster's lines).
    static func agent(atLine line: Int, in agents: [Agent]) -> Int? {
        var low = 0, high = agents.count
        while low < high {
            let mid = (low + high) / 2
            if agents[mid].line < line { low = mid + 1 } else { high = mid }
        }
        return low < agents.count && agents[low].line == line ? low : nil
    }

    func agent(atLine line: Int) -> Int? { Self.agent(atLine: line, in: agents) }

    func teamFile(_ team: String) -> String { "teams/\(teamPages[team]).html" }
    func directorFile(_ i: Int) -> String { "directors/\(agentPages[agents[i].id]).html" }
    func statementFile(_ i: Int) -> String { i < statementFiles.count ? statementFiles[i] : "statements/\(agentPages[agents[i].id]).html" }
    var directorSet: Set<Int> { Set(result.directors.compactMap(\.agentIndex)) }

    func roleLabel(_ key: String) -> String { plan.roles.first { $0.key == key }?.label ?? key }

    // MARK: page frame

    func page(title: String, subtitle: String, root: String) -> PageObject {
        var c: PageObject = [
            .lang: .text(plan.locale.rawValue), .title: .text(title), .subtitle: .text(subtitle), .root: .text(root),
            .is_sub: .flag(!root.isEmpty), .t: .labels(t), .plan_name: .text(plan.name),
            .period: .text(t.month(result.month.period)), .generated: .text(run.generatedAt), .has_generated: .flag(!run.generatedAt.isEmpty),
        ]
        c.reserve(16)  // what each page adds
        return c
    }

    // MARK: shared pieces

    /// The tiles of a group's figures, all computed by `GroupTables` (the same as its CSV row).
    func tiles(_ g: GroupRow) -> [PageObject] {
        let premium = g.premium, target = g.target, attainment = g.attainment, prior = g.prior, growth = g.growth
        let fyc = g.fyc, newPolicies = g.newPolicies, headcount = g.headcount, active = g.activeAgents, perCapita = g.perCapitaPremium
        return [
            tile(t["premium"], fmt.money(premium), "\(t["target"]) \(fmt.money(target)) · \(t["attainment"]) \(fmt.percent(attainment))"),
            tile(t["prior"], fmt.money(prior), "\(t["growth"]) \(fmt.percent(growth))"),
            tile(t["fyc"], fmt.money(fyc), "\(t["new_policies"]) \(fmt.count(newPolicies))"),
            tile(t["headcount"], fmt.count(headcount), "\(t["active_agents"]) \(fmt.count(active)) · \(t["activity_rate"]) \(fmt.percent(g.activityRate))"),
            tile(t["per_capita"], fmt.money(perCapita), ""),
        ]
    }

    func tile(_ label: String, _ value: String, _ note: String) -> PageObject {
        [.label: .text(label), .value: .text(value), .note: .text(note)]
    }

    /// A row of a two-column table (facts, the sales summary).
    func labelled(_ label: String, _ value: String) -> PageObject {
        [.label: .text(label), .value: .text(value)]
    }

    /// People ranked by premium (ties by agent_id), with their pay, linked to statements.
    func peopleRows(_ members: [Int], root: String) -> [PageObject] {
        let sorted = members.sorted {
            let a = result.agents[$0].premium, b = result.agents[$1].premium
            return a != b ? a > b : agents[$0].id.utf8.lexicographicallyPrecedes(agents[$1].id.utf8)
        }
        var rows: [PageObject] = []
        rows.reserveCapacity(sorted.count)
        var previous: Money?
        var rank = 0
        for (pos, i) in sorted.enumerated() {
            let r = result.agents[i], a = agents[i]
            if previous != r.premium { rank = pos + 1; previous = r.premium }
            rows.append([
                .rank: .text(String(rank)), .agent_id: .text(a.id), .name: .text(a.name), .role: .text(roleLabel(a.role)), .team: .text(a.team),
                .link: .text(plan.statements ? root + statementFile(i) : ""), .has_link: .flag(plan.statements),
                .premium: .text(fmt.money(r.premium)), .fyc: .text(fmt.money(r.fyc)), .new_policies: .text(fmt.count(r.newPolicies)),
                .attainment: .text(fmt.percent(r.attainment)), .kpi_score: .text(fmt.score(r.kpiScore)),
                .payable: .text(fmt.money(r.pay.payable)), .negative: .flag(r.premium.cents < 0),
            ])
        }
        return rows
    }

    func groupRows(_ groups: [GroupRow], link: (GroupRow) -> String?) -> [PageObject] {
        groups.map { g in
            let l = link(g)
            return [
                .rank: .text(g.rank.map(String.init) ?? "—"), .name: .text(g.name), .link: .text(l ?? ""), .has_link: .flag(l != nil),
                .manager: .text(g.agentIndex.map { agents[$0].name } ?? "—"),
                .headcount: .text(fmt.count(g.headcount)), .active_agents: .text(fmt.count(g.activeAgents)),
                .premium: .text(fmt.money(g.premium)), .fyc: .text(fmt.money(g.fyc)), .target: .text(fmt.money(g.target)),
                .attainment: .text(fmt.percent(g.attainment)), .per_capita: .text(fmt.money(g.perCapitaPremium)),
                .activity_rate: .text(fmt.percent(g.activityRate)),
            ]
        }
    }

    func warningRows(_ members: [Int]) -> [PageObject] {
        members.sorted().flatMap { i in
            (warningsByAgent[i] ?? []).map {
                [.agent_id: .text(agents[i].id), .name: .text(agents[i].name), .code: .text($0.code), .message: .text($0.message)] as PageObject
            }
        }
    }
}
