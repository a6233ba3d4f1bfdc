import Foundation
import TOMLKit

/// Bounds of plan numbers beyond the general one (README "Hostile input"): they keep every pay
/// line of a month exact in 64-bit cents, far above any real plan.
enum PlanBounds {
    /// base salary and bonus target, per person and month: 10,000,000
    static let monthlyAmount = Fraction(10_000_000)
    /// tier and bonus-step multipliers
    static let multiplier = Fraction(100)
    /// a tier's `upto` (1000 = 100,000 % attainment)
    static let attainment = Fraction(1000)
    /// kpi.cap and a bonus step's `min`
    static let score = Fraction(1000)
    static let growthTarget = Fraction(100)
    static let overrideGenerations = 20
}

extension PlanLoader {
    static let topLevelKeys = ["plan", "roles", "markets", "base_salary", "commission", "kpi", "kpi_bonus",
                               "override", "ranking", "org", "input", "output", "honors"]

    mutating func build(_ root: TOMLTable, defaultName: String) -> Plan {
        checkKeys(root, "", Self.topLevelKeys)
        var plan = Plan(name: defaultName)

        if let t = table(root["plan"], "plan") {
            checkKeys(t, "plan", ["name", "currency", "rounding", "timezone"])
            if let s = string(t["name"], "plan.name") { plan.name = s }
            if let s = string(t["currency"], "plan.currency") { plan.currency = s }
            if let r = enumValue(t["rounding"], "plan.rounding", RoundingMode.self) { plan.rounding = r }
            if let z = string(t["timezone"], "plan.timezone") {
                if TimeZoneCheck.isKnown(z) { plan.timezone = z } else { error("plan.timezone", "unknown time zone \"\(z)\" (e.g. Asia/Shanghai, Asia/Taipei)") }
            }
        }

        buildRoles(root, &plan)
        let roleKeys = plan.roles.map(\.key)

        if let t = table(root["markets"], "markets") {
            checkKeys(t, "markets", ["growth_target"])
            if let g = marketNumbers(t["growth_target"], "markets.growth_target", max: PlanBounds.growthTarget) { plan.growthTarget = g }
        }
        for (role, v) in roleTable(root["base_salary"], "base_salary", roles: roleKeys) {
            plan.baseSalary[role] = marketNumbers(v, "base_salary.\(role)", max: PlanBounds.monthlyAmount)
        }
        buildCommission(root, &plan, roleKeys)
        buildKPI(root, &plan, roleKeys)
        buildBonus(root, &plan, roleKeys)
        for (role, v) in roleTable(root["override"], "override", roles: roleKeys) {
            let path = "override.\(role)"
            guard let a = v.array else { error(path, "must be an array of rates by generation, e.g. [0.04, 0.02]"); continue }
            if a.count > PlanBounds.overrideGenerations { error(path, "at most \(PlanBounds.overrideGenerations) generations, not \(a.count)"); continue }
            var rates: [Fraction] = []
            for (i, item) in a.enumerated() {
                if let n = number(item, "\(path)[\(i)]") {
                    if n < .zero || n > .one { error("\(path)[\(i)]", "a rate must be between 0 and 1, not \(n.decimalText)") }
                    rates.append(n)
                }
            }
            plan.override[role] = rates
        }
        buildRanking(root, &plan, roleKeys)
        if let t = table(root["org"], "org") {
            checkKeys(t, "org", ["span_max", "max_depth"])
            if let n = integer(t["span_max"], "org.span_max") { if n < 1 { error("org.span_max", "must be at least 1") } else { plan.spanMax = n } }
            if let n = integer(t["max_depth"], "org.max_depth") { if n < 1 { error("org.max_depth", "must be at least 1") } else { plan.maxDepth = n } }
        }
        buildInput(root, &plan)
        buildOutput(root, &plan)
        buildHonors(root, &plan)
        return plan
    }

