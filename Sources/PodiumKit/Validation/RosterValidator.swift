/// SPEC §2 steps 2–4 for `agents.csv`: typing, repeated ids, termination rules, and the
/// hierarchy repair (self-manager, unknown-manager, cycles).
struct RosterValidator {
    let plan: Plan
    let fileName: String
    private let roleSpellings: Spellings<String>
    /// What a bad role is told it should be (made once, not per row).
    private let expectedRoles: String
    private var candidates: [Agent] = []
    /// The raw (untrimmed) fields of a typed row, by line, for the `value` of its diagnostics, when
    /// they are not simply its id, its manager id and an empty termination date.
    private var rawFields: [Int: (id: String, manager: String, termination: String)] = [:]
    private(set) var kept: [Agent] = []
    /// The position in `kept` of each kept agent's manager, nil at a top of tree (after `finish`,
    /// with every bad link dropped).
    private(set) var managers: [Int?] = []
    private(set) var diagnostics: [Diagnostic] = []

    static let statusSpellings = Spellings(["active": false, "在職": false, "在职": false,
                                            "terminated": true, "離職": true, "离职": true])
    static let marketSpellings = Spellings(Market.spellings)

    init(plan: Plan, fileName: String) {
        self.plan = plan
        self.fileName = fileName
        var spellings: [String: String] = [:]
        for r in plan.roles { for s in r.spellings { spellings[s] = r.key } }
        roleSpellings = Spellings(spellings)
        expectedRoles = "the plan's roles (\(plan.roles.map(\.key).joined(separator: ", "))) or their aliases"
    }

    /// Step 2 for one row of agents.csv — the only implementation: the ten fields typed from the
    /// record's bytes (no String but those the agent keeps); a typed row becomes a candidate for
    /// steps 3 and 4 (`finish`).
    mutating func addRow(_ row: inout RowFields) {
        noteHeader(from: row)
        let id = row.id(AgentsColumn.agentID)
        let name = row.text(AgentsColumn.name)
        let role = row.choice(AgentsColumn.role, roleSpellings, expected: expectedRoles)
        let manager = row.id(AgentsColumn.managerID)
        let team = row.text(AgentsColumn.team)
        let region = row.text(AgentsColumn.region)
        let market = row.choice(AgentsColumn.market, Self.marketSpellings, expected: "mature, developing, new (成熟, 發展, 新市場)")
        let hire = row.date(AgentsColumn.hireDate)
        let terminated = row.choice(AgentsColumn.status, Self.statusSpellings, expected: "active, terminated (在職, 離職)")
        let termination = row.date(AgentsColumn.terminationDate)
        guard !row.failed, let id, let name, let role, let team, let region, let market, let hire, let terminated else { return }
        // Kept only when they differ from what the diagnostics would otherwise quote (a national
        // roster has hundreds of thousands of rows and almost none needs this).
        if !row.isTrimmed(AgentsColumn.agentID) || !row.isTrimmed(AgentsColumn.managerID)
            || !(row.rawRange(AgentsColumn.terminationDate)?.isEmpty ?? true) {
            rawFields[row.line] = (row.raw(AgentsColumn.agentID) ?? "", row.raw(AgentsColumn.managerID) ?? "",
                                   row.raw(AgentsColumn.terminationDate) ?? "")
        }
        candidates.append(Agent(line: row.line, id: id, name: name, role: role, managerID: manager, team: team,
                                region: region, market: market, hireDate: hire, terminated: terminated,
                                terminationDate: termination))
    }

    private mutating func reject(_ a: Agent, _ code: String, column: Int?, field: String, _ message: String, value: String) {
        diagnostics.append(Diagnostic(.error, code, file: .agents, fileName: fileName, line: a.line, column: column,
                                      field: field, message: message, value: value))
    }

