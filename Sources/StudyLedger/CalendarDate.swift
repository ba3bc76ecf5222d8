/// A day in the proleptic Gregorian calendar, as ledgers write them: `2026-05-08` (also `2026/5/8` and
/// `2026年5月8日` on input). Stored and printed as `YYYY-MM-DD`, so text order is date order.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// A valid date, or nil (month 13, 30 February, …).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Self.days(inMonth: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日`; surrounding spaces ignored.
    public init?(parsing text: some StringProtocol) {
        // The common case, `YYYY-MM-DD`, without looking at scalars.
        let utf8 = text.utf8
        if utf8.count == 10 {
            var values = (0, 0, 0)
            var valid = true
            for (offset, byte) in utf8.enumerated() {
                if offset == 4 || offset == 7 {
                    valid = valid && byte == UInt8(ascii: "-")
                } else if byte >= 0x30, byte <= 0x39 {
                    let digit = Int(byte - 0x30)
                    switch offset {
                    case 0..<4: values.0 = values.0 * 10 + digit
                    case 5, 6: values.1 = values.1 * 10 + digit
                    default: values.2 = values.2 * 10 + digit
                    }
                } else {
                    valid = false
                }
            }
            if valid {
                self.init(year: values.0, month: values.1, day: values.2)
                return
            }
        }
        var numbers: [Int] = []
        var current: Int? = nil
        var separators = 0
        for scalar in text.unicodeScalars {
            if let digit = scalar.properties.numericType == .decimal ? scalar.properties.numericValue : nil, scalar.isASCII {
                current = (current ?? 0) * 10 + Int(digit)
                if current! > 9999 { return nil }
            } else if "-/.年月日".unicodeScalars.contains(scalar) {
                guard let value = current else { return nil }
                numbers.append(value)
                current = nil
                separators += 1
            } else if scalar == " " || scalar == "\t" {
                continue
            } else {
                return nil
            }
        }
        if let current { numbers.append(current) }
        guard numbers.count == 3, separators >= 2, text.trimmingCharacters(in: " \t").first?.isNumber == true else { return nil }
        self.init(year: numbers[0], month: numbers[1], day: numbers[2])
    }

    public static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, at offset: Int, width: Int) {
                var value = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, at: 0, width: 4)
            buffer[4] = UInt8(ascii: "-")
            put(month, at: 5, width: 2)
            buffer[7] = UInt8(ascii: "-")
            put(day, at: 8, width: 2)
            return 10
        }
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// The same day `years` later (29 February becomes 28 February in a common year).
    public func adding(years: Int) -> CalendarDate {
        CalendarDate(year: year + years, month: month, day: min(day, Self.days(inMonth: month, year: year + years)))!
    }

    /// 1–4.
    public var quarter: Int { (month - 1) / 3 + 1 }
}

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

    public var description: String {
        switch self {
        case .month(let year, let month): return "\(year)-\(month < 10 ? "0" : "")\(month)"
        case .quarter(let year, let quarter): return "\(year)-Q\(quarter)"
        case .year(let year): return "\(year)"
        }
    }
}
