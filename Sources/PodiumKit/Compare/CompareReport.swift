/// Renders a comparison (SPEC §7.4): compare.csv from its template, compare.html with cost by
/// role and line item under each plan, the 20 biggest changes and winners and losers per team.
struct CompareReport {
    let templates: TemplateSet
    let run: RunContext

    func render(_ c: Comparison) throws -> [RenderedFile] {
        let plan = c.planA
        let people = c.a.month.agents
        let columns: [CSVColumn<ComparedAgent>] = [
            CSVColumn("agent_id") { .text(people[$0.index].id) }, CSVColumn("name") { .text(people[$0.index].name) },
            CSVColumn("role") { .text(people[$0.index].role) }, CSVColumn("team") { .text(people[$0.index].team) },
            CSVColumn("total_a") { .cents($0.totalA.cents) }, CSVColumn("total_b") { .cents($0.totalB.cents) },
            CSVColumn("delta") { .cents($0.delta.cents) },
        ]
        let csv = CSVRows(columns, c.agents, count: c.agents.count)
        let renderer = ReportRenderer(templates: templates, plan: plan, run: run)
        let csvBytes: [UInt8]
        if let fast = templates.fastCSV["compare.csv"], let bytes = fast.renderBytes(CSVTableSource(csv), crlf: plan.csvCRLF, bom: plan.csvBOM) {
            csvBytes = bytes
        } else {
            csvBytes = renderer.csvBytes(templates.renderCSV(csv, template: "compare.csv"))
        }
        let page = templates.renderBytes(html(c), template: "compare.html")
        do { try XMLPage.checkWellFormed(page) } catch let e as XMLPage.ParseError {
            throw PageError(page: "compare.html", line: e.line, message: e.message)
        }
        return [RenderedFile(path: "compare.csv", bytes: csvBytes), RenderedFile(path: "compare.html", bytes: page)]
    }

    func html(_ c: Comparison) -> PageObject {
        let vm = HTMLViewModels(result: c.a, plan: c.planA, run: run)
        let t = vm.t, fmt = vm.fmt
        var page = vm.page(title: t["compare_title"], subtitle: "\(t.month(c.a.month.period)) · \(c.planA.name) → \(c.planB.name)", root: "")
        let people = c.a.month.agents
        // cost by role and line item under each plan
        func sums(_ r: CloseResult, _ role: String?) -> PayLines {
            var p = PayLines()
            for i in r.agents.indices where role == nil || people[i].role == role { p.addAmounts(r.agents[i].pay) }
            return p
        }
        let items: [(String, KeyPath<PayLines, Money>)] = [(t["base"], \.base), (t["commission"], \.commission), (t["kpi_bonus"], \.kpiBonus),
                                                             (t["override"], \.override), (t["total"], \.total)]
        var costRows: [[String]] = []
        let roles = c.planA.roles.map(\.key).filter { key in people.contains { $0.role == key } }
        for role in roles.map(Optional.some) + [nil] {
            let pa = sums(c.a, role), pb = sums(c.b, role)
            let label = role.map(vm.roleLabel) ?? t["total"]
            for (name, path) in items {
                costRows.append(["\(label) · \(name)", fmt.money(pa[keyPath: path]), fmt.money(pb[keyPath: path]), fmt.money(pb[keyPath: path] - pa[keyPath: path])])
            }
        }
        let all = (sums(c.a, nil), sums(c.b, nil))
        let bars = items.map { name, path -> ChartBar in
            let d = all.1[keyPath: path] - all.0[keyPath: path]
            return ChartBar(label: name, value: abs(SVGChart.length(d)), valueText: fmt.money(d))
        }
        let cost = vm.section(id: "cost", title: t["compare_cost"],
                              columns: [(t["figure"], false), ("A", true), ("B", true), (t["change"], true)],
                              rows: costRows, chart: SVGChart.horizontalBars(title: t["compare_cost"], bars: bars))
        // the 20 biggest changes: |delta| descending, then agent_id
        let biggest = c.agents.filter { $0.delta != .zero }.sorted { x, y in
            x.delta.cents.magnitude != y.delta.cents.magnitude ? x.delta.cents.magnitude > y.delta.cents.magnitude
                : people[x.index].id.utf8.lexicographicallyPrecedes(people[y.index].id.utf8)
        }.prefix(20)
        let changes = vm.section(id: "changes", title: t["compare_biggest"],
                                 columns: [(t["agent_id"], false), (t["name"], false), (t["team"], false), ("A", true), ("B", true), (t["change"], true)],
                                 rows: biggest.map { x in
                                     let a = people[x.index]
                                     return [a.id, a.name, a.team, fmt.money(x.totalA), fmt.money(x.totalB), fmt.money(x.delta)]
                                 })
        // per team: who gains, loses or stays, and the team's delta
        var teams: [ExactKey: (gain: Int, lose: Int, stay: Int, delta: Money)] = [:]
        for x in c.agents {
            let team = ExactKey(people[x.index].team)
            var e = teams[team] ?? (0, 0, 0, .zero)
            if x.delta > .zero { e.gain += 1 } else if x.delta < .zero { e.lose += 1 } else { e.stay += 1 }
            e.delta += x.delta
            teams[team] = e
        }
        let teamRows = teams.sorted { $0.key < $1.key }.map { name, e in
            [name.text, fmt.count(e.gain), fmt.count(e.lose), fmt.count(e.stay), fmt.money(e.delta)]
        }
        let perTeam = vm.section(id: "teams", title: t["compare_teams"],
                                 columns: [(t["team"], false), (t["compare_gain"], true), (t["compare_lose"], true), (t["compare_stay"], true), (t["change"], true)],
                                 rows: teamRows)
        let changed = c.agents.filter { $0.delta != .zero }.count
        page[.heading] = .text(changed == 0 ? t["compare_nobody"] : "\(fmt.count(changed)) / \(fmt.count(c.agents.count)) \(t["compare_changed"])")
        page[.facts] = .list([vm.labelled("A", c.planA.name), vm.labelled("B", c.planB.name)])
        page[.sections] = .list([cost, changes, perTeam])
        return page
    }
}
