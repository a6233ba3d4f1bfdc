/// The validated reporting tree: direct reports, levels, and sums over each organization.
public struct OrgTree: Sendable {
    /// Manager index of each agent (nil at a top of tree).
    public let parent: [Int?]
    /// Direct reports of each agent, in roster order: `children[i]`.
    public let children: ChildLists
    /// 1 at a top of tree.
    public let level: [Int]
    /// Agents ordered so that everyone comes after their manager.
    public let topDown: [Int]

    /// `managers`, when given, is the position in `agents` of each agent's manager (the loader
    /// has them already); else they are found by id, compared exactly.
    public init(agents: [Agent], managers known: [Int?]? = nil) {
        let parent = known ?? Self.managers(of: agents)
        let children = ChildLists(parent: parent)
        var level = [Int](repeating: 0, count: agents.count)
        var order: [Int] = []
        order.reserveCapacity(agents.count)
        for root in agents.indices where parent[root] == nil {
            level[root] = 1
            order.append(root)
        }
        var next = 0
        while next < order.count {
            let n = order[next]
            next += 1
            for c in children[n] {
                level[c] = level[n] + 1
                order.append(c)
            }
        }
        self.parent = parent
        self.children = children
        self.level = level
        self.topDown = order
    }

    /// The position of each agent's manager, by its id's bytes (the first agent of a repeated id).
    static func managers(of agents: [Agent]) -> [Int?] {
        var position = ByteKeyMap(capacity: agents.count)
        for (i, a) in agents.enumerated() {
            var id = a.id
            _ = id.withUTF8 { position.insert($0, value: i) }
        }
        return agents.map { a in
            guard var m = a.managerID else { return nil }
            return m.withUTF8 { position.value(for: $0) }
        }
    }

    /// The agents in depth-first pre-order (children in roster order), each agent's position in
    /// it and the size of its organization: agent i's organization is
    /// `order[position[i] ..< position[i] + size[i]]`. Linear in the roster, whatever the depth.
    public func preorder() -> (order: [Int], position: [Int], size: [Int]) {
        var size = [Int](repeating: 1, count: parent.count)
        for n in topDown.reversed() { if let p = parent[n] { size[p] += size[n] } }
        var order: [Int] = []
        order.reserveCapacity(parent.count)
        var position = [Int](repeating: 0, count: parent.count)
        var stack: [Int] = []
        for root in parent.indices where parent[root] == nil {
            stack.append(root)
            while let n = stack.popLast() {
                position[n] = order.count
                order.append(n)
                stack.append(contentsOf: children[n].reversed())
            }
        }
        return (order, position, size)
    }

    /// The members of each of `heads`' organizations (the head and everyone below it, at any
    /// depth) that `include` keeps, each list ascending: every kept agent, in roster order, is
    /// added to the nearest head at or above it and to each head above that one. No sort and no
    /// walk through the agents between two heads: the work is the lists' total length. `heads`
    /// holds distinct agents.
    public func organizationMembers(heads: [Int], include: (Int) -> Bool) -> [[Int]] {
        var headSlot = [Int](repeating: -1, count: parent.count)
        for (k, h) in heads.enumerated() { headSlot[h] = k }
        // the nearest head at or above each agent, parents before children
        var nearest = [Int](repeating: -1, count: parent.count)
        for n in topDown { nearest[n] = headSlot[n] >= 0 ? headSlot[n] : parent[n].map { nearest[$0] } ?? -1 }
        // the next head above each head
        let above = heads.map { h in parent[h].map { nearest[$0] } ?? -1 }
        var members = [[Int]](repeating: [], count: heads.count)
        for i in parent.indices where include(i) {
            var k = nearest[i]
            while k >= 0 {
                members[k].append(i)
                k = above[k]
            }
        }
        return members
    }

    /// Sums a per-agent value over each agent's organization (itself and everyone below, at any depth).
    public func organizationSums<T: AdditiveArithmetic>(_ value: (Int) -> T) -> [T] {
        var sums = (0..<parent.count).map(value)
        for n in topDown.reversed() {
            if let p = parent[n] { sums[p] = sums[p] + sums[n] }
        }
        return sums
    }

    /// Sums `value` over the agents exactly 1, 2, … `generations` levels below each agent.
    public func generationSums(_ value: [Int64], generations: Int) -> GenerationSums {
        // sums[i * generations + k - 1] = Σ value over agents exactly k levels below i
        var sums = [Int64](repeating: 0, count: parent.count * generations)
        if generations > 0 {
            for n in parent.indices {
                var ancestor = parent[n]
                var k = 1
                while let a = ancestor, k <= generations {
                    sums[a * generations + k - 1] += value[n]
                    ancestor = parent[a]
                    k += 1
                }
            }
        }
        return GenerationSums(generations: generations, sums: sums)
    }
}

/// Each agent's direct reports in roster order, all in one flat array (an array per manager
/// was a few hundred thousand allocations for a national roster): agent i's are
/// `list[start[i] ..< start[i + 1]]`.
public struct ChildLists: Sendable {
    private let start: [Int]
    private let list: [Int]

    init(parent: [Int?]) {
        var start = [Int](repeating: 0, count: parent.count + 1)
        for p in parent { if let p { start[p + 1] += 1 } }
        for i in parent.indices { start[i + 1] += start[i] }
        var next = start
        var list = [Int](repeating: 0, count: start[parent.count])
        for (i, p) in parent.enumerated() {
            if let p {
                list[next[p]] = i
                next[p] += 1
            }
        }
        self.start = start
        self.list = list
    }

    /// Agent i's direct reports, in roster order.
    public subscript(_ i: Int) -> ArraySlice<Int> { list[start[i]..<start[i + 1]] }
}

/// Per agent, the sums over each generation below it, in one flat array (no array per agent).
public struct GenerationSums: Sendable {
    public let generations: Int
    let sums: [Int64]

    /// An empty table (no generation).
    public init() { self.init(generations: 0, sums: []) }

    init(generations: Int, sums: [Int64]) {
        self.generations = generations
        self.sums = sums
    }

    /// Agent i's sums, generation 1 first.
    public subscript(_ i: Int) -> ArraySlice<Int64> { sums[(i * generations)..<((i + 1) * generations)] }
}
