import CPodiumSys

/// One column of an output CSV file: the name templates use (`{{premium}}`) and how a row's
/// cell is made. Each file's columns are one list, so its header and its cells cannot drift.
struct CSVColumn<Row> {
    let name: String
    let cell: (Row) -> CSVCell

    init(_ name: String, _ cell: @escaping (Row) -> CSVCell) {
        self.name = name
        self.cell = cell
    }
}

extension CSVRows {
    /// A table of `rows`, a cell per column.
    init<Row, S: Sequence>(_ columns: [CSVColumn<Row>], _ rows: S, count: Int) where S.Element == Row {
        self.init(columns: columns.map(\.name))
        reserve(rows: count)
        // the cell functions read from one borrowed buffer: a column copied out of the array for
        // each cell retained and released its closure's context every time
        let cells = columns.map(\.cell)
        cells.withUnsafeBufferPointer { cell in
            for row in rows { for k in cell.indices { add(cell[k](row)) } }
        }
    }
}

/// Turns computed results into the rows of the CSV templates: every value already formatted as
/// SPEC §5.1 says (money `1234.50`, scores `87.35`, ratios `0.8735`, null empty).
struct CSVViewModels {
    let result: CloseResult
    let plan: Plan

    private var agents: [Agent] { result.month.agents }

    func ratioCell(_ f: Fraction?) -> CSVCell { f.map { .scaled($0.scaled(4, plan.rounding), places: 4) } ?? .empty }

    func payouts() -> CSVRows { payoutsSource().all() }

    /// payouts.csv by agent_id, a slice of rows at a time.
    func payoutsSource() -> CSVTableSource {
        let agents = self.agents
        let order = ByteOrder.sorted(agents.indices) { agents[$0].id }
        return CSVTableSource(count: order.count, columns: { payoutColumns }, rows: { order[$0] })
    }

    /// payouts.csv's columns (payouts.xlsx is made from the same rows), by agent index.
    var payoutColumns: [CSVColumn<Int>] {
        let agents = self.agents, results = result.agents
        return [
            CSVColumn("agent_id") { .text(agents[$0].id) }, CSVColumn("name") { .text(agents[$0].name) },
            CSVColumn("role") { .text(agents[$0].role) }, CSVColumn("team") { .text(agents[$0].team) },
            CSVColumn("region") { .text(agents[$0].region) }, CSVColumn("market") { .text(agents[$0].market.rawValue) },
            CSVColumn("active_days") { .integer(Int64(results[$0].activeDays)) },
            CSVColumn("premium") { .cents(results[$0].premium.cents) }, CSVColumn("fyc") { .cents(results[$0].fyc.cents) },
            CSVColumn("kpi_score") { results[$0].kpiScore.map { .scaled($0, places: 2) } ?? .empty },
            CSVColumn("base") { .cents(results[$0].pay.base.cents) }, CSVColumn("commission") { .cents(results[$0].pay.commission.cents) },
            CSVColumn("kpi_bonus") { .cents(results[$0].pay.kpiBonus.cents) }, CSVColumn("override") { .cents(results[$0].pay.override.cents) },
            CSVColumn("carried_in") { .cents(results[$0].pay.carriedIn.cents) }, CSVColumn("total") { .cents(results[$0].pay.total.cents) },
            CSVColumn("payable") { .cents(results[$0].pay.payable.cents) }, CSVColumn("carry_forward") { .cents(results[$0].pay.carryForward.cents) },
        ]
    }

    func metricCell(_ metric: AgentMetric, _ value: Int64?) -> CSVCell {
        guard let v = value else { return .empty }
        switch metric {
        case .premium, .fyc: return .cents(v)
        case .newPolicies: return .integer(v)
        case .kpiScore: return .scaled(v, places: 2)
        case .attainment: return .scaled(v, places: 4)
        }
    }

    func rankings() -> CSVRows { rankingsSource().all() }

    /// rankings.csv, a slice of rows at a time.
    func rankingsSource() -> CSVTableSource {
        CSVTableSource(count: result.rankings.count, columns: { rankingColumns }, rows: { $0 })
    }

    /// rankings.csv's columns, by position in `result.rankings`.
    var rankingColumns: [CSVColumn<Int>] {
        let rankings = result.rankings, agents = self.agents
        return [
            CSVColumn("scope") { .text(rankings[$0].scope) }, CSVColumn("scope_name") { .text(rankings[$0].scopeName) },
            CSVColumn("rank") { rankings[$0].rank.map { .integer(Int64($0)) } ?? .empty },
            CSVColumn("agent_id") { i in
                // rows go by rank, so each row's agent is anywhere in the roster: its record is
                // asked for 8 rows ahead (a cache miss per row was a tenth of rendering)
                if i + 8 < rankings.count { agents.withUnsafeBufferPointer { podium_prefetch($0.baseAddress! + rankings[i + 8].agentIndex) } }
                return .text(agents[rankings[i].agentIndex].id)
            },
            CSVColumn("name") { .text(agents[rankings[$0].agentIndex].name) },
            CSVColumn("team") { .text(agents[rankings[$0].agentIndex].team) }, CSVColumn("region") { .text(agents[rankings[$0].agentIndex].region) },
            CSVColumn("metric") { .text(rankings[$0].metric.rawValue) },
            CSVColumn("value") { metricCell(rankings[$0].metric, rankings[$0].value) },
            CSVColumn("previous_rank") { rankings[$0].previousRank.map { .integer(Int64($0)) } ?? .empty },
        ]
    }

