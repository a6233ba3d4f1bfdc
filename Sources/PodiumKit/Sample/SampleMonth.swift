import Foundation

/// `podium sample`: a deterministic, realistic month of exports (roster with a director → manager
/// → agent tree, streamed sales with cancellations, targets, KPI scores, a plan), for demos, tests
/// that need a large month, and benchmarks — made by Podium itself, so a user's clone needs
/// nothing else.
public struct SampleMonth {
    public var agents: Int
    public var sales: Int
    public var period: Period
    public var seed: UInt64
    /// The largest month `podium sample` makes: ids are `A` and six digits; sales fit a policy
    /// number of seven digits.
    public static let maxAgents = 999_999
    public static let maxSales = 9_999_999

    /// Average store visits per active agent in visits.csv (0: no visits.csv).
    public var visitsPerAgent: Int

    public init(agents: Int, sales: Int, period: Period, seed: UInt64 = 42, visitsPerAgent: Int = 0) {
        self.agents = max(3, agents)
        self.sales = max(0, sales)
        self.period = period
        self.seed = seed
        self.visitsPerAgent = max(0, visitsPerAgent)
    }

    struct Person {
        var id: String
        var name: String
        var role: String
        var manager: String
        var team: String
        var region: String
        var market: String
        var hire: CivilDate
        var termination: CivilDate?
    }

    static let regions = ["華東一區", "華南一區", "華北一區", "华中二区", "西南二区", "North 1"]
    static let markets = ["mature", "developing", "new"]
    static let surnames = Array("王李張劉陳楊黃趙吳周林徐孫馬朱胡郭何高羅")
    static let given = Array("偉芳娜秀英敏靜麗強磊軍洋勇艷傑娟濤明超蘭霞平剛桂華志國建文輝玲婷雪慧俊鵬雅琳欣怡宇豪嘉")
    static let products: [(String, Int64)] = [("終身壽險", 350), ("定期壽險", 300), ("重疾險", 400), ("醫療險", 200),
                                              ("意外險", 250), ("年金險", 100), ("萬能險", 125), ("分紅險", 275)]

    func roster(_ rng: inout SampleRandom) -> [Person] {
        let directors = max(1, agents / 60)
        let managers = max(1, (agents - directors) / 8)
        let tops = max(1, directors / 5)
        var people: [Person] = []
        people.reserveCapacity(agents)
        func name() -> String {
            var s = String(Self.surnames[rng.below(Self.surnames.count)]) + String(Self.given[rng.below(Self.given.count)])
            if rng.chance(0.7) { s += String(Self.given[rng.below(Self.given.count)]) }
            return s
        }
        func hireDate() -> CivilDate {
            if rng.chance(0.012) { return CivilDate(year: period.year, month: period.month, day: 1 + rng.below(period.days))! }
            let y = period.year - 1 - rng.below(10)
            return CivilDate(year: y, month: 1 + rng.below(12), day: 1 + rng.below(28))!
        }
        for i in 0..<agents {
            let id = String(format: "A%06d", i + 1)
            var p = Person(id: id, name: name(), role: "agent", manager: "", team: "", region: "", market: "", hire: hireDate(), termination: nil)
            if i < directors {
                p.role = "director"
                p.team = String(format: "D%04d", i + 1)
                let top = i % tops
                if i >= tops { p.manager = people[top].id; p.region = people[top].region } else { p.region = Self.regions[i % Self.regions.count] }
            } else if i < directors + managers {
                let m = i - directors
                let boss = people[m % directors]
                p.role = "manager"
                p.manager = boss.id
                p.team = String(format: "T%04d", m + 1)
                p.region = boss.region
            } else {
                let boss = people[directors + (i - directors - managers) % managers]
                p.manager = boss.id
                p.team = boss.team
                p.region = boss.region
                if rng.chance(0.02) {
                    // half leave before the month, half during it
                    if rng.chance(0.5) {
                        p.termination = CivilDate(year: period.year, month: period.month, day: 1 + rng.below(period.days))
                    } else {
                        let prev = period.previous
                        p.termination = CivilDate(year: prev.year, month: prev.month, day: 1 + rng.below(prev.days))
                    }
                    if let t = p.termination, t < p.hire { p.hire = CivilDate(year: t.year - 1, month: t.month, day: min(t.day, 28))! }
                }
            }
            p.market = Self.markets[(Self.regions.firstIndex(of: p.region) ?? 0) % Self.markets.count]
            people.append(p)
        }
        return people
    }

