/// A calendar date without time or zone, packed into 8 bytes (a year of 32 bits, a month and a
/// day of 8): a national roster holds two per agent. `dayNumber` gives days since 1970-01-01 for
/// day counts.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    private let packedYear: Int32
    private let packedMonth: UInt8
    private let packedDay: UInt8

    public var year: Int { Int(packedYear) }
    public var month: Int { Int(packedMonth) }
    public var day: Int { Int(packedDay) }

    /// Creates a date when the components form a real calendar date (a year that fits 32 bits),
    /// else nil.
    public init?(year: Int, month: Int, day: Int) {
        guard let y = Int32(exactly: year), (1...12).contains(month), day >= 1,
              day <= CivilDate.daysIn(year: year, month: month) else { return nil }
        packedYear = y
        packedMonth = UInt8(month)
        packedDay = UInt8(day)
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
