import Foundation
import QuizModel
/// A person in the ledger (人员): their unit (a path such as `市委组织部/干部一科`), tier and the date they entered it.
public struct PersonRecord: Hashable, Sendable {
    public var id: String
    public var name: String
    public var unit: String
    /// The tier's name as the rules give it (县处级及以上, …), or nil when not known.
    public var tier: String?
    /// When the person entered the tier (任职时间), for the make-up year after promotion.
    public var tierSince: CalendarDate?
    /// Every tier (and unit) the person held, earliest first (a period without a start first of all): the
    /// register's history, so that a report on an earlier year judges by the tier held then and counts the person
    /// in the unit they were in. `tier` and `tierSince` are the last period's.
    public var tiers: [TierPeriod]

    /// A tier held, in a unit, from `since` (nil: from before anything recorded) until the next period starts.
    public struct TierPeriod: Hashable, Sendable {
        public var tier: String
        public var since: CalendarDate?
        /// The unit of the period; nil when not recorded (then the person's unit).
        public var unit: String?

        public init(tier: String, since: CalendarDate?, unit: String? = nil) {
            self.tier = tier
            self.since = since
            self.unit = unit
        }
    }

    public init(id: String, name: String, unit: String, tier: String? = nil, tierSince: CalendarDate? = nil, tiers: [TierPeriod]? = nil) {
        self.id = id
        self.name = name
        self.unit = unit
        self.tier = tier
        self.tierSince = tierSince
        self.tiers = tiers ?? tier.map { [TierPeriod(tier: $0, since: tierSince)] } ?? []
        if tiers != nil, let last = self.tiers.last {
            self.tier = last.tier
            self.tierSince = last.since
        }
    }

    /// The periods ordered earliest first, a period without a start first.
    public static func ordered(_ periods: [TierPeriod]) -> [TierPeriod] {
        periods.sorted { ($0.since ?? CalendarDate(year: 1, month: 1, day: 1)!) < ($1.since ?? CalendarDate(year: 1, month: 1, day: 1)!) }
    }

    /// The person as the register stood on `date`: the tier held then (the last period begun by `date`), when it
    /// began and the unit of that period; no tier when every period recorded began later (the tier before is not
    /// known; the unit is then the earliest period's).
    public func asOf(_ date: CalendarDate) -> PersonRecord {
        guard tiers.count > 1 || (tierSince.map { $0 > date } ?? false) else { return self }
        var held = self
        let current = tiers.last { period in period.since.map { $0 <= date } ?? true }
        held.tier = current?.tier
        held.tierSince = current?.since
        if let unit = (current ?? tiers.first)?.unit { held.unit = unit }
        return held
    }

    /// The unit and every unit above it: `a/b/c` → `a`, `a/b`, `a/b/c`.
    public var unitPaths: [String] { Self.paths(of: unit) }

    static func paths(of unit: String) -> [String] {
        let parts = unit.split(separator: "/", omittingEmptySubsequences: true)
        return parts.indices.map { parts[...$0].joined(separator: "/") }
    }

    /// The unit paths `unit` may have been meant as when nobody belongs to it: the full paths of a unit named
    /// without its path (`干部一科` → `市委组织部/干部一科`), paths it begins (`市委组织` → `市委组织部`), or the
    /// nearest by spelling; at most five, in byte order.
    public static func unitsMeant(by unit: String, among people: [PersonRecord]) -> [String] {
        let known = Set(people.flatMap { paths(of: $0.unit) })
        let wanted = unit.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        var meant = known.filter { $0.hasSuffix("/" + wanted) }
        if meant.isEmpty { meant = known.filter { $0.hasPrefix(wanted) || ($0.split(separator: "/").last.map { $0.hasPrefix(wanted) } ?? false) } }
        if meant.isEmpty, let nearest = closestName(to: wanted, in: known) { meant = [nearest] }
        return Array(meant.sorted { byteOrder($0, $1) < 0 }.prefix(5))
    }

