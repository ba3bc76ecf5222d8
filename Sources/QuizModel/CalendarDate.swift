import Foundation

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

    /// `YYYY-MM-DD` in exactly ten ASCII bytes, or nil (also for such a date that does not exist).
    static func isoDate(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日`; surrounding spaces ignored.
    public init?(parsing text: some StringProtocol) {
        // The common case, `YYYY-MM-DD`, on the UTF-8 bytes without looking at scalars (a million imported rows
        // parse their dates here).
        let utf8 = text.utf8
        if utf8.count == 10,
            let date = utf8.withContiguousStorageIfAvailable(Self.isoDate) ?? Array(utf8).withUnsafeBufferPointer(Self.isoDate)
        {
            self = date
            return
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
        guard numbers.count == 3, separators >= 2, text.first(where: { $0 != " " && $0 != "\t" })?.isNumber == true else { return nil }
        self.init(year: numbers[0], month: numbers[1], day: numbers[2])
    }

    /// The number of days in `month` of `year`.
    public static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of any proleptic Gregorian date, negative before (Howard Hinnant's `days_from_civil`).
    public static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The year, month and day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    public static func civil(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The date `days` after 1970-01-01, or nil outside the years 1–9999.
    public init?(daysSince1970 days: Int64) {
        let civil = Self.civil(daysSince1970: days)
        self.init(year: Int(civil.year), month: Int(civil.month), day: Int(civil.day))
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

    /// Days after 1970-01-01 (negative before).
    public var daysSince1970: Int64 { Self.daysSince1970(year: Int64(year), month: Int64(month), day: Int64(day)) }

    /// The day `days` later (earlier when negative), kept within the years 1–9999.
    public func adding(days: Int) -> CalendarDate {
        let target = daysSince1970 + Int64(days)
        return CalendarDate(daysSince1970: target) ?? (days < 0 ? CalendarDate(year: 1, month: 1, day: 1)! : CalendarDate(year: 9999, month: 12, day: 31)!)
    }

    /// Today in the local time zone.
    public static var today: CalendarDate {
        let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
