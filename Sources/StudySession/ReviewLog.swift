import BankFormats
import Foundation
import QuizModel

/// One review: which card, when, how it went.
public struct ReviewEntry: Hashable, Sendable {
    public var card: String
    public var time: Instant
    public var rating: Rating

    public init(card: String, time: Instant, rating: Rating) {
        self.card = card
        self.time = time
        self.rating = rating
    }
}

/// Review logs as CSV with the header `card,time,rating` (ISO 8601 times, ratings 1–4).
public enum ReviewLog {
    /// Every entry, or every problem found.
    public static func parse(_ text: String) -> Result<[ReviewEntry], TableProblems> {
        let table: CSVTable
        do {
            table = try CSVTable.parse(text)
        } catch {
            return .failure(TableProblems([error.tableProblem]))
        }
        guard let header = table.rows.first else {
            return .failure(TableProblems([TableProblem(
                row: 1, column: 1, chinese: "记录是空的；表头应为 card,time,rating", english: "the log is empty; expected the header card,time,rating")]))
        }
        let names = header.map { $0.text.trimmingCharacters(in: .whitespaces).lowercased() }
        guard names == ["card", "time", "rating"] else {
            return .failure(TableProblems([TableProblem(
                row: 1, column: 1, chinese: "表头应为 card,time,rating，实为 \(names.joined(separator: ","))",
                english: "expected the header card,time,rating, found \(names.joined(separator: ","))")]))
        }
        var entries: [ReviewEntry] = []
        var problems: [TableProblem] = []
        for row in table.rows.dropFirst() {
            guard row.count == 3 else {
                problems.append(.fieldCount(row: row[0].row, found: row.count, expected: 3))
                continue
            }
            let card = row[0].text.trimmingCharacters(in: .whitespaces)
            if card.isEmpty { problems.append(TableProblem(row: row[0].row, column: 1, chinese: "卡片编号为空", english: "empty card id")) }
            let time = ISOTime.parse(row[1].text.trimmingCharacters(in: .whitespaces))
            if time == nil {
                problems.append(TableProblem(
                    row: row[1].row, column: 2, chinese: "“\(row[1].text)”不是 ISO 8601 时间（如 2026-01-05T08:30:00Z）",
                    english: "\"\(row[1].text)\" is not an ISO 8601 time such as 2026-01-05T08:30:00Z"))
            }
            let rating = Int(row[2].text.trimmingCharacters(in: .whitespaces)).flatMap(Rating.init(rawValue:))
            if rating == nil {
                problems.append(TableProblem(
                    row: row[2].row, column: 3, chinese: "评分“\(row[2].text)”应为 1（again）、2（hard）、3（good）或 4（easy）",
                    english: "rating \"\(row[2].text)\" is not 1 (again), 2 (hard), 3 (good) or 4 (easy)"))
            }
            if let time, let rating, !card.isEmpty { entries.append(ReviewEntry(card: card, time: time, rating: rating)) }
        }
        return problems.isEmpty ? .success(entries) : .failure(TableProblems(problems))
    }

    /// Each card's state after its reviews in time order, fuzzing off, cards in id order.
    public static func replay(_ entries: [ReviewEntry], scheduler: FSRSScheduler = FSRSScheduler()) -> [(card: String, state: CardState)] {
        var byCard: [String: [ReviewEntry]] = [:]
        for entry in entries { byCard[entry.card, default: []].append(entry) }
        var fuzzless = scheduler
        fuzzless.enableFuzzing = false
        return byCard.keys.sorted().map { card in
            // A stable sort: reviews at the same instant keep the log's order.
            let reviews = byCard[card]!.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
            var state = CardState(due: reviews[0].time)
            for review in reviews { state = fuzzless.review(state, rating: review.rating, at: review.time) }
            return (card, state)
        }
    }
}

/// ISO 8601 times to and from `Instant`, to the microsecond: `2026-01-05T08:30:00Z`, `…00.123456Z`,
/// `…00+08:00`; a date alone means midnight UTC.
public enum ISOTime {
    public static func parse(_ text: String) -> Instant? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for k in 0..<width {
                let byte = bytes[index + k]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            index += width
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
            let day = number(2), (1...12).contains(month), (1...Int64(CalendarDate.days(inMonth: Int(month), year: Int(year)))).contains(day)
        else { return nil }
        var seconds = CalendarDate.daysSince1970(year: year, month: month, day: day) * 86_400
        var micros: Int64 = 0
        if index == bytes.count { return Instant(microseconds: seconds * 1_000_000) }
        guard expect(UInt8(ascii: "T")) || expect(UInt8(ascii: " ")), let hour = number(2), expect(UInt8(ascii: ":")),
            let minute = number(2), expect(UInt8(ascii: ":")), let second = number(2), hour < 24, minute < 60, second < 61
        else { return nil }
        seconds += hour * 3600 + minute * 60 + second
        if expect(UInt8(ascii: ".")) {
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                if digits < 6 { micros = micros * 10 + Int64(bytes[index] - 0x30) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }
        if expect(UInt8(ascii: "Z")) {
            // UTC
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[index] == UInt8(ascii: "+") ? 1 : -1
            index += 1
            guard let hours = number(2) else { return nil }
            _ = expect(UInt8(ascii: ":"))
            // Offsets in use run from −12:00 to +14:00; `+99:00` is a typo, not a zone.
            guard let minutes = number(2), minutes < 60, hours * 60 + minutes <= 14 * 60 else { return nil }
            seconds -= sign * (hours * 3600 + minutes * 60)
        } else {
            return nil  // a time without a zone is ambiguous
        }
        guard index == bytes.count else { return nil }
        return Instant(microseconds: seconds * 1_000_000 + micros)
    }

    /// `2026-01-05T08:30:00Z`, with `.ffffff` when there are microseconds.
    public static func format(_ instant: Instant) -> String {
        let micros = ((instant.microseconds % 1_000_000) + 1_000_000) % 1_000_000
        let seconds = (instant.microseconds - micros) / 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let rest = seconds - days * 86_400
        let (year, month, day) = CalendarDate.civil(daysSince1970: days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))"
        if micros != 0 {
            let digits = String(micros)
            text += "." + String(repeating: "0", count: 6 - digits.count) + digits
        }
        return text + "Z"
    }
}
