/// One value of an output CSV row: text, escaped as SPEC §5.1 says when it is written, or a
/// number already at output precision, written as its digits. Numbers come out as
/// `-?[0-9]+(\.[0-9]+)?`, which the escaping leaves alone — so a number is never made into a
/// String just to be copied into the file (a national month writes millions of them).
public enum CSVCell: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    /// An amount in cents: `1234.50`, `-0.05`.
    case cents(Int64)
    case integer(Int64)
    /// A value scaled by 10^places: `8735` at 4 places is `0.8735`, at 2 `87.35`.
    case scaled(Int64, places: Int)

    public static let empty = CSVCell.text("")

    public init(stringLiteral value: String) { self = .text(value) }

    /// The cell's text, as a general Mustache template gets it.
    public var string: String {
        switch self {
        case .text(let s): return s
        case .cents(let c): return formatScaled(c, places: 2)
        case .integer(let n): return String(n)
        case .scaled(let v, let places): return formatScaled(v, places: places)
        }
    }

    /// Appends the cell as the file has it: text escaped, numbers as their digits.
    func append(to out: inout ByteWriter) {
        switch self {
        case .text(let s): CSVEscaping.append(s, to: &out)
        case .cents(let c): appendScaled(c, places: 2, to: &out)
        case .integer(let n): appendScaled(n, places: 0, to: &out)
        case .scaled(let v, let places): appendScaled(v, places: places, to: &out)
        }
    }
}