    /// `[[honors]]` (SPEC §7.2): each a unique non-empty name and a threshold > 0, strictly
    /// increasing in the order written.
    private mutating func buildHonors(_ root: TOMLTable, _ plan: inout Plan) {
        guard let a = root["honors"] else { return }
        guard let arr = a.array else { error("honors", "must be an array of tables ([[honors]])"); return }
        var seen = Set<ExactKey>()
        for (i, item) in arr.enumerated() {
            let path = "honors[\(i)]"
            guard let t = table(item, path) else { continue }
            checkKeys(t, path, ["name", "ytd_fyc"])
            let name = string(t["name"], "\(path).name")
            let threshold = number(t["ytd_fyc"], "\(path).ytd_fyc")
            if t["name"] == nil { error(path, "needs a name, e.g. name = \"MDRT\"") }
            if t["ytd_fyc"] == nil { error(path, "needs a threshold, e.g. ytd_fyc = 160000") }
            guard let name, let threshold else { continue }
            let trimmed = name.trimmingWhiteSpace()
            if trimmed.isEmpty || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                error("\(path).name", "an honour's name must not be empty or contain control characters")
                continue
            }
            if !seen.insert(ExactKey(name)).inserted {
                error("\(path).name", "the honour \(name.quotedForMessage) is named twice")
                continue
            }
            if threshold <= .zero { error("\(path).ytd_fyc", "the threshold must be greater than 0"); continue }
            if let last = plan.honors.last, threshold <= last.threshold {
                error("\(path).ytd_fyc", "thresholds must increase in the order written: \(threshold.decimalText) is not above \(last.name)'s \(last.threshold.decimalText)")
                continue
            }
            plan.honors.append(HonorTier(name: name, threshold: threshold))
        }
    }

    private mutating func buildRoles(_ root: TOMLTable, _ plan: inout Plan) {
        guard let t = table(root["roles"], "roles") else {
            error("roles", "the plan must define [roles] (junior first), e.g. agent = { label = \"業務員\", aliases = [\"業務員\"] }", line: nil)
            return
        }
        // keys taken once (TOMLKit makes the list anew on every call): linear in the roles
        let keys = t.keys
        let present = Set(keys)
        var order = index.children(of: "roles").filter { present.contains($0) }
        var placed = Set(order)
        for k in keys.sorted() where placed.insert(k).inserted { order.append(k) }
        if order.isEmpty { error("roles", "must list at least one role") }
        var seen: [String: String] = [:]
        for key in order {
            let path = "roles.\(key)"
            guard let rt = table(t[key], path) else { continue }
            checkKeys(rt, path, ["label", "aliases"])
            let label = string(rt["label"], "\(path).label") ?? key
            let aliases = stringArray(rt["aliases"], "\(path).aliases") ?? []
            var spellings = [key.lowercased()]
            for a in aliases { spellings.append(a.trimmingWhiteSpace().lowercased()) }
            for s in Set(spellings) {
                if let other = seen[s], other != key { error("\(path).aliases", "\"\(s)\" is also a spelling of role \(other)") }
                seen[s] = key
            }
            plan.roles.append(RoleDefinition(key: key, label: label, spellings: spellings))
        }
    }

    private mutating func buildCommission(_ root: TOMLTable, _ plan: inout Plan, _ roles: [String]) {
        guard let t = table(root["commission"], "commission") else { return }
        checkKeys(t, "commission", ["basis", "tiers", "cap", "rate"])
        if let b = string(t["basis"], "commission.basis") {
            switch b {
            case "fyc": plan.commissionBasisIsPremium = false
            case "premium": plan.commissionBasisIsPremium = true
            default: error("commission.basis", "\"\(b)\" is not one of fyc, premium")
            }
        }
        if let v = t["tiers"] {
            if let a = v.array, !a.isEmpty {
                var tiers: [CommissionTier] = []
                for (i, item) in a.enumerated() {
                    let path = "commission.tiers[\(i)]"
                    guard let tt = table(item, path) else { continue }
                    checkKeys(tt, path, ["upto", "multiplier"])
                    let upto = bounded(number(tt["upto"], "\(path).upto"), "\(path).upto", .zero...PlanBounds.attainment, above: true)
                    guard let m = bounded(number(tt["multiplier"], "\(path).multiplier"), "\(path).multiplier", .zero...PlanBounds.multiplier) else {
                        if tt["multiplier"] == nil { error(path, "needs a multiplier") }
                        continue
                    }
                    if m < .zero { error("\(path).multiplier", "must not be negative") }
                    tiers.append(CommissionTier(upto: upto, multiplier: m))
                }
                for (i, tier) in tiers.enumerated() {
                    let path = "commission.tiers[\(i)]"
                    let isLast = i == tiers.count - 1
                    if isLast && tier.upto != nil { error(path, "the last tier must be open (no `upto`)") }
                    if !isLast && tier.upto == nil { error(path, "only the last tier may have no `upto`") }
                    if let u = tier.upto {
                        if u <= .zero { error("\(path).upto", "must be > 0") }
                        if i > 0, let prev = tiers[i - 1].upto, u <= prev { error("\(path).upto", "tiers must be sorted: \(u.decimalText) is not above \(prev.decimalText)") }
                    }
                }
                plan.tiers = tiers
            } else {
                error("commission.tiers", "must be a non-empty array of { upto, multiplier } tables")
            }
        }
        if let c = number(t["cap"], "commission.cap") {
            if c < .zero { error("commission.cap", "must not be negative") }
            plan.commissionCap = c
        }
        for (role, v) in roleTable(t["rate"], "commission.rate", roles: roles) {
            plan.commissionRate[role] = marketNumbers(v, "commission.rate.\(role)", rate: true)
        }
    }

    private mutating func buildKPI(_ root: TOMLTable, _ plan: inout Plan, _ roles: [String]) {
        guard let t = table(root["kpi"], "kpi") else { return }
        checkKeys(t, "kpi", ["cap", "volume_basis", "weights", "process_source"])
        if let c = bounded(number(t["cap"], "kpi.cap"), "kpi.cap", .zero...PlanBounds.score, above: true) { plan.kpiCap = c }
        if let s = string(t["process_source"], "kpi.process_source") {
            switch s {
            case "kpi": plan.processFromVisits = false
            case "visits": plan.processFromVisits = true
            default: error("kpi.process_source", "\"\(s)\" is not one of kpi, visits")
            }
        }
        for (role, v) in roleTable(t["volume_basis"], "kpi.volume_basis", roles: roles) {
            if let b = enumValue(v, "kpi.volume_basis.\(role)", VolumeBasis.self) { plan.volumeBasis[role] = b }
        }
        let dims = KPIDimension.allCases.map(\.rawValue)
        for (role, v) in roleTable(t["weights"], "kpi.weights", roles: roles) {
            let path = "kpi.weights.\(role)"
            guard let rt = table(v, path) else { continue }
            checkKeys(rt, path, dims + Market.allCases.map(\.rawValue))
            if dims.contains(where: { rt[$0] != nil }) {
                plan.roleWeights[role] = weightTable(rt, path)
            }
            for m in Market.allCases {
                guard let mt = table(rt[m.rawValue], "\(path).\(m.rawValue)") else { continue }
                checkKeys(mt, "\(path).\(m.rawValue)", dims)
                plan.marketWeights[role, default: [:]][m] = weightTable(mt, "\(path).\(m.rawValue)")
            }
        }
    }

    private mutating func weightTable(_ t: TOMLTable, _ path: String) -> [KPIDimension: Fraction] {
        var w: [KPIDimension: Fraction] = [:]
        var sum = Fraction.zero
        for d in KPIDimension.allCases {
            if let n = bounded(number(t[d.rawValue], "\(path).\(d.rawValue)"), "\(path).\(d.rawValue)", .zero...Fraction(100)) {
                w[d] = n
                sum = sum + n
            }
        }
        if sum != Fraction(100) { error(path, "weights must sum to 100, not \(sum.decimalText)") }
        return w
    }

    private mutating func buildBonus(_ root: TOMLTable, _ plan: inout Plan, _ roles: [String]) {
        guard let t = table(root["kpi_bonus"], "kpi_bonus") else { return }
        checkKeys(t, "kpi_bonus", ["target", "steps"])
        if let tt = table(t["target"], "kpi_bonus.target") {
            checkKeys(tt, "kpi_bonus.target", roles)
            for r in roles {
                if let n = bounded(number(tt[r], "kpi_bonus.target.\(r)"), "kpi_bonus.target.\(r)", .zero...PlanBounds.monthlyAmount) {
                    plan.bonusTarget[r] = n
                }
            }
        }
        if let v = t["steps"] {
            guard let a = v.array else { error("kpi_bonus.steps", "must be an array of { min, multiplier } tables"); return }
            var steps: [BonusStep] = []
            for (i, item) in a.enumerated() {
                let path = "kpi_bonus.steps[\(i)]"
                guard let st = table(item, path) else { continue }
                checkKeys(st, path, ["min", "multiplier"])
                guard let mn = bounded(number(st["min"], "\(path).min"), "\(path).min", .zero...PlanBounds.score),
                      let m = bounded(number(st["multiplier"], "\(path).multiplier"), "\(path).multiplier", .zero...PlanBounds.multiplier) else {
                    if st["min"] == nil || st["multiplier"] == nil { error(path, "needs both min and multiplier") }
                    continue
                }
                if m < .zero { error("\(path).multiplier", "must not be negative") }
                if let prev = steps.last, mn < prev.min { error("\(path).min", "steps must be sorted by min: \(mn.decimalText) comes after \(prev.min.decimalText)") }
                steps.append(BonusStep(min: mn, multiplier: m))
            }
            plan.bonusSteps = steps
        }
    }

    private mutating func buildRanking(_ root: TOMLTable, _ plan: inout Plan, _ roles: [String]) {
        guard let t = table(root["ranking"], "ranking") else { return }
        checkKeys(t, "ranking", ["roles", "metric", "group_metric", "organization_roles"])
        for key in ["roles", "organization_roles"] {
            guard let list = stringArray(t[key], "ranking.\(key)") else { continue }
            for (i, r) in list.enumerated() where !roles.contains(r) {
                var message = "\"\(r)\" is not a role of [roles]"
                if let near = closestMatch(to: r, in: roles) { message += "; did you mean `\(near)`?" }
                error("ranking.\(key)[\(i)]", message)
            }
            if key == "roles" { plan.rankingRoles = list } else { plan.organizationRoles = list }
        }
        if let m = enumValue(t["metric"], "ranking.metric", AgentMetric.self) { plan.rankingMetric = m }
        if let m = enumValue(t["group_metric"], "ranking.group_metric", GroupMetric.self) { plan.groupMetric = m }
    }

    private mutating func buildInput(_ root: TOMLTable, _ plan: inout Plan) {
        guard let t = table(root["input"], "input") else { return }
        checkKeys(t, "input", ["encoding", "delimiter", "currency_symbols", "files", "columns"])
        let fileKeys = InputFile.tables.map(\.key)
        if let v = t["encoding"] {
            if let s = v.string {
                if let e = TextEncoding(name: s) { plan.defaultEncoding = e } else { error("input.encoding", "unknown encoding \"\(s)\" (use \(TextEncoding.acceptedNames))") }
            } else if let et = v.table {
                checkKeys(et, "input.encoding", ["default"] + fileKeys)
                for key in ["default"] + fileKeys {
                    guard let s = string(et[key], "input.encoding.\(key)") else { continue }
                    guard let e = TextEncoding(name: s) else { error("input.encoding.\(key)", "unknown encoding \"\(s)\" (use \(TextEncoding.acceptedNames))"); continue }
                    if key == "default" { plan.defaultEncoding = e } else if let f = InputFile.allCases.first(where: { $0.key == key }) { plan.encodings[f] = e }
                }
            } else {
                error("input.encoding", "must be a string or a table")
            }
        }
        if let s = string(t["delimiter"], "input.delimiter") {
            if let d = DelimiterSetting(s) { plan.delimiter = d } else { error("input.delimiter", "must be auto, tab or one character, not \"\(s)\"") }
        }
        if let list = stringArray(t["currency_symbols"], "input.currency_symbols") {
            if list.contains(where: { $0.isEmpty || $0.contains(where: { $0.isNumber || $0 == "-" || $0 == "(" || $0 == ")" || $0 == "." || $0 == "," }) }) {
                error("input.currency_symbols", "a currency symbol must not be empty or contain digits, signs or separators")
            }
            plan.currencySymbols = list.sorted { $0.count > $1.count }
        }
        if let ft = table(t["files"], "input.files") {
            checkKeys(ft, "input.files", fileKeys)
            for f in InputFile.tables {
                if let s = string(ft[f.key], "input.files.\(f.key)") {
                    if s.isEmpty || s.contains("/") || s.contains("\0") { error("input.files.\(f.key)", "must be a file name inside the input folder") }
                    plan.fileNames[f] = s
                }
            }
        }
        if let ct = table(t["columns"], "input.columns") {
            checkKeys(ct, "input.columns", fileKeys)
            for f in InputFile.tables {
                guard let mt = table(ct[f.key], "input.columns.\(f.key)") else { continue }
                let canon = TableSchema.schema(for: f).columns.map(\.name)
                checkKeys(mt, "input.columns.\(f.key)", canon)
                var mapping: [String: String] = [:]
                for c in canon {
                    if let h = string(mt[c], "input.columns.\(f.key).\(c)") { mapping[c] = h }
                }
                plan.columnMappings[f] = mapping
            }
        }
    }

    private mutating func buildOutput(_ root: TOMLTable, _ plan: inout Plan) {
        guard let t = table(root["output"], "output") else { return }
        checkKeys(t, "output", ["locale", "csv_bom", "csv_line_ending", "statements", "group_pages", "xlsx"])
        if let b = bool(t["xlsx"], "output.xlsx") { plan.xlsx = b }
        if let l = enumValue(t["locale"], "output.locale", ReportLocale.self) { plan.locale = l }
        if let b = bool(t["csv_bom"], "output.csv_bom") { plan.csvBOM = b }
        if let s = string(t["csv_line_ending"], "output.csv_line_ending") {
            switch s.lowercased() {
            case "crlf": plan.csvCRLF = true
            case "lf": plan.csvCRLF = false
            default: error("output.csv_line_ending", "\"\(s)\" is not one of crlf, lf")
            }
        }
        if let b = bool(t["statements"], "output.statements") { plan.statements = b }
        if let b = bool(t["group_pages"], "output.group_pages") { plan.groupPages = b }
    }
}

/// Checks zone names without depending on the machine's zone database layout.
enum TimeZoneCheck {
    static func isKnown(_ name: String) -> Bool {
        Foundation.TimeZone(identifier: name) != nil
    }
}
