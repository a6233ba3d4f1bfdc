/// The tables of SPEC §7 on the pages (month on month, visits, honours), each a generic
/// section of the `_sections` partial: a title, column headers and rows of formatted cells.
extension HTMLViewModels {
    /// A generic table section: `columns` are (header, numeric); each row's first cell is its heading.
    func section(id: String, title: String, columns: [(String, Bool)], rows: [[String]], note: String = "", chart: String = "") -> PageObject {
        let numeric = columns.map(\.1)
        let body: [PageObject] = rows.map { row in
            [.cells: .list(row.enumerated().map { k, v in
                // the row's heading keeps to one line (tables scroll sideways on a phone)
                [.value: .text(v), .css: .text(k < numeric.count && numeric[k] ? "num" : (k == 0 ? "head" : ""))] as PageObject
            })]
        }
        return [.id: .text(id), .title: .text(title),
                .columns: .list(columns.map { [.label: .text($0.0), .css: .text($0.1 ? "num" : "")] as PageObject }),
                .rows: .list(body), .empty: .flag(rows.isEmpty), .note: .text(note), .has_note: .flag(!note.isEmpty),
                .chart: .text(chart), .has_chart: .flag(!chart.isEmpty)]
    }

    func stepLabel(_ s: VisitStep?) -> String { s.map { t["step_" + $0.rawValue] } ?? "—" }

    // MARK: month on month (SPEC §7.3)

    /// Movement against the previous rank: ▲3, ▼1, =, new.
    func movement(rank: Int?, previous: Int?) -> String {
        guard let rank else { return "" }
        guard let previous else { return t["move_new"] }
        if previous == rank { return "=" }
        return previous > rank ? "▲\(previous - rank)" : "▼\(rank - previous)"
    }

    func monthOnMonth() -> PageObject? {
        guard let previous = result.previous else { return nil }
        let now = result.totals
        let premium = now.premium, fyc = now.fyc, payable = now.payable, headcount = now.headcount
        let p = previous.totals
        func moneyRow(_ label: String, _ now: Money, _ then: Money) -> [String] {
            [label, fmt.money(now), fmt.money(then), fmt.money(now - then)]
        }
        let change = headcount - p.headcount
        let rows = [
            moneyRow(t["premium"], premium, p.premium), moneyRow(t["fyc"], fyc, p.fyc),
            [t["headcount"], fmt.count(headcount), fmt.count(p.headcount), (change > 0 ? "+" : "") + fmt.count(change)],
            moneyRow(t["payable"], payable, p.payable),
        ]
        let notCarried = result.balancesNotCarried
        let owed = notCarried.reduce(Money.zero) { $0 + Money(cents: $1.cents) }
        return section(id: "month-on-month", title: t["month_on_month"],
                       columns: [(t["figure"], false), (t["this_month"], true), (t["last_month"], true), (t["change"], true)],
                       rows: rows, note: "\(t["not_carried"]): \(fmt.count(notCarried.count)) · \(fmt.money(owed))")
    }

    // MARK: visits (SPEC §7.1)

    func visitsSection(teams: [GroupRow]? = nil) -> PageObject? {
        guard let teamVisits = result.teamVisits else { return nil }
        let all = zip(result.teams, teamVisits).map { (team: $0.0, totals: $0.1) }
            .filter { row in teams.map { $0.contains { ExactKey($0.name) == ExactKey(row.team.name) } } ?? true }
        let rows = all.prefix(Self.indexListLimit).map { row in
            [row.team.name, fmt.count(row.totals.visits), fmt.count(row.totals.completedSteps),
             fmt.percent(row.totals.compliance), fmt.count(row.totals.orders), stepLabel(row.totals.mostSkipped)]
        }
        let bars = all.prefix(30).map { ChartBar(label: $0.team.name, value: SVGChart.length($0.totals.compliance), valueText: fmt.percent($0.totals.compliance)) }
        let chart = teams == nil ? SVGChart.horizontalBars(title: t["chart_visits"], bars: Array(bars), reference: (1.0, "100%")) : ""
        return section(id: "visits", title: t["visits_title"],
                       columns: [(t["team"], false), (t["visits"], true), (t["completed_steps"], true), (t["visit_compliance"], true), (t["visit_orders"], true), (t["most_skipped"], false)],
                       rows: Array(rows), chart: chart)
    }

