import CPodiumSys

/// A ranking's scope (SPEC §3.5), in rankings.csv's order.
public enum RankingScope: String, Sendable {
    case overall, region, team
}

/// One row of `rankings.csv`. A national month has one per ranked agent and scope, so the row
/// is packed into 48 bytes (its own rank in 32 bits, the scope a byte) behind the same
/// properties. The previous rank is whatever the previous rankings.csv said: kept whole.
public struct RankingRow: Sendable {
    public var kind: RankingScope
    public var metric: AgentMetric
    private var hasValue: Bool
    private var hasPreviousRank: Bool
    private var rank32: Int32
    public var scopeName: String
    public var agentIndex: Int
    private var storedValue: Int64
    private var storedPreviousRank: Int

    public init(scope: RankingScope, scopeName: String, rank: Int?, agentIndex: Int, metric: AgentMetric, value: Int64?,
                previousRank: Int? = nil) {
        kind = scope
        self.metric = metric
        hasValue = value != nil
        rank32 = Self.pack(rank)
        hasPreviousRank = previousRank != nil
        storedPreviousRank = previousRank ?? 0
        self.scopeName = scopeName
        self.agentIndex = agentIndex
        storedValue = value ?? 0
    }

    /// This month's rank in 32 bits, 0 for none (ranks start at 1 and never pass the roster's
    /// size, which the agent table already keeps below 2^31).
    private static func pack(_ rank: Int?) -> Int32 {
        guard let rank else { return 0 }
        precondition(rank > 0 && rank <= Int(Int32.max), "a rank is between 1 and 2^31 − 1")
        return Int32(rank)
    }

    /// `overall`, `region` or `team`.
    public var scope: String { kind.rawValue }
    /// nil for a null value (listed last, unranked).
    public var rank: Int? {
        get { rank32 == 0 ? nil : Int(rank32) }
        set { rank32 = Self.pack(newValue) }
    }
    /// The value at output precision, as an integer (cents, count, hundredths or ten-thousandths).
    public var value: Int64? {
        get { hasValue ? storedValue : nil }
        set { hasValue = newValue != nil; storedValue = newValue ?? 0 }
    }
    /// The rank of the same scope, scope_name, agent and metric in the previous rankings.csv (SPEC §7.3).
    public var previousRank: Int? {
        get { hasPreviousRank ? storedPreviousRank : nil }
        set { hasPreviousRank = newValue != nil; storedPreviousRank = newValue ?? 0 }
    }
}

/// Standard competition ranking (1, 2, 2, 4) by a descending value at output precision.
enum CompetitionRanking {
    /// Orders items by value descending (nil last), ties by `tieKey`, and assigns ranks.
    static func rank<T>(_ items: [T], value: (T) -> Int64?, before: (T, T) -> Bool) -> [(item: T, rank: Int?)] {
        ranks(sorted(items, value: value, before: before), value: value)
    }

    /// Items by value descending (nil last), ties by `before`.
    static func sorted<T>(_ items: [T], value: (T) -> Int64?, before: (T, T) -> Bool) -> [T] {
        items.sorted { x, y in
            let vx = value(x), vy = value(y)
            switch (vx, vy) {
            case let (a?, b?): return a != b ? a > b : before(x, y)
            case (nil, nil): return before(x, y)
            case (.some, nil): return true
            case (nil, .some): return false
            }
        }
    }

    /// Indices by `values` descending (nil last), ties by `position` ascending — the order of
    /// `sorted` when `before` compares distinct positions — sorted as packed integer keys
    /// rather than through closures (the roster-wide ranking sorts 200,000 agents).
    static func sorted(_ indices: [Int], values: [Int64?], position: [Int]) -> [Int] {
        sortedWithValues(indices, values: values, position: position).map(\.index)
    }