    /// teams.csv, regions.csv and directors.csv: one list of every group figure (each
    /// template picks its own; `name` is the team, the region or the director's name), by
    /// position in `rows`.
    func groupColumns(_ rows: [GroupRow]) -> [CSVColumn<Int>] {
        let agents = self.agents
        // by position, not by row: a row handed to each column was copied (its name and members
        // retained and released) once per cell
        func manager(_ g: Int, _ text: (Agent) -> String) -> CSVCell { .text(rows[g].agentIndex.map { text(agents[$0]) } ?? "") }
        return [
            CSVColumn("rank") { rows[$0].rank.map { .integer(Int64($0)) } ?? .empty }, CSVColumn("name") { .text(rows[$0].name) },
            CSVColumn("headcount") { .integer(Int64(rows[$0].headcount)) }, CSVColumn("active_agents") { .integer(Int64(rows[$0].activeAgents)) },
            CSVColumn("premium") { .cents(rows[$0].premium.cents) }, CSVColumn("fyc") { .cents(rows[$0].fyc.cents) },
            CSVColumn("target") { rows[$0].target.map { .cents($0.cents) } ?? .empty }, CSVColumn("attainment") { ratioCell(rows[$0].attainment) },
            CSVColumn("per_capita_premium") { rows[$0].perCapitaPremium.map { .cents($0.cents) } ?? .empty },
            CSVColumn("activity_rate") { ratioCell(rows[$0].activityRate) },
            CSVColumn("manager_id") { manager($0, \.id) }, CSVColumn("agent_id") { manager($0, \.id) },
            CSVColumn("region") { manager($0, \.region) },
        ]
    }

    /// teams.csv, regions.csv or directors.csv in the order of `rows`, a slice of rows at a time.
    func groupsSource(_ rows: [GroupRow]) -> CSVTableSource {
        CSVTableSource(count: rows.count, columns: { groupColumns(rows) }, rows: { $0 })
    }

    /// visit_summary.csv (SPEC §7.1): kept agents with active days, by agent_id.
    func visitSummarySource(_ visits: [VisitTotals]) -> CSVTableSource {
        let agents = self.agents
        let order = ByteOrder.sorted(agents.indices.filter { result.agents[$0].activeDays > 0 }) { agents[$0].id }
        return CSVTableSource(count: order.count, columns: { visitColumns(visits) }, rows: { order[$0] })
    }

    /// visit_summary.csv's columns, by agent index.
    func visitColumns(_ visits: [VisitTotals]) -> [CSVColumn<Int>] {
        let agents = self.agents
        return [
            CSVColumn("agent_id") { .text(agents[$0].id) }, CSVColumn("name") { .text(agents[$0].name) },
            CSVColumn("team") { .text(agents[$0].team) }, CSVColumn("visits") { .integer(Int64(visits[$0].visits)) },
            CSVColumn("completed_steps") { .integer(Int64(visits[$0].completedSteps)) },
            CSVColumn("visit_compliance") { ratioCell(visits[$0].compliance) },
            CSVColumn("visit_orders") { .integer(Int64(visits[$0].orders)) },
            CSVColumn("most_skipped_step") { .text(visits[$0].mostSkipped?.rawValue ?? "") },
        ]
    }

    /// honors.csv (SPEC §7.2), in the order computed, a slice of rows at a time.
    func honorsSource() -> CSVTableSource {
        let tiers = plan.honors, agents = self.agents, honors = result.honors
        @Sendable func tier(_ k: Int?) -> CSVCell { .text(k.map { tiers[$0].name } ?? "") }
        return CSVTableSource(count: honors.count, columns: {
            [
                CSVColumn("agent_id") { .text(agents[honors[$0].agentIndex].id) }, CSVColumn("name") { .text(agents[honors[$0].agentIndex].name) },
                CSVColumn("team") { .text(agents[honors[$0].agentIndex].team) }, CSVColumn("ytd_total") { .cents(honors[$0].ytdTotal.cents) },
                CSVColumn("projected_fyc") { .cents(honors[$0].projectedFYC.cents) }, CSVColumn("honor") { tier(honors[$0].honor) },
                CSVColumn("next_honor") { tier(honors[$0].nextHonor) }, CSVColumn("gap_to_next") { honors[$0].gapToNext.map { .cents($0.cents) } ?? .empty },
                CSVColumn("on_pace_for") { tier(honors[$0].onPaceFor) },
            ]
        }, rows: { $0 })
    }

    func diagnostics() -> CSVRows { diagnosticsSource().all() }

    /// diagnostics.csv in its order (SPEC §5.1), a slice of rows at a time (a month can have
    /// tens of thousands of warnings).
    func diagnosticsSource() -> CSVTableSource {
        let sorted = result.diagnostics.sortedForReport()
        return CSVTableSource(count: sorted.count, columns: { diagnosticColumns }, rows: { sorted[$0] })
    }

    /// diagnostics.csv's columns.
    var diagnosticColumns: [CSVColumn<Diagnostic>] {
        [
            CSVColumn("severity") { .text($0.severity.rawValue) }, CSVColumn("code") { .text($0.code) },
            CSVColumn("file") { .text($0.fileName) }, CSVColumn("line") { $0.line.map { .integer(Int64($0)) } ?? .empty },
            CSVColumn("column") { $0.column.map { .integer(Int64($0)) } ?? .empty }, CSVColumn("field") { .text($0.field) },
            CSVColumn("message") { .text($0.message) }, CSVColumn("value") { .text($0.value) },
        ]
    }
}