    /// Whether the person belongs to `unit` or to a unit below it.
    public func belongs(to unit: String) -> Bool {
        let target = Self.paths(of: unit).last ?? ""
        return target.isEmpty || self.unit == target || self.unit.hasPrefix(target + "/")
    }
}

/// One study activity (学习记录) as imported: how much, of what kind, from which file and row.
public struct Activity: Hashable, Sendable {
    /// `record_id` when the file gives one, otherwise the natural key `person|date|kind|title` (see `naturalKey`).
    public var key: String
    public var recordID: String?
    public var person: String
    /// Name and unit as the row gives them; used to register people the store does not know yet.
    public var name: String
    public var unit: String
    public var date: CalendarDate
    /// The kind's name in the rules (aliases resolved).
    public var kind: String
    public var title: String
    /// Exactly one of hours, days and minutes is set.
    public var hours: Double?
    public var days: Double?
    public var minutes: Double?
    public var absentHours: Double?
    public var sourceRow: Int

    public init(
        recordID: String?, person: String, name: String, unit: String, date: CalendarDate, kind: String, title: String,
        hours: Double?, days: Double?, minutes: Double?, absentHours: Double?, sourceRow: Int
    ) {
        self.recordID = recordID
        self.person = person
        self.name = name
        self.unit = unit
        self.date = date
        self.kind = kind
        self.title = title
        self.hours = hours
        self.days = days
        self.minutes = minutes
        self.absentHours = absentHours
        self.sourceRow = sourceRow
        key = recordID ?? Self.naturalKey(person: person, date: date, kind: kind, title: title)
    }

    /// The key of a record without `record_id`: the same person, day, kind and title is the same record.
    public static func naturalKey(person: String, date: CalendarDate, kind: String, title: String) -> String {
        "\(person)|\(date)|\(kind)|\(title)"
    }

    /// The values that must agree when the same key is imported again; a difference is a conflict.
    public var content: [String] {
        [person, date.description, kind, title, hours.map(ledgerNumber) ?? "", days.map(ledgerNumber) ?? "",
         minutes.map(ledgerNumber) ?? "", absentHours.map(ledgerNumber) ?? ""]
    }

    /// Names of `content`'s fields, for conflict reports.
    public static let contentFields = ["person_id", "date", "kind", "title", "hours", "days", "minutes", "absent_hours"]
}

/// One points entry (积分记录).
public struct PointEntry: Hashable, Sendable {
    /// `entry_id` when the file gives one, otherwise `person|date|category|item|note`, followed by `|#n` for the
    /// n-th identical row of one file (n ≥ 2): two 每日答题 rows of one day are two entries, and importing the
    /// file again still adds nothing.
    public var key: String
    public var person: String
    public var date: CalendarDate
    public var category: String
    public var item: String
    public var points: Double
    public var note: String
    public var sourceRow: Int

    public init(entryID: String?, person: String, date: CalendarDate, category: String, item: String, points: Double, note: String, sourceRow: Int) {
        self.person = person
        self.date = date
        self.category = category
        self.item = item
        self.points = points
        self.note = note
        self.sourceRow = sourceRow
        key = entryID ?? "\(person)|\(date)|\(category)|\(item)|\(note)"
    }

    public var content: [String] { [person, date.description, category, item, ledgerNumber(points), note] }
    public static let contentFields = ["person_id", "date", "category", "item", "points", "note"]
}

/// What an activity is credited and by which rule. The wording (`rule`) is made only when asked for: imports
/// store `ruleKey` alone.
public struct Credit: Hashable, Sendable {
    public enum Basis: Hashable, Sendable {
        case hours
        case days(Double, hoursPerDay: Double)
        case minuteBand(index: Int, minutes: Double, band: LedgerRules.MinuteBand)
        case minutes(Double)
        case absence(absent: Double, course: Double, limit: LedgerRules.Fraction)
    }

    public var hours: Double
    public var basis: Basis