    /// Runs steps 3 and 4 over the typed rows; `kept` then holds the roster and `managers` the
    /// position of each kept agent's manager. The rows are filtered in place (a national roster
    /// is hundreds of thousands of rows: no second copy), and ids are looked up by their bytes
    /// (`ByteKeyMap`: no `String` hashing, which was a quarter of reading agents.csv).
    mutating func finish() {
        var rows = candidates
        candidates = []
        // Step 3a: repeated agent_id, first kept. `first` maps an id to its first row.
        var first = ByteKeyMap(capacity: rows.count)
        var keep = [Bool](repeating: false, count: rows.count)
        // hashed first and looked up eight rows behind the prefetch of their slots (a miss each otherwise)
        let hashes = rows.indices.map { ByteKeyMap.hash(rows[$0].id) }
        for r in rows.indices {
            if r + Self.lookAhead < rows.count { first.prefetch(hash: hashes[r + Self.lookAhead]) }
            var id = rows[r].id
            let new = id.withUTF8 { first.insert($0, hash: hashes[r], value: r) }
            if !new {
                let a = rows[r]
                let earlier = id.withUTF8 { first.value(for: $0)! }
                reject(a, "duplicate-key", column: columnNumber(.agentID), field: header(.agentID),
                       "agent_id \(a.id.quotedForMessage) is repeated (first on line \(rows[earlier].line)); this row is ignored", value: rawFields[a.line]?.id ?? a.id)
                continue
            }
            keep[r] = true
        }
        // Step 3b: termination rules.
        for r in rows.indices where keep[r] {
            // most rows break no rule: those are not copied, nor their raw fields looked up
            let terminated = rows[r].terminated, date = rows[r].terminationDate
            guard terminated != (date != nil) || (date.map { $0 < rows[r].hireDate } ?? false) else { continue }
            let a = rows[r]
            let value = rawFields[a.line]?.termination ?? ""
            if a.terminated && a.terminationDate == nil {
                reject(a, "bad-value", column: columnNumber(.terminationDate), field: header(.terminationDate),
                       "\(a.id) is terminated but has no termination_date", value: value)
            } else if !a.terminated && a.terminationDate != nil {
                reject(a, "bad-value", column: columnNumber(.terminationDate), field: header(.terminationDate),
                       "\(a.id) is active but has termination_date \(value.trimmingWhiteSpace()); clear it or set the status to terminated", value: value)
            } else if let t = a.terminationDate, t < a.hireDate {
                reject(a, "bad-value", column: columnNumber(.terminationDate), field: header(.terminationDate),
                       "termination_date \(t) of \(a.id) is before its hire_date \(a.hireDate)", value: value)
            } else {
                continue
            }
            keep[r] = false
        }
        // Kept rows moved to the front, in file order; `keptPosition` maps a row to its new place.
        var keptPosition = [Int32](repeating: -1, count: rows.count)
        var w = 0
        for r in rows.indices where keep[r] {
            keptPosition[r] = Int32(w)
            rows.swapAt(w, r)
            w += 1
        }
        rows.removeLast(rows.count - w)
        kept = rows
        // an id's first row is the only one that can be kept: its place, if it was
        repairHierarchy(prefetch: { first.prefetch(hash: $0) }) { key, hash in
            first.value(for: key, hash: hash).flatMap { keptPosition[$0] >= 0 ? Int(keptPosition[$0]) : nil }
        }
    }

    /// How many rows ahead a look-up's slot is prefetched.
    private static let lookAhead = 8

    // Column positions and header texts of the file, for diagnostics of steps 3 and 4.
    private var headerSeen = false
    func columnNumber(_ c: AgentsColumn) -> Int? { headerMapColumns[c.index] }
    func header(_ c: AgentsColumn) -> String { headerMapTexts[c.index] }
    var headerMapColumns: [Int?] = Array(repeating: nil, count: 10)
    var headerMapTexts: [String] = TableSchema.schema(for: .agents).columns.map(\.name)

