extension HTMLViewModels {
    var activeMembers: [Int] { result.agents.indices.filter { result.agents[$0].activeDays > 0 } }

    // MARK: index.html

    func index() -> [String: Any] {
        var c = page(title: t["report_title"], subtitle: "\(t.month(result.month.period)) · \(plan.name)", root: "")
        let all = activeMembers
        var tiles = groupTiles(all)
        let totals = payTotals()
        let pay = totals.all.pay, payable = totals.all.payable, carry = totals.all.carryForward
        tiles.append(["label": t["payable"], "value": fmt.money(payable),
                      "note": "\(t["base"]) \(fmt.money(pay.base)) · \(t["commission"]) \(fmt.money(pay.commission)) · \(t["kpi_bonus"]) \(fmt.money(pay.kpiBonus)) · \(t["override"]) \(fmt.money(pay.override))"])
        tiles.append(["label": t["carry_forward"], "value": fmt.money(carry), "note": ""])
        c["tiles"] = tiles
        c["charts"] = charts(totals)
        let overall = result.rankings.filter { $0.scope == "overall" && $0.rank != nil }.prefix(20)
        let metric = plan.rankingMetric
        c["metric_label"] = metricLabel(metric)
        c["leaders"] = overall.map { row -> [String: Any] in
            let a = agents[row.agentIndex]
            return ["rank": String(row.rank!), "agent_id": a.id, "name": a.name, "team": a.team, "region": a.region,
                    "link": plan.statements ? statementFile(row.agentIndex) : "", "has_link": plan.statements,
                    "value": metricText(metric, row.agentIndex)]
        }
        // A national organization has tens of thousands of teams: the overview shows the first
        // `indexListLimit` of each ranking and says where the rest are.
        c["teams_table"] = ["caption": t["teams"], "name_header": t["team"], "manager_header": t["manager"], "with_manager": true,
                            "rows": groupRows(Array(result.teams.prefix(Self.indexListLimit))) { plan.groupPages ? teamFile($0.name) : nil }] as [String: Any]
        c["regions_table"] = ["caption": t["regions"], "name_header": t["region"], "with_manager": false,
                              "rows": groupRows(Array(result.regions.prefix(Self.indexListLimit))) { _ in nil }] as [String: Any]
        c["directors_table"] = ["caption": t["directors"], "name_header": t["director"], "with_manager": false,
                                "rows": groupRows(Array(result.directors.prefix(Self.indexListLimit))) { g in plan.groupPages ? g.agentIndex.map(directorFile) : nil }] as [String: Any]
        for (key, total, file) in [("teams_table", result.teams.count, "teams.csv"), ("regions_table", result.regions.count, "regions.csv"),
                                   ("directors_table", result.directors.count, "directors.csv")] {
            if let note = moreNote(total, file), var table = c[key] as? [String: Any] {
                table["more"] = note
                c[key] = table
            }
        }
        c["cost"] = costRows(totals)
        c["health"] = healthSections()
        c.merge(dataQuality()) { a, _ in a }
        return c
    }

    /// Rows of each ranking shown on the overview.
    static let indexListLimit = 100

