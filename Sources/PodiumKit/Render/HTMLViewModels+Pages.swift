extension HTMLViewModels {

    // MARK: index.html

    func index() -> PageObject {
        var c = page(title: t["report_title"], subtitle: "\(t.month(result.month.period)) · \(plan.name)", root: "")
        var tiles = tiles(result.company)
        let totals = payTotals()
        let pay = totals.all.pay, payable = totals.all.payable, carry = totals.all.carryForward
        tiles.append(tile(t["payable"], fmt.money(payable),
                          "\(t["base"]) \(fmt.money(pay.base)) · \(t["commission"]) \(fmt.money(pay.commission)) · \(t["kpi_bonus"]) \(fmt.money(pay.kpiBonus)) · \(t["override"]) \(fmt.money(pay.override))"))
        tiles.append(tile(t["carry_forward"], fmt.money(carry),
                          result.previous == nil ? t["no_previous"] : "\(t["carried_in"]) \(fmt.money(pay.carriedIn))"))
        c[.tiles] = .list(tiles)
        c[.charts] = .list(charts(totals))
        let overall = result.rankings.filter { $0.scope == "overall" && $0.rank != nil }.prefix(20)
        let metric = plan.rankingMetric
        c[.metric_label] = .text(metricLabel(metric))
        c[.has_movement] = .flag(result.previous != nil)
        c[.leaders] = .list(overall.map { row -> PageObject in
            let a = agents[row.agentIndex]
            return [.rank: .text(String(row.rank!)), .agent_id: .text(a.id), .name: .text(a.name), .team: .text(a.team), .region: .text(a.region),
                    .link: .text(plan.statements ? statementFile(row.agentIndex) : ""), .has_link: .flag(plan.statements),
                    .value: .text(metricText(metric, row.agentIndex)), .movement: .text(movement(rank: row.rank, previous: row.previousRank))]
        })
        c[.sections] = .list([monthOnMonth(), visitsSection(), honourRoll()].compactMap { $0 })
        // A national organization has tens of thousands of teams: the overview shows the first
        // `indexListLimit` of each ranking and says where the rest are.
        var teams: PageObject = [.caption: .text(t["teams"]), .name_header: .text(t["team"]), .manager_header: .text(t["manager"]), .with_manager: .flag(true),
                                 .rows: .list(groupRows(Array(result.teams.prefix(Self.indexListLimit))) { plan.groupPages ? teamFile($0.name) : nil })]
        var regions: PageObject = [.caption: .text(t["regions"]), .name_header: .text(t["region"]), .with_manager: .flag(false),
                                   .rows: .list(groupRows(Array(result.regions.prefix(Self.indexListLimit))) { _ in nil })]
        var directors: PageObject = [.caption: .text(t["directors"]), .name_header: .text(t["director"]), .with_manager: .flag(false),
                                     .rows: .list(groupRows(Array(result.directors.prefix(Self.indexListLimit))) { g in plan.groupPages ? g.agentIndex.map(directorFile) : nil })]
        teams[.more] = moreNote(result.teams.count, "teams.csv").map(PageValue.object)
        regions[.more] = moreNote(result.regions.count, "regions.csv").map(PageValue.object)
        directors[.more] = moreNote(result.directors.count, "directors.csv").map(PageValue.object)
        c[.teams_table] = .object(teams)
        c[.regions_table] = .object(regions)
        c[.directors_table] = .object(directors)
        c[.cost] = .list(costRows(totals))
        c[.health] = .list(healthSections())
        c.merge(dataQuality())
        return c
    }

    /// Rows of each ranking shown on the overview.
    static let indexListLimit = 100

    /// "Showing 100 of 25,000 — all in teams.csv", or nil when everything is shown.
    func moreNote(_ total: Int, _ file: String) -> PageObject? {
        guard total > Self.indexListLimit else { return nil }
        return [.text: .text("\(t["showing"]) \(Self.indexListLimit) / \(fmt.count(total))"), .file: .text(file)]
    }

    func metricLabel(_ m: AgentMetric) -> String {
        switch m {
        case .premium: return t["premium"]
        case .fyc: return t["fyc"]
        case .newPolicies: return t["new_policies"]
        case .kpiScore: return t["kpi_score"]
        case .attainment: return t["attainment"]
        }
    }

    func metricText(_ m: AgentMetric, _ i: Int) -> String {
        let r = result.agents[i]
        switch m {
        case .premium: return fmt.money(r.premium)
        case .fyc: return fmt.money(r.fyc)
        case .newPolicies: return fmt.count(r.newPolicies)
        case .kpiScore: return fmt.score(r.kpiScore)
        case .attainment: return fmt.percent(r.attainment)
        }
    }

    func charts(_ totals: (byRole: [PayTotal], all: PayTotal)) -> [PageObject] {
        var out: [PageObject] = []
        func chart(_ title: String, _ svg: String) -> PageObject { [.title: .text(title), .svg: .text(svg)] }
        let regionBars = result.regions.map {
            ChartBar(label: $0.name, value: SVGChart.length($0.premium), valueText: "\(fmt.money($0.premium)) · \(fmt.percent($0.attainment))")
        }
        out.append(chart(t["chart_region"], SVGChart.horizontalBars(title: t["chart_region"], bars: regionBars)))
        // Highest attainment first (ties keep the ranking order); values computed once, indices sorted.
        let attainments = result.teams.map { SVGChart.length($0.attainment) }
        let order = result.teams.indices.sorted { attainments[$0] != attainments[$1] ? attainments[$0] > attainments[$1] : $0 < $1 }.prefix(30)
        let teamBars = order.map { ChartBar(label: result.teams[$0].name, value: attainments[$0], valueText: fmt.percent(result.teams[$0].attainment)) }
        out.append(chart(t["chart_team"], SVGChart.horizontalBars(title: t["chart_team"], bars: teamBars, reference: (1.0, "100%"))))
        // the overall rows come first; lazily, so that the other scopes' rows are not copied
        let top = result.rankings.lazy.filter { $0.scope == "overall" }.prefix(10).map { row in
            ChartBar(label: agents[row.agentIndex].name, value: SVGChart.length(result.agents[row.agentIndex].premium),
                     valueText: fmt.money(result.agents[row.agentIndex].premium))
        }
        out.append(chart(t["chart_top"], SVGChart.horizontalBars(title: t["chart_top"], bars: Array(top))))
        let capBuckets = Int((plan.kpiCap.scaled(0, .halfUp) + 9) / 10)
        var buckets = [Int](repeating: 0, count: max(capBuckets, 1))
        for i in result.agents.indices { if let s = result.agents[i].kpiScore { buckets[min(Int(s / 1000), buckets.count - 1)] += 1 } }
        let kpiBars = buckets.enumerated().map { ChartBar(label: "\($0.offset * 10)", value: Double($0.element), valueText: $0.element > 0 ? String($0.element) : "") }
        out.append(chart(t["chart_kpi"], SVGChart.columns(title: t["chart_kpi"], bars: kpiBars)))
        let byRole = totals.byRole
        let payBars = plan.roles.indices.compactMap { k -> ChartBar? in
            let role = plan.roles[k]
            guard byRole[k].count > 0 else { return nil }
            let p = byRole[k].pay
            return ChartBar(label: role.label, value: SVGChart.length(p.total), valueText: fmt.money(p.total),
                            segments: [(SVGChart.length(p.base), "s1"), (SVGChart.length(p.commission), "s2"),
                                       (SVGChart.length(p.kpiBonus), "s3"), (SVGChart.length(p.override), "s4")])
        }
        out.append(chart(t["chart_pay"], SVGChart.horizontalBars(title: t["chart_pay"], bars: payBars,
            legend: [(t["base"], "s1"), (t["commission"], "s2"), (t["kpi_bonus"], "s3"), (t["override"], "s4")])))
        return out
    }

    func costRows(_ totals: (byRole: [PayTotal], all: PayTotal)) -> [PageObject] {
        var rows: [PageObject] = []
        for (k, role) in plan.roles.enumerated() where totals.byRole[k].count > 0 {
            rows.append(costRow(role.label, totals.byRole[k]))
        }
        var total = costRow(t["total"], totals.all)
        total[.total_row] = .text("1")
        rows.append(total)
        return rows
    }

    /// Pay added up over some agents.
    struct PayTotal {
        var count = 0
        var pay = PayLines()
        var payable = Money.zero
        var carryForward = Money.zero

        mutating func add(_ p: PayLines) {
            count += 1
            pay.addAmounts(p)
            payable += p.payable
            carryForward += p.carryForward
        }
    }

    /// Pay added up by role (in the plan's order) and over everyone, in one pass that reads each
    /// agent's pay lines in place (a national roster: copying every result per role is slow).
    func payTotals() -> (byRole: [PayTotal], all: PayTotal) {
        let roleIndex = Dictionary(plan.roles.enumerated().map { ($0.element.key, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var byRole = [PayTotal](repeating: PayTotal(), count: plan.roles.count)
        var all = PayTotal()
        for i in result.agents.indices {
            all.add(result.agents[i].pay)
            if let k = roleIndex[agents[result.agents[i].index].role] { byRole[k].add(result.agents[i].pay) }
        }
        return (byRole, all)
    }

    private func costRow(_ label: String, _ t: PayTotal) -> PageObject {
        let p = t.pay
        return [.role: .text(label), .count: .text(String(t.count)), .base: .text(fmt.money(p.base)), .commission: .text(fmt.money(p.commission)),
                .kpi_bonus: .text(fmt.money(p.kpiBonus)), .override: .text(fmt.money(p.override)), .total: .text(fmt.money(p.total)),
                .payable: .text(fmt.money(t.payable)), .carry_forward: .text(fmt.money(t.carryForward))]
    }

    func healthSections() -> [PageObject] {
        func row(_ a: Agent, _ message: String) -> PageObject {
            [.agent_id: .text(a.id), .name: .text(a.name), .team: .text(a.team), .message: .text(message)]
        }
        func people(_ code: String) -> [PageObject] {
            result.diagnostics.filter { $0.code == code && $0.file == .agents }.compactMap { d in
                guard let line = d.line, let i = agent(atLine: line) else { return nil }
                return row(agents[i], d.message)
            }
        }
        let period = result.month.period
        let hires = agents.filter { period.contains($0.hireDate) }.map { row($0, "\(t["hire_date"]) \(t.date($0.hireDate))") }
        let leavers = agents.filter { $0.terminationDate.map(period.contains) ?? false }.map { row($0, "\(t["termination_date"]) \(t.date($0.terminationDate!))") }
        return [("span_warnings", people("span-of-control")), ("depth_warnings", people("depth")),
                ("inactive", people("inactive-in-period")), ("new_hires", hires), ("leavers", leavers)].map { key, rows in
            [.title: .text(t[key]), .rows: .list(rows), .empty: .flag(rows.isEmpty), .count: .text(String(rows.count))]
        }
    }

    func dataQuality() -> PageObject {
        let counts = result.month.counts
        let files: [PageObject] = InputFile.allCases.compactMap { f in
            guard let c = counts[f] else { return nil }
            return [.file: .text(result.month.fileNames[f] ?? f.defaultFileName), .read: .text(fmt.count(c.read)), .accepted: .text(fmt.count(c.accepted)),
                    .rejected: .text(fmt.count(c.rejected)), .blank: .text(fmt.count(c.blank)), .has_rejected: .text(c.rejected > 0 ? "1" : "")]
        }
        var byCode: [String: (Severity, Int)] = [:]
        for d in result.diagnostics { byCode[d.code, default: (d.severity, 0)].1 += 1 }
        let codes = byCode.sorted { $0.value.0 != $1.value.0 ? $0.value.0 < $1.value.0 : $0.key < $1.key }.map {
            [.code: .text($0.key), .severity: .text($0.value.0.rawValue), .count: .text(fmt.count($0.value.1))] as PageObject
        }
        // Hierarchy errors keep their row (the link is dropped), so they are not "excluded".
        let keptRowCodes: Set<String> = ["self-manager", "unknown-manager", "cycle"]
        // filtered before sorting (the order of what is kept is the same): warnings can be tens of thousands
        let errors = result.diagnostics.filter { $0.severity == .error && !keptRowCodes.contains($0.code) }.sortedForReport()
        let rejected = counts.values.reduce(0) { $0 + $1.rejected }
        return [
            .files: .list(files), .codes: .list(codes), .has_codes: .flag(!codes.isEmpty),
            .banner: .flag(run.keepGoing && !errors.isEmpty),
            .banner_count: .text("\(fmt.count(rejected)) \(t["rows_excluded"])"),
            .excluded: .list(errors.prefix(50).map {
                [.where: .text($0.printed.components(separatedBy: ": ").first ?? ""), .code: .text($0.code), .message: .text($0.message)] as PageObject
            }),
        ]
    }

    // MARK: teams/TEAM.html and directors/ID.html

    /// The frame shared by a team's and a director's page: tiles, people, warnings.
    private func groupPage(title: String, heading: String, group: GroupRow) -> PageObject {
        let members = group.members
        var c = page(title: title, subtitle: "\(t.month(result.month.period)) · \(plan.name)", root: "../")
        c[.tiles] = .list(tiles(group))
        c[.people] = .list(peopleRows(members, root: "../"))
        let warnings = warningRows(members)
        c[.warnings] = .list(warnings)
        c[.has_warnings] = .flag(!warnings.isEmpty)
        c[.heading] = .text(heading)
        return c
    }

    func team(_ g: GroupRow) -> PageObject {
        var c = groupPage(title: "\(t["team_title"]) · \(g.name)", heading: g.name, group: g)
        c[.sections] = .list([visitsSection(teams: [g]), memberVisits(g.members)].compactMap { $0 })
        c[.facts] = .list([
            labelled(t["rank"], g.rank.map(String.init) ?? "—"),
            labelled(t["manager"], g.agentIndex.map { "\(agents[$0].name) (\(agents[$0].id))" } ?? "—"),
        ])
        return c
    }

    func director(_ g: GroupRow) -> PageObject {
        let i = g.agentIndex!
        var c = groupPage(title: "\(t["director_title"]) · \(agents[i].name)", heading: "\(agents[i].name) (\(agents[i].id))", group: g)
        c[.sections] = .list([memberVisits(g.members)].compactMap { $0 })
        c[.facts] = .list([
            labelled(t["rank"], g.rank.map(String.init) ?? "—"),
            labelled(t["region"], agents[i].region),
        ])
        return c
    }

    // MARK: statements/ID.html

    func statement(_ i: Int) -> PageObject {
        let a = agents[i], r = result.agents[i], p = r.pay
        let period = result.month.period
        var c = page(title: "\(t["statement_title"]) · \(a.name)", subtitle: "\(t.month(period)) · \(plan.name)", root: "../")
        c[.heading] = .text("\(a.name) (\(a.id))")
        c[.facts] = .list([
            labelled(t["role"], roleLabel(a.role)), labelled(t["team"], a.team),
            labelled(t["region"], a.region), labelled(t["market"], t[a.market.rawValue]),
            labelled(t["hire_date"], t.date(a.hireDate)),
            labelled(t["active_days"], "\(r.activeDays) / \(period.days)"),
        ] + (a.terminationDate.map { [labelled(t["termination_date"], t.date($0))] } ?? []))
        c[.summary] = .list([
            labelled(t["premium"], fmt.money(r.premium)), labelled(t["fyc"], fmt.money(r.fyc)),
            labelled(t["new_policies"], fmt.count(r.newPolicies)), labelled(t["cancellations"], fmt.count(r.cancellations)),
            labelled(t["target"], fmt.money(r.target)), labelled(t["prior"], fmt.money(r.prior)),
            labelled(t["volume_basis"], "\(t[r.basis.rawValue]): \(fmt.money(r.premiumBasis)) / \(fmt.money(r.targetBasis))"),
            labelled(t["attainment"], fmt.percent(r.attainment)), labelled(t["growth"], fmt.percent(r.growth)),
        ])
        let weights = plan.weights(of: a)
        c[.dimensions] = .list(KPIDimension.allCases.map { d in
            [.name: .text(t["dim_" + d.rawValue]), .weight: .text((weights[d] ?? .zero).decimalText),
             .score: .text(r.dimensionScores[d].map { formatScaled($0, places: 2) } ?? "—")]
        })
        c[.kpi_score] = .text(fmt.score(r.kpiScore))
        let lines = PayFormulas.lines(of: i, in: result, plan: plan, words: formulaWords)
        func payLine(_ item: String, _ formula: String, _ amount: Money) -> PageObject {
            [.item: .text(item), .formula: .text(formula), .amount: .text(fmt.money(amount))]
        }
        c[.pay] = .list([
            payLine(t["base"], lines.base, p.base),
            payLine(t["commission"], lines.commission, p.commission),
            payLine(t["kpi_bonus"], lines.bonus, p.kpiBonus),
            payLine(t["override"], lines.override, p.override),
            payLine(t["carried_in"], t["f_carried_in"], p.carriedIn),
        ])
        c[.sections] = .list(statementSections(i))
        c[.total] = .text(fmt.money(p.total))
        c[.payable] = .text(fmt.money(p.payable))
        c[.carry_forward] = .text(fmt.money(p.carryForward))
        return c
    }
}
