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
    init<Columns: CSVColumnSet, S: Sequence>(_ columns: Columns, _ rows: S, count: Int) where S.Element == Columns.Row {
        let names = columns.names
        let width = names.count
        self.init(columns: names)
        reserve(rows: count)
        for row in rows { for k in 0..<width { add(columns.cell(k, row)) } }
    }

    /// A table of `rows`, a cell per named column.
    init<Row, S: Sequence>(_ columns: [CSVColumn<Row>], _ rows: S, count: Int) where S.Element == Row {
        self.init(ClosureColumns(columns: columns), rows, count: count)
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
        let order = result.agentsByID
        let columns = payoutColumns
        return CSVTableSource(count: order.count, columns: { columns }, rows: { order[$0] })
    }

    /// payouts.csv's columns (payouts.xlsx is made from the same rows), by agent index.
    var payoutColumns: PayoutColumns { PayoutColumns(agents: agents, results: result.agents) }

    func rankings() -> CSVRows { rankingsSource().all() }

    /// rankings.csv, a slice of rows at a time.
    func rankingsSource() -> CSVTableSource {
        let columns = rankingColumns
        return CSVTableSource(count: result.rankings.count, columns: { columns }, rows: { $0 })
    }

    /// rankings.csv's columns, by position in `result.rankings`.
    var rankingColumns: RankingColumns { RankingColumns(rankings: result.rankings, agents: agents) }

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
        let order = result.agentsByID.filter { result.agents[$0].activeDays > 0 }
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

/// A set of columns that are the cases of an enum, named as the cases are (so that a name and
/// its cell cannot drift apart).
protocol CSVCaseColumns: CSVColumnSet {
    associatedtype Column: CaseIterable & RawRepresentable where Column.RawValue == Int
}

extension CSVCaseColumns {
    var names: [String] { Column.allCases.map { "\($0)" } }
}

/// payouts.csv's columns (SPEC §5.1), by agent index: one `switch`, as the file has a row per agent.
struct PayoutColumns: CSVCaseColumns, Sendable {
    // swiftlint:disable:next identifier_name
    enum Column: Int, CaseIterable { case agent_id, name, role, team, region, market, active_days, premium, fyc, kpi_score, base, commission, kpi_bonus, override, carried_in, total, payable, carry_forward }

    let agents: [Agent]
    let results: [AgentResult]

    @inline(__always)
    func cell(_ column: Int, _ i: Int) -> CSVCell {
        switch Column(rawValue: column)! {
        case .agent_id: return .text(agents[i].id)
        case .name: return .text(agents[i].name)
        case .role: return .text(agents[i].role)
        case .team: return .text(agents[i].team)
        case .region: return .text(agents[i].region)
        case .market: return .text(agents[i].market.rawValue)
        case .active_days: return .integer(Int64(results[i].activeDays))
        case .premium: return .cents(results[i].premium.cents)
        case .fyc: return .cents(results[i].fyc.cents)
        case .kpi_score: return results[i].kpiScore.map { .scaled($0, places: 2) } ?? .empty
        case .base: return .cents(results[i].pay.base.cents)
        case .commission: return .cents(results[i].pay.commission.cents)
        case .kpi_bonus: return .cents(results[i].pay.kpiBonus.cents)
        case .override: return .cents(results[i].pay.override.cents)
        case .carried_in: return .cents(results[i].pay.carriedIn.cents)
        case .total: return .cents(results[i].pay.total.cents)
        case .payable: return .cents(results[i].pay.payable.cents)
        case .carry_forward: return .cents(results[i].pay.carryForward.cents)
        }
    }
}

/// rankings.csv's columns (SPEC §5.1), by position in the rankings: one `switch`, as the file
/// has a row per ranked agent and scope.
struct RankingColumns: CSVCaseColumns, Sendable {
    // swiftlint:disable:next identifier_name
    enum Column: Int, CaseIterable { case scope, scope_name, rank, agent_id, name, team, region, metric, value, previous_rank }

    let rankings: [RankingRow]
    let agents: [Agent]

    @inline(__always)
    func cell(_ column: Int, _ i: Int) -> CSVCell {
        switch Column(rawValue: column)! {
        case .scope: return .text(rankings[i].scope)
        case .scope_name: return .text(rankings[i].scopeName)
        case .rank: return rankings[i].rank.map { .integer(Int64($0)) } ?? .empty
        case .agent_id:
            // rows go by rank, so each row's agent is anywhere in the roster: its whole record
            // (128 bytes over two or three cache lines: the id at the start, team and region
            // further on) is asked for 8 rows ahead (a cache miss per row was a tenth of rendering)
            if i + 8 < rankings.count {
                agents.withUnsafeBufferPointer { buffer in
                    let record = UnsafeRawPointer(buffer.baseAddress! + rankings[i + 8].agentIndex)
                    for offset in stride(from: 0, to: MemoryLayout<Agent>.size, by: 64) { podium_prefetch(record + offset) }
                    podium_prefetch(record + (MemoryLayout<Agent>.size - 1))
                }
            }
            return .text(agents[rankings[i].agentIndex].id)
        case .name: return .text(agents[rankings[i].agentIndex].name)
        case .team: return .text(agents[rankings[i].agentIndex].team)
        case .region: return .text(agents[rankings[i].agentIndex].region)
        case .metric: return .text(rankings[i].metric.rawValue)
        case .value: return Self.metricCell(rankings[i].metric, rankings[i].value)
        case .previous_rank: return rankings[i].previousRank.map { .integer(Int64($0)) } ?? .empty
        }
    }

    /// A metric's value at output precision as its cell (cents, a count, hundredths, ten-thousandths).
    static func metricCell(_ metric: AgentMetric, _ value: Int64?) -> CSVCell {
        guard let v = value else { return .empty }
        switch metric {
        case .premium, .fyc: return .cents(v)
        case .newPolicies: return .integer(v)
        case .kpiScore: return .scaled(v, places: 2)
        case .attainment: return .scaled(v, places: 4)
        }
    }
}
