/// A calendar date without time or zone, stored as days since 1970-01-01 so that
/// comparisons and day counts are plain integer arithmetic.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date when the components form a real calendar date, else nil.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// `2026-10-05`.
    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }
}

/// The month being closed, `YYYY-MM`.
public struct Period: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    public var start: CivilDate { CivilDate(year: year, month: month, day: 1)! }
    public var end: CivilDate { CivilDate(year: year, month: month, day: days)! }
    public var days: Int { CivilDate.daysIn(year: year, month: month) }

    public func contains(_ date: CivilDate) -> Bool { date >= start && date <= end }

    /// The calendar month before this one.
    public var previous: Period {
        month == 1 ? Period(year: year - 1, month: 12)! : Period(year: year, month: month - 1)!
    }

    /// The month before, nil before 1900-01.
    public var preceding: Period? { month == 1 ? Period(year: year - 1, month: 12) : Period(year: year, month: month - 1) }

    /// The month after, nil after 2999-12.
    public var following: Period? { month == 12 ? Period(year: year + 1, month: 1) : Period(year: year, month: month + 1) }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
}