    /// "Showing 100 of 25,000 — all in teams.csv", or nil when everything is shown.
    func moreNote(_ total: Int, _ file: String) -> [String: String]? {
        guard total > Self.indexListLimit else { return nil }
        return ["text": "\(t["showing"]) \(Self.indexListLimit) / \(fmt.count(total))", "file": file]
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

    func charts(_ totals: (byRole: [PayTotal], all: PayTotal)) -> [[String: String]] {
        var out: [[String: String]] = []
        let regionBars = result.regions.map {
            ChartBar(label: $0.name, value: SVGChart.length($0.premium), valueText: "\(fmt.money($0.premium)) · \(fmt.percent($0.attainment))")
        }
        out.append(["title": t["chart_region"], "svg": SVGChart.horizontalBars(title: t["chart_region"], bars: regionBars)])
        // Highest attainment first (ties keep the ranking order); values computed once, indices sorted.
        let attainments = result.teams.map { SVGChart.length($0.attainment) }
        let order = result.teams.indices.sorted { attainments[$0] != attainments[$1] ? attainments[$0] > attainments[$1] : $0 < $1 }.prefix(30)
        let teamBars = order.map { ChartBar(label: result.teams[$0].name, value: attainments[$0], valueText: fmt.percent(result.teams[$0].attainment)) }
        out.append(["title": t["chart_team"], "svg": SVGChart.horizontalBars(title: t["chart_team"], bars: teamBars, reference: (1.0, "100%"))])
        // the overall rows come first; lazily, so that the other scopes' rows are not copied
        let top = result.rankings.lazy.filter { $0.scope == "overall" }.prefix(10).map { row in
            ChartBar(label: agents[row.agentIndex].name, value: SVGChart.length(result.agents[row.agentIndex].premium),
                     valueText: fmt.money(result.agents[row.agentIndex].premium))
        }
        out.append(["title": t["chart_top"], "svg": SVGChart.horizontalBars(title: t["chart_top"], bars: Array(top))])
        let capBuckets = Int((plan.kpiCap.scaled(0, .halfUp) + 9) / 10)
        var buckets = [Int](repeating: 0, count: max(capBuckets, 1))
        for i in result.agents.indices { if let s = result.agents[i].kpiScore { buckets[min(Int(s / 1000), buckets.count - 1)] += 1 } }
        let kpiBars = buckets.enumerated().map { ChartBar(label: "\($0.offset * 10)", value: Double($0.element), valueText: $0.element > 0 ? String($0.element) : "") }
        out.append(["title": t["chart_kpi"], "svg": SVGChart.columns(title: t["chart_kpi"], bars: kpiBars)])
        let byRole = totals.byRole
        let payBars = plan.roles.indices.compactMap { k -> ChartBar? in
            let role = plan.roles[k]
            guard byRole[k].count > 0 else { return nil }
            let p = byRole[k].pay
            return ChartBar(label: role.label, value: SVGChart.length(p.total), valueText: fmt.money(p.total),
                            segments: [(SVGChart.length(p.base), "s1"), (SVGChart.length(p.commission), "s2"),
                                       (SVGChart.length(p.kpiBonus), "s3"), (SVGChart.length(p.override), "s4")])
        }
        out.append(["title": t["chart_pay"], "svg": SVGChart.horizontalBars(title: t["chart_pay"], bars: payBars,
            legend: [(t["base"], "s1"), (t["commission"], "s2"), (t["kpi_bonus"], "s3"), (t["override"], "s4")])])
        return out
    }

    func costRows(_ totals: (byRole: [PayTotal], all: PayTotal)) -> [[String: String]] {
        var rows: [[String: String]] = []
        for (k, role) in plan.roles.enumerated() where totals.byRole[k].count > 0 {
            rows.append(costRow(role.label, totals.byRole[k]))
        }
        var total = costRow(t["total"], totals.all)
        total["total_row"] = "1"
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

    private func costRow(_ label: String, _ t: PayTotal) -> [String: String] {
        let p = t.pay
        return ["role": label, "count": String(t.count), "base": fmt.money(p.base), "commission": fmt.money(p.commission),
         "kpi_bonus": fmt.money(p.kpiBonus), "override": fmt.money(p.override), "total": fmt.money(p.total),
         "payable": fmt.money(t.payable), "carry_forward": fmt.money(t.carryForward)]
    }

    func healthSections() -> [[String: Any]] {
        func people(_ code: String) -> [[String: String]] {
            result.diagnostics.filter { $0.code == code && $0.file == .agents }.compactMap { d in
                guard let line = d.line, let i = agentByLine[line] else { return nil }
                return ["agent_id": agents[i].id, "name": agents[i].name, "team": agents[i].team, "message": d.message]
            }
        }
        let period = result.month.period
        let hires = agents.filter { period.contains($0.hireDate) }.map { ["agent_id": $0.id, "name": $0.name, "team": $0.team, "message": "\(t["hire_date"]) \(t.date($0.hireDate))"] }
        let leavers = agents.filter { $0.terminationDate.map(period.contains) ?? false }.map { ["agent_id": $0.id, "name": $0.name, "team": $0.team, "message": "\(t["termination_date"]) \(t.date($0.terminationDate!))"] }
        return [("span_warnings", people("span-of-control")), ("depth_warnings", people("depth")),
                ("inactive", people("inactive-in-period")), ("new_hires", hires), ("leavers", leavers)].map { key, rows in
            ["title": t[key], "rows": rows, "empty": rows.isEmpty, "count": String(rows.count)]
        }
    }

    func dataQuality() -> [String: Any] {
        let counts = result.month.counts
        let files: [[String: String]] = InputFile.allCases.compactMap { f in
            guard let c = counts[f] else { return nil }
            return ["file": result.month.fileNames[f] ?? f.defaultFileName, "read": fmt.count(c.read), "accepted": fmt.count(c.accepted),
                    "rejected": fmt.count(c.rejected), "blank": fmt.count(c.blank), "has_rejected": c.rejected > 0 ? "1" : ""]
        }
        var byCode: [String: (Severity, Int)] = [:]
        for d in result.diagnostics { byCode[d.code, default: (d.severity, 0)].1 += 1 }
        let codes = byCode.sorted { $0.value.0 != $1.value.0 ? $0.value.0 < $1.value.0 : $0.key < $1.key }.map {
            ["code": $0.key, "severity": $0.value.0.rawValue, "count": fmt.count($0.value.1)]
        }
        // Hierarchy errors keep their row (the link is dropped), so they are not "excluded".
        let keptRowCodes: Set<String> = ["self-manager", "unknown-manager", "cycle"]
        // filtered before sorting (the order of what is kept is the same): warnings can be tens of thousands
        let errors = result.diagnostics.filter { $0.severity == .error && !keptRowCodes.contains($0.code) }.sortedForReport()
        let rejected = counts.values.reduce(0) { $0 + $1.rejected }
        return [
            "files": files, "codes": codes, "has_codes": !codes.isEmpty,
            "banner": run.keepGoing && !errors.isEmpty,
            "banner_count": "\(fmt.count(rejected)) \(t["rows_excluded"])",
            "excluded": errors.prefix(50).map { ["where": $0.printed.components(separatedBy: ": ").first ?? "", "code": $0.code, "message": $0.message] },
        ]
    }

    // MARK: teams/TEAM.html and directors/ID.html

    /// The frame shared by a team's and a director's page: tiles, people, warnings.
    private func groupPage(title: String, heading: String, members: [Int]) -> [String: Any] {
        var c = page(title: title, subtitle: "\(t.month(result.month.period)) · \(plan.name)", root: "../")
        c["tiles"] = groupTiles(members)
        c["people"] = peopleRows(members, root: "../")
        let warnings = warningRows(members)
        c["warnings"] = warnings
        c["has_warnings"] = !warnings.isEmpty
        c["heading"] = heading
        return c
    }

    func team(_ g: GroupRow) -> [String: Any] {
        var c = groupPage(title: "\(t["team_title"]) · \(g.name)", heading: g.name, members: g.members)
        c["facts"] = [
            ["label": t["rank"], "value": g.rank.map(String.init) ?? "—"],
            ["label": t["manager"], "value": g.agentIndex.map { "\(agents[$0].name) (\(agents[$0].id))" } ?? "—"],
        ]
        return c
    }

    func director(_ g: GroupRow) -> [String: Any] {
        let i = g.agentIndex!
        var c = groupPage(title: "\(t["director_title"]) · \(agents[i].name)", heading: "\(agents[i].name) (\(agents[i].id))", members: g.members)
        c["facts"] = [
            ["label": t["rank"], "value": g.rank.map(String.init) ?? "—"],
            ["label": t["region"], "value": agents[i].region],
        ]
        return c
    }

    // MARK: statements/ID.html

    func statement(_ i: Int) -> [String: Any] {
        let a = agents[i], r = result.agents[i], p = r.pay
        let period = result.month.period
        var c = page(title: "\(t["statement_title"]) · \(a.name)", subtitle: "\(t.month(period)) · \(plan.name)", root: "../")
        c["heading"] = "\(a.name) (\(a.id))"
        c["facts"] = [
            ["label": t["role"], "value": roleLabel(a.role)], ["label": t["team"], "value": a.team],
            ["label": t["region"], "value": a.region], ["label": t["market"], "value": t[a.market.rawValue]],
            ["label": t["hire_date"], "value": t.date(a.hireDate)],
            ["label": t["active_days"], "value": "\(r.activeDays) / \(period.days)"],
        ] + (a.terminationDate.map { [["label": t["termination_date"], "value": t.date($0)]] } ?? [])
        c["summary"] = [
            ["label": t["premium"], "value": fmt.money(r.premium)], ["label": t["fyc"], "value": fmt.money(r.fyc)],
            ["label": t["new_policies"], "value": fmt.count(r.newPolicies)], ["label": t["cancellations"], "value": fmt.count(r.cancellations)],
            ["label": t["target"], "value": fmt.money(r.target)], ["label": t["prior"], "value": fmt.money(r.prior)],
            ["label": t["volume_basis"], "value": "\(t[r.basis.rawValue]): \(fmt.money(r.premiumBasis)) / \(fmt.money(r.targetBasis))"],
            ["label": t["attainment"], "value": fmt.percent(r.attainment)], ["label": t["growth"], "value": fmt.percent(r.growth)],
        ]
        c["dimensions"] = KPIDimension.allCases.map { d in
            ["name": t["dim_" + d.rawValue], "weight": (r.weights[d] ?? .zero).decimalText,
             "score": r.dimensionScores[d].map { formatScaled($0, places: 2) } ?? "—"]
        }
        c["kpi_score"] = fmt.score(r.kpiScore)
        let lines = PayFormulas.lines(agent: a, result: r, plan: plan, period: period, words: t.formulaWords)
        c["pay"] = [
            ["item": t["base"], "formula": lines.base, "amount": fmt.money(p.base)],
            ["item": t["commission"], "formula": lines.commission, "amount": fmt.money(p.commission)],
            ["item": t["kpi_bonus"], "formula": lines.bonus, "amount": fmt.money(p.kpiBonus)],
            ["item": t["override"], "formula": lines.override, "amount": fmt.money(p.override)],
        ]
        c["total"] = fmt.money(p.total)
        c["payable"] = fmt.money(p.payable)
        c["carry_forward"] = fmt.money(p.carryForward)
        return c
    }
}