    /// A team's members with their visit figures (team and director pages).
    func memberVisits(_ members: [Int]) -> PageObject? {
        guard let visits = result.month.visits else { return nil }
        let rows = members.sorted { agents[$0].id.utf8.lexicographicallyPrecedes(agents[$1].id.utf8) }.map { i in
            let v = visits[i]
            return ["\(agents[i].name) (\(agents[i].id))", fmt.count(v.visits), fmt.count(v.completedSteps),
                    fmt.percent(v.compliance), fmt.count(v.orders), stepLabel(v.mostSkipped)]
        }
        return section(id: "member-visits", title: "\(t["visits_title"]) · \(t["members"])",
                       columns: [(t["name"], false), (t["visits"], true), (t["completed_steps"], true), (t["visit_compliance"], true), (t["visit_orders"], true), (t["most_skipped"], false)],
                       rows: rows)
    }

    // MARK: honours (SPEC §7.2)

    /// Per tier: how many reached it and who, then who is on pace for a tier not reached yet.
    func honourRoll() -> PageObject? {
        let tiers = plan.honors
        guard !tiers.isEmpty else { return nil }
        var rows: [[String]] = []
        for k in tiers.indices.reversed() {
            let reached = result.honorRoll[k].reached.map { result.honors[$0] }
            let onPace = result.honorRoll[k].onPace.map { result.honors[$0] }
            func names(_ list: [HonorRow]) -> String {
                let shown = list.prefix(50).map { "\(agents[$0.agentIndex].name) (\(agents[$0.agentIndex].id))" }.joined(separator: ", ")
                return list.count > 50 ? shown + " … (\(fmt.count(list.count)))" : (shown.isEmpty ? "—" : shown)
            }
            rows.append([tiers[k].name, fmt.money(Money(rounding: tiers[k].threshold, plan.rounding)), fmt.count(reached.count), names(reached),
                         fmt.count(onPace.count), names(onPace)])
        }
        return section(id: "honors", title: t["honors_title"],
                       columns: [(t["honor"], false), (t["ytd_total"], true), (t["reached"], true), (t["name"], false), (t["on_pace"], true), (t["name"], false)],
                       rows: rows)
    }

    // MARK: statements

    /// The person's visits and honour, when the month has them.
    func statementSections(_ i: Int) -> [PageObject] {
        var out: [PageObject] = []
        if let visits = result.month.visits {
            let v = visits[i]
            out.append(section(id: "visits", title: t["visits_title"], columns: [(t["figure"], false), (t["value"], true)], rows: [
                [t["visits"], fmt.count(v.visits)], [t["completed_steps"], fmt.count(v.completedSteps)],
                [t["visit_compliance"], fmt.percent(v.compliance)], [t["visit_orders"], fmt.count(v.orders)],
                [t["most_skipped"], stepLabel(v.mostSkipped)],
            ]))
        }
        if !plan.honors.isEmpty, let k = honorIndex[i] {
            let h = result.honors[k]
            let tiers = plan.honors
            out.append(section(id: "honor", title: t["honors_title"], columns: [(t["figure"], false), (t["value"], true)], rows: [
                [t["ytd_total"], fmt.money(h.ytdTotal)], [t["projected_fyc"], fmt.money(h.projectedFYC)],
                [t["honor"], h.honor.map { tiers[$0].name } ?? "—"], [t["next_honor"], h.nextHonor.map { tiers[$0].name } ?? "—"],
                [t["gap_to_next"], fmt.money(h.gapToNext)], [t["on_pace_for"], h.onPaceFor.map { tiers[$0].name } ?? "—"],
            ]))
        }
        return out
    }
}