    /// The rule's key path in the rules file, stored with the credit.
    public var ruleKey: String {
        switch basis {
        case .hours, .minutes: return "hours"
        case .days: return "hoursPerDay"
        case .minuteBand(let index, _, _): return "minuteBands[\(index)]"
        case .absence: return "absenceLimit"
        }
    }

    /// The rule in words.
    public var rule: RuleReference {
        switch basis {
        case .hours:
            return RuleReference(rule: ruleKey, chinese: "1 小时 = 1 学时", english: "1 hour = 1 学时")
        case .minutes:
            return RuleReference(rule: ruleKey, chinese: "60 分钟 = 1 学时", english: "60 minutes = 1 学时")
        case .days(let days, let perDay):
            return RuleReference(
                rule: ruleKey, chinese: "\(ledgerNumber(days)) 天 × \(ledgerNumber(perDay)) 学时/天",
                english: "\(ledgerNumber(days)) days × \(ledgerNumber(perDay)) 学时 a day")
        case .minuteBand(_, let minutes, let band):
            return RuleReference(
                rule: ruleKey, chinese: "\(ledgerNumber(minutes)) 分钟的课程（≥\(ledgerNumber(band.minutes)) 分钟）计 \(ledgerNumber(band.hours)) 学时",
                english: "a \(ledgerNumber(minutes))-minute course (≥ \(ledgerNumber(band.minutes)) min) counts \(ledgerNumber(band.hours)) 学时")
        case .absence(let absent, let course, let limit):
            return RuleReference(
                rule: ruleKey, chinese: "缺勤 \(ledgerNumber(absent)) 学时，超过课程 \(ledgerNumber(course)) 学时的 \(limit)，不计学时",
                english: "absent \(ledgerNumber(absent)) of \(ledgerNumber(course)) 学时, more than \(limit): not credited")
        }
    }
}

extension LedgerRules {
    /// The 学时 `activity` earns on its own (caps per kind apply to a year's total, in the report).
    public func credit(for activity: Activity) -> Credit {
        let course: Double
        let basis: Credit.Basis
        // The course's hours as a product of two factors over a whole divisor (minutes / 60), made exact decimals
        // only for the absence test (Foundation's Decimal is slow, and most rows have no absence).
        let courseFactors: (first: Double, second: Double, divisor: Double)
        if let days = activity.days {
            course = days * hoursPerDay
            basis = .days(days, hoursPerDay: hoursPerDay)
            courseFactors = (days, hoursPerDay, 1)
        } else if let minutes = activity.minutes {
            // A course of no minutes earns nothing, whatever the lowest band gives.
            if minutes > 0, kinds.first(where: { $0.name == activity.kind })?.minuteBands == true, let index = minuteBands.firstIndex(where: { minutes >= $0.minutes }) {
                course = minuteBands[index].hours
                basis = .minuteBand(index: index, minutes: minutes, band: minuteBands[index])
                courseFactors = (course, 1, 1)
            } else {
                course = minutes / 60
                basis = .minutes(minutes)
                courseFactors = (minutes, 1, 60)
            }
        } else {
            course = activity.hours ?? 0
            basis = .hours
            courseFactors = (course, 1, 1)
        }
        // Missing more than the share is not credited; exactly the share still is (14.7 学时 missed 2.1 is exactly
        // 1/7): compared in decimals as written, never in binary floating point (where 2.1 × 7 > 14.7).
        if let absent = activity.absentHours, absent > 0 {
            let product = exactDecimal(courseFactors.first) * exactDecimal(courseFactors.second)
            if exactDecimal(absent) * exactDecimal(absenceLimit.denominator) * exactDecimal(courseFactors.divisor) > product * exactDecimal(absenceLimit.numerator) {
                return Credit(hours: 0, basis: .absence(absent: absent, course: course, limit: absenceLimit))
            }
        }
        return Credit(hours: course, basis: basis)
    }
}

/// `value` as the decimal it was written as (the shortest decimal that reads back as it: 2.1, not
/// 2.100000000000000088…), for exact comparisons of hours.
func exactDecimal(_ value: Double) -> Decimal {
    Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(value)
}