    static func csv(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// Writes agents.csv, sales.csv, targets.csv, kpi.csv, visits.csv (when asked for) and plan.toml into `folder`.
    public func write(to folder: String, planText: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var rng = SampleRandom(seed: seed)
        let people = roster(&rng)
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

        var roster = BufferedFile(path: path("agents.csv"))
        try roster.write("agent_id,name,role,manager_id,team,region,market,hire_date,status,termination_date\n")
        for p in people {
            try roster.write("\(p.id),\(Self.csv(p.name)),\(p.role),\(p.manager),\(p.team),\(p.region),\(p.market),\(p.hire),\(p.termination == nil ? "active" : "terminated"),\(p.termination?.description ?? "")\n")
        }
        try roster.close()

        try writeSales(people, &rng, to: path("sales.csv"))

        var targets = BufferedFile(path: path("targets.csv"))
        try targets.write("agent_id,target_premium,prior_premium\n")
        for p in people where rng.chance(0.95) {
            let hundreds = p.role == "agent" ? 300 + rng.below(2500) : 1000 + rng.below(5000)
            let prior = rng.chance(0.85) ? "\(hundreds * 80 + rng.below(hundreds * 60)).\(String(format: "%02d", rng.below(100)))" : ""
            try targets.write("\(p.id),\(hundreds * 100).00,\(prior)\n")
        }
        try targets.close()

        var kpi = BufferedFile(path: path("kpi.csv"))
        try kpi.write("agent_id,planning,process,admin,attitude\n")
        for p in people where rng.chance(0.9) {
            let scores = (0..<4).map { _ in rng.chance(0.4) ? String(40 + rng.below(61)) : "\(40 + rng.below(60)).\(rng.below(10))" }
            try kpi.write("\(p.id),\(scores.joined(separator: ","))\n")
        }
        try kpi.close()

        if visitsPerAgent > 0 { try writeVisits(people, to: path("visits.csv")) }
        try planText.write(toFile: path("plan.toml"), atomically: true, encoding: .utf8)
    }

    /// visits.csv: agents in the field on their active days; most are diligent, some often skip
    /// `thank`, some `order` (own random stream, so the other files stay the same with or without it).
    private func writeVisits(_ people: [Person], to path: String) throws {
        var rng = SampleRandom(seed: seed ^ 0x5649_5349_5453)
        var file = BufferedFile(path: path)
        try file.write("agent_id,date,customer_id,prepare,check_store,greet,merchandise,check_stock,present,order,thank\n")
        let thank = VisitStep.allCases.firstIndex(of: .thank)!, order = VisitStep.allCases.firstIndex(of: .order)!
        for (n, p) in people.enumerated() where p.role == "agent" {
            let from = max(period.start, p.hire), to = min(period.end, p.termination ?? period.end)
            guard from <= to else { continue }
            let habit = rng.unit()   // < 0.6 diligent, < 0.85 skips thank, else skips order
            let count = rng.below(2 * visitsPerAgent + 1)
            let span = to.dayNumber - from.dayNumber + 1
            for k in 0..<count {
                let day = from.dayNumber - period.start.dayNumber + 1 + rng.below(span)
                var flags: [String] = []
                for step in VisitStep.allCases.indices {
                    var chance = 0.97
                    if step == thank && habit >= 0.6 && habit < 0.85 { chance = 0.4 }
                    if step == order && habit >= 0.85 { chance = 0.5 }
                    flags.append(rng.chance(chance) ? "1" : "0")
                }
                try file.write("\(p.id),\(date(day)),C\(n + 1)-\(k + 1),\(flags.joined(separator: ","))\n")
            }
        }
        try file.close()
    }

    private func writeSales(_ people: [Person], _ rng: inout SampleRandom, to path: String) throws {
        // Sellers: people active for at least a day, weighted so that a few sell a lot.
        struct Seller { var id: String; var from: Int; var to: Int }
        var sellers: [Seller] = []
        var weights: [Double] = []
        for p in people {
            let from = max(period.start, p.hire), to = min(period.end, p.termination ?? period.end)
            guard from <= to, rng.chance(0.8) else { continue }
            sellers.append(Seller(id: p.id, from: from.dayNumber - period.start.dayNumber + 1, to: to.dayNumber - period.start.dayNumber + 1))
            let base = p.role == "agent" ? 1.0 : 0.3
            weights.append(base * (rng.chance(0.01) ? 8 : 1) * (0.2 + rng.unit() * 1.8))
        }
        var cumulative: [Double] = []
        var sum = 0.0
        for w in weights { sum += w; cumulative.append(sum) }
        var file = BufferedFile(path: path)
        try file.write("policy_id,agent_id,date,product,premium,fyc\n")
        guard !sellers.isEmpty else { return try file.close() }
        let cancellations = sales / 50
        var recent: [(policy: String, seller: Int, day: Int, product: Int, premium: Int64)] = []
        var sequence = 0
        var cancelled = 0
        for row in 0..<sales {
            let cancelNow = cancelled < cancellations && !recent.isEmpty && row % 50 == 49
            if cancelNow {
                let k = rng.below(recent.count)
                let r = recent.remove(at: k)
                let s = sellers[r.seller]
                let day = r.day + rng.below(s.to - r.day + 1)
                let (name, rate) = Self.products[r.product]
                let fyc = (r.premium * rate + 500) / 1000
                try file.write("\(r.policy),\(s.id),\(date(day)),\(name),-\(Money(cents: r.premium).plain),-\(Money(cents: fyc).plain)\n")
                cancelled += 1
                continue
            }
            let x = rng.unit() * sum
            var lo = 0, hi = cumulative.count - 1
            while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] < x { lo = mid + 1 } else { hi = mid } }
            let s = sellers[lo]
            let day = s.from + rng.below(s.to - s.from + 1)
            let product = rng.below(Self.products.count)
            let (name, rate) = Self.products[product]
            let u = rng.unit()
            let premium = Int64(20_000 + u * u * u * 5_000_000) // 200.00 … 50,200.00, skewed low
            let fyc = (premium * rate + 500) / 1000
            sequence += 1
            let policy = String(format: "P%04d%02d%07d", period.year, period.month, sequence)
            try file.write("\(policy),\(s.id),\(date(day)),\(name),\(Money(cents: premium).plain),\(Money(cents: fyc).plain)\n")
            if recent.count < 256 { recent.append((policy, lo, day, product, premium)) } else if rng.chance(0.1) { recent[rng.below(256)] = (policy, lo, day, product, premium) }
        }
        try file.close()
    }

    private func date(_ day: Int) -> String {
        CivilDate(year: period.year, month: period.month, day: day)!.description
    }
}

/// Appends text to a file through a large buffer (the sample's sales file can be gigabytes).
struct BufferedFile {
    let path: String
    private var buffer: [UInt8] = []
    private var handle: FileHandle?

    init(path: String) { self.path = path }

    mutating func write(_ s: String) throws {
        if handle == nil {
            guard FileManager.default.createFile(atPath: path, contents: nil) else { throw PublishError(path: path, reason: "cannot create") }
            handle = FileHandle(forWritingAtPath: path)
            guard handle != nil else { throw PublishError(path: path, reason: "cannot open") }
        }
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private mutating func flush() throws {
        try handle?.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        if handle == nil { try write("") }
        try flush()
        try handle?.close()
        handle = nil
    }
}
