/// Number formats for people (SPEC §5.2): `¥1,234.50`, `87.4%`, `—` for nothing.
struct DisplayFormat: Sendable {
    let symbol: String
    let rounding: RoundingMode

    init(plan: Plan) {
        switch plan.currency.uppercased() {
        case "CNY", "RMB", "JPY": symbol = "¥"
        case "TWD": symbol = "NT$"
        case "HKD": symbol = "HK$"
        case "MOP": symbol = "MOP$"
        case "SGD": symbol = "S$"
        case "USD": symbol = "$"
        case "EUR": symbol = "€"
        default: symbol = plan.currency + " "
        }
        rounding = plan.rounding
    }

    func money(_ m: Money?) -> String {
        guard let m else { return "—" }
        return m.grouped(symbol: symbol)
    }

    /// A ratio as a percentage with one decimal: 0.87354 → `87.4%`.
    func percent(_ f: Fraction?) -> String {
        guard let f else { return "—" }
        return formatScaled(f.scaled(3, rounding), places: 1) + "%"
    }

    func score(_ hundredths: Int64?) -> String { hundredths.map { formatScaled($0, places: 2) } ?? "—" }

    func count(_ n: Int) -> String {
        var s = String(n.magnitude)
        var out = ""
        while s.count > 3 { out = "," + s.suffix(3) + out; s = String(s.dropLast(3)) }
        return (n < 0 ? "-" : "") + s + out
    }
}
