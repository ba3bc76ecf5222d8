import QuizModel

extension StringProtocol {
    func trimmingCharacters(in set: String) -> Substring {
        // Most cells have nothing to trim: say so from the first and last bytes.
        if let first = first, let last = last, !set.contains(first), !set.contains(last) {
            return Substring(self)
        }
        let scalars = Set(set)
        var start = startIndex
        var end = endIndex
        while start < end, scalars.contains(self[start]) { start = index(after: start) }
        while end > start, scalars.contains(self[index(before: end)]) { end = index(before: end) }
        return Substring(self[start..<end])
    }
}

/// A month (`2026-05`), a quarter (`2026-Q2`) or a year (`2026`): the periods points are counted over
/// (月统计、季公示、年累加).
public enum Period: Hashable, Sendable, CustomStringConvertible {
    case month(year: Int, month: Int)
    case quarter(year: Int, quarter: Int)
    case year(Int)

    public init?(parsing text: String) {
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(first), year >= 1 else { return nil }
        switch parts.count {
        case 1: self = .year(year)
        case 2 where parts[1].hasPrefix("Q"):
            guard let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter), parts[1].count == 2 else { return nil }
            self = .quarter(year: year, quarter: quarter)
        case 2:
            guard parts[1].count <= 2, let month = Int(parts[1]), (1...12).contains(month) else { return nil }
            self = .month(year: year, month: month)
        default: return nil
        }
    }

    public var year: Int {
        switch self {
        case .month(let year, _), .quarter(let year, _), .year(let year): return year
        }
    }

    /// The months of the year it covers.
    public var months: ClosedRange<Int> {
        switch self {
        case .month(_, let month): return month...month
        case .quarter(_, let quarter): return (quarter * 3 - 2)...(quarter * 3)
        case .year: return 1...12
        }
    }

    public func contains(_ date: CalendarDate) -> Bool { date.year == year && months.contains(date.month) }

    /// The period's last day: the register as it stood then says who was in which unit.
    public var lastDay: CalendarDate {
        let month = months.upperBound
        let next = month == 12 ? CalendarDate(year: year + 1, month: 1, day: 1)! : CalendarDate(year: year, month: month + 1, day: 1)!
        return next.adding(days: -1)
    }

    public var description: String {
        switch self {
        case .month(let year, let month): return "\(year)-\(month < 10 ? "0" : "")\(month)"
        case .quarter(let year, let quarter): return "\(year)-Q\(quarter)"
        case .year(let year): return "\(year)"
        }
    }
}