    /// The same order, each index with its value (taken from the sort's keys: looking the values
    /// up again in ranking order would load them in no order a cache can follow).
    static func sortedWithValues(_ indices: [Int], values: [Int64?], position: [Int]) -> [(index: Int, value: Int64?)] {
        struct Key: Comparable {
            /// 0 with a value, 1 without (nil last).
            var missing: UInt8
            /// The value's order reversed: a larger value, a smaller key.
            var descending: UInt64
            var position: Int
            var index: Int
            static func < (a: Key, b: Key) -> Bool {
                if a.missing != b.missing { return a.missing < b.missing }
                if a.descending != b.descending { return a.descending < b.descending }
                return a.position < b.position
            }
        }
        var keys = indices.map { i in
            let v = values[i]
            return Key(missing: v == nil ? 1 : 0, descending: v.map { ~(UInt64(bitPattern: $0) ^ (1 << 63)) } ?? 0,
                       position: position[i], index: i)
        }
        keys.sort()
        return keys.map { k in
            (k.index, k.missing == 1 ? nil : Int64(bitPattern: ~k.descending ^ (1 << 63)))
        }
    }

    /// Ranks over items already in ranking order.
    static func ranks<T>(_ sorted: [T], value: (T) -> Int64?) -> [(item: T, rank: Int?)] {
        var result: [(item: T, rank: Int?)] = []
        result.reserveCapacity(sorted.count)
        forEachRank(sorted, value: value) { result.append(($0, $1)) }
        return result
    }

    /// Each item of a list already in ranking order with its rank (nil for a null value), in
    /// order: equal values share the rank of the first of them (1, 2, 2, 4).
    static func forEachRank<T>(_ sorted: [T], value: (T) -> Int64?, _ body: (T, Int?) -> Void) {
        var previous: Int64?
        var previousRank = 0
        for (position, item) in sorted.enumerated() {
            guard let v = value(item) else { body(item, nil); continue }
            let rank = (previous == v) ? previousRank : position + 1
            previous = v
            previousRank = rank
            body(item, rank)
        }
    }
}

/// Agent rankings of SPEC §3.5: overall, by region, by team.
enum Rankings {
    static func metricValue(_ r: AgentResult, _ metric: AgentMetric, _ mode: RoundingMode) -> Int64? {
        switch metric {
        case .premium: return r.premium.cents
        case .fyc: return r.fyc.cents
        case .newPolicies: return Int64(r.newPolicies)
        case .kpiScore: return r.kpiScore
        case .attainment: return r.attainment?.scaled(4, mode)
        }
    }

    /// - Parameters:
    ///   - teams, regions: each agent's team and region as a group number.
    ///   - idPosition: each agent's place in agent_id order (ties go by agent_id).
    static func agentRankings(month: ValidatedMonth, results: [AgentResult], plan: Plan, roles: RoleTable,
                              teams: TextGroupIDs, regions: TextGroupIDs, idPosition: [Int]) -> [RankingRow] {
        let rankedRole = roles.agentsWithRole(in: plan.rankingRoles)
        let metric = plan.rankingMetric
        let values = results.indices.map { metricValue(results[$0], metric, plan.rounding) }
        let ranked = results.indices.filter { results[$0].activeDays > 0 && rankedRole[$0] }
        // ties go by agent_id: the sorts compare places in id order
        // One sort for every scope: a region's or team's members, taken in the overall order, are
        // in their own ranking order.
        let sorted = CompetitionRanking.sortedWithValues(ranked, values: values, position: idPosition)
        let order = sorted.map(\.index)
        // every ranked agent once per scope: written straight into one array made to size
        var out: [RankingRow] = []
        out.reserveCapacity(order.count * 3)
        CompetitionRanking.forEachRank(sorted, value: \.value) { item, rank in
            out.append(RankingRow(scope: .overall, scopeName: "", rank: rank, agentIndex: item.index, metric: metric, value: item.value))
        }
        values.withUnsafeBufferPointer { v in
            for (scope, ids) in [(RankingScope.region, regions), (.team, teams)] {
                let groups = TextGroups.grouped(order, by: ids)
                let inOrder = ByteOrder.sorted(groups.indices, text: { groups[$0].name })
                for (q, g) in inOrder.enumerated() {
                    // the next group's values asked for now: its members are anywhere in the roster
                    if q + 1 < inOrder.count { for i in groups[inOrder[q + 1]].members { podium_prefetch(v.baseAddress! + i) } }
                    CompetitionRanking.forEachRank(groups[g].members, value: { v[$0] }) { i, rank in
                        out.append(RankingRow(scope: scope, scopeName: groups[g].name, rank: rank, agentIndex: i, metric: metric, value: v[i]))
                    }
                }
            }
        }
        return out
    }
}
