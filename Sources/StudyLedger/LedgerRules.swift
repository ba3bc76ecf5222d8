import QuizModel

/// The rules in force for credit hours (学时) and points (积分): read from a YAML file (see `docs/ledger.md`), with
/// the presets of the 干部教育培训工作条例 built in. Every number a report shows names the rule that produced it
/// (`RuleReference`).
public struct LedgerRules: Hashable, Sendable {
    /// A form of study (学习形式) activities are recorded under.
    public struct Kind: Hashable, Sendable {
        public var name: String
        /// Other spellings accepted on import (English names, abbreviations).
        public var aliases: [String]
        /// Counts towards the yearly minimum of online study.
        public var online: Bool
        /// At most this many hours of the kind count in one year (reward and self-study caps).
        public var capPerYear: Double?
        /// Amounts given in minutes are credited by `minuteBands` (per course) rather than minutes / 60.
        public var minuteBands: Bool

        public init(name: String, aliases: [String] = [], online: Bool = false, capPerYear: Double? = nil, minuteBands: Bool = false) {
            self.name = name
            self.aliases = aliases
            self.online = online
            self.capPerYear = capPerYear
            self.minuteBands = minuteBands
        }
    }

    /// One band of course length: a course of at least `minutes` minutes is credited `hours`.
    public struct MinuteBand: Hashable, Sendable {
        public var minutes: Double
        public var hours: Double
    }

    /// What a tier (县处级及以上, 乡科级及以下, …) must reach.
    public struct Requirement: Hashable, Sendable {
        public var tier: String
        public var aliases: [String]
        /// The window the hours are summed over, ending with the report's year (1 = yearly, 5 = rolling five years).
        public var years: Int
        /// Met when the window's hours reach `hours` **or** its days (hours / hoursPerDay) reach `days`.
        public var hours: Double?
        public var days: Double?
        /// Someone who entered the tier without meeting it has this many years after entering to make it up.
        public var makeUpYears: Int?
        /// Hours of online kinds required in the report's year.
        public var onlineHoursPerYear: Double?
        /// The kinds whose hours count toward `hours` and `days` (nil: every kind). The online minimum counts the
        /// online kinds either way.
        public var kinds: [String]? = nil

        /// Whether hours of `kind` count toward the requirement's hours and days.
        public func counts(_ kind: String) -> Bool { kinds.map { $0.contains(kind) } ?? true }
    }

    /// A share such as 1/7, kept as written so that comparisons are exact.
    public struct Fraction: Hashable, Sendable, CustomStringConvertible {
        public var numerator: Double
        public var denominator: Double

        public var description: String {
            denominator == 1 ? ledgerNumber(numerator) : "\(ledgerNumber(numerator))/\(ledgerNumber(denominator))"
        }
    }

    /// A points item (积分项目) within a category.
    public struct PointsItem: Hashable, Sendable {
        public var category: String
        public var name: String
        /// Points when an entry gives none.
        public var points: Double?
        /// At most this many points of the item per person and day (学习强国's daily cap).
        public var dailyCap: Double?
    }

    /// The dates an imported activity or points entry may carry: from `earliest` to `daysAhead` days after the
    /// day of import. A date outside is a typo (2062 for 2026, 1926 for 2026) and the row is refused.
    public struct DateWindow: Hashable, Sendable {
        public var earliest: CalendarDate
        public var daysAhead: Int

        /// The dates accepted on an import made on `today`.
        public func dates(importedOn today: CalendarDate) -> ClosedRange<CalendarDate> {
            let latest = today.adding(days: daysAhead)
            return min(earliest, latest)...latest
        }
    }

    public var name: String
    /// 1 day of training = this many 学时 (8 by default; 6 where a half day counts 3).
    public var hoursPerDay: Double
    public var kinds: [Kind]
    /// Longest first; the first band a course reaches gives its hours.
    public var minuteBands: [MinuteBand]
    /// A course missed for more than this share of its hours is not credited (1/7 by the 条例).
    public var absenceLimit: Fraction
    /// A passed exam (`kaoxue exam`, `kaoxue score --record`) adds `examHours` under `examKind`.
    public var examKind: String
    public var examHours: Double
    public var examPassPercent: Double
    public var requirements: [Requirement]
    public var pointsItems: [PointsItem]
    /// The lowest share of each unit's quarterly ranking is flagged (0.1 = the bottom 10 %).
    public var pointsBottomShare: Double
    /// Dates imports accept (`dates` in the rules file; preset: from 2000-01-01 to the day of import).
    public var dates = DateWindow(earliest: CalendarDate(year: 2000, month: 1, day: 1)!, daysAhead: 0)

    /// The kind named `text` (its name or an alias, case-insensitive), or nil.
    public func kind(named text: String) -> Kind? {
        let key = text.lowercased()
        return kinds.first { $0.name.lowercased() == key || $0.aliases.contains { $0.lowercased() == key } }
    }

    /// The requirement of `tier` (its name or an alias), or nil when the tier has none.
    public func requirement(tier text: String) -> Requirement? {
        let key = text.lowercased()
        return requirements.first { $0.tier.lowercased() == key || $0.aliases.contains { $0.lowercased() == key } }
    }

    public func pointsItem(category: String, item: String) -> PointsItem? {
        pointsItems.first { $0.category == category && $0.name == item }
    }
}

/// Which rule produced a number: a key path into the rules file and the rule in words.
public struct RuleReference: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Such as `hoursPerDay` or `kinds[在职自学].capPerYear`.
    public var rule: String
    /// Such as `1 天 = 8 学时`.
    public var chinese: String
    public var english: String

    public init(rule: String, chinese: String, english: String) {
        self.rule = rule
        self.chinese = chinese
        self.english = english
    }

    public var description: String { "\(rule): \(english)" }
}

/// Numbers as ledgers print them: no trailing zeros, at most two decimals (`12`, `0.5`, `91.25`).
public func ledgerNumber(_ value: Double) -> String {
    // Beyond what imports accept (a store written by an older kaoxue may hold such a value): printed as it is
    // rather than trapping in the conversion to a whole number.
    guard value.isFinite, abs(value) < 1e13 else { return "\(value)" }
    let rounded = (value * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int64(rounded)) }
    var text = String(format2: rounded)
    while text.hasSuffix("0") { text.removeLast() }
    return text
}

extension String {
    /// Two decimals without Foundation.
    init(format2 value: Double) {
        let negative = value < 0
        let hundredths = Int64((abs(value) * 100).rounded())
        let fraction = hundredths % 100
        self = (negative ? "-" : "") + "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