    mutating func noteHeader(from row: RowFields) {
        if !headerSeen {
            headerSeen = true
            headerMapColumns = AgentsColumn.allCases.map { row.columnNumber($0.index) }
            headerMapTexts = AgentsColumn.allCases.map { row.header($0.index) }
        }
    }

    /// Step 4: bad links are errors on kept rows; the link is dropped.
    ///
    /// - Parameter position: the place in `kept` of an id's bytes, nil when no kept agent has it.
    /// - Parameters: position: the kept position of an id (its bytes and `ByteKeyMap.hash`);
    ///   prefetch: starts loading where an id of that hash is looked for.
    private mutating func repairHierarchy(prefetch: (UInt64) -> Void, _ position: (UnsafeBufferPointer<UInt8>, UInt64) -> Int?) {
        managers = [Int?](repeating: nil, count: kept.count)
        let hashes = kept.indices.map { i -> UInt64 in
            guard let m = kept[i].managerID else { return 0 }
            return ByteKeyMap.hash(m)
        }
        for i in kept.indices {
            if i + Self.lookAhead < kept.count && hashes[i + Self.lookAhead] != 0 { prefetch(hashes[i + Self.lookAhead]) }
            guard var m = kept[i].managerID else { continue }
            let found = m.withUTF8 { position($0, hashes[i]) }
            if found == i {
                reject(kept[i], "self-manager", column: columnNumber(.managerID), field: header(.managerID),
                       "\(kept[i].id) is its own manager; the link is dropped and it is treated as a top of tree", value: rawFields[kept[i].line]?.manager ?? m)
                kept[i].managerID = nil
            } else if found == nil {
                reject(kept[i], "unknown-manager", column: columnNumber(.managerID), field: header(.managerID),
                       "manager_id \(m.quotedForMessage) of \(kept[i].id) is not a kept agent; the link is dropped", value: rawFields[kept[i].line]?.manager ?? m)
                kept[i].managerID = nil
            } else {
                managers[i] = found
            }
        }
        // Each agent has at most one manager: walk each chain, colouring nodes, to find cycles.
        var state = [UInt8](repeating: 0, count: kept.count) // 0 new, 1 on current path, 2 done
        var cycles: [[Int]] = []
        var path: [Int] = []   // one buffer for every walk
        for start in kept.indices where state[start] == 0 {
            path.removeAll(keepingCapacity: true)
            var node: Int? = start
            while let n = node, state[n] == 0 {
                state[n] = 1
                path.append(n)
                node = managers[n]
            }
            if let n = node, state[n] == 1, let from = path.firstIndex(of: n) {
                cycles.append(Array(path[from...]))
            }
            for p in path { state[p] = 2 }
        }
        for cycle in cycles {
            // cycle is in link order (each member's manager is the next); the message shows its
            // length and at most six members from the breaker on, so a 100,000-member cycle
            // costs a line per member, not the whole cycle per member
            let breaker = cycle.min { kept[$0].id.utf8.lexicographicallyPrecedes(kept[$1].id.utf8) }!
            let start = cycle.firstIndex(of: breaker)!
            let chain = (cycle[start...] + cycle[..<start]).map { kept[$0].id }
            let shown = chain.count <= 6 ? (chain + [chain[0]]).joined(separator: " → ")
                : (chain.prefix(5) + ["…", chain[0]]).joined(separator: " → ")
            let link = "\(kept[breaker].id) → \(kept[breaker].managerID ?? "")"
            for n in cycle.sorted(by: { kept[$0].line < kept[$1].line }) {
                let suffix = n == breaker ? "; this link (\(link)) is dropped" : "; the link \(link) is dropped"
                reject(kept[n], "cycle", column: columnNumber(.managerID), field: header(.managerID),
                       "\(kept[n].id) is in a reporting cycle of \(chain.count) people (\(shown))\(suffix)",
                       value: rawFields[kept[n].line]?.manager ?? kept[n].managerID ?? "")
            }
            kept[breaker].managerID = nil
            managers[breaker] = nil
        }
    }
}
