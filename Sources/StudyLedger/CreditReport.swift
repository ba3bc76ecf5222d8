import Foundation
import QuizModel

/// Credited hours summed per person, year and kind (before the caps per kind, which the report applies), in exact
/// `CreditHours` units. Kinds are kept by their index in the rules, so that a report over 100,000 people does not
/// hash Chinese kind names.
public struct CreditTotals: Sendable {
    public let kinds: [String]
    public let years: ClosedRange<Int>
    /// Per person: `years.count × kinds.count` sums of `CreditHours.units`, year-major.
    private var units: [String: [Int64]] = [:]

    public init(kinds: [String], years: ClosedRange<Int>) {
        self.kinds = kinds
        self.years = years
    }

    /// Adds hours of the kind at `kind` (an index into `kinds`); years outside `years` are ignored.
    public mutating func add(person: String, year: Int, kind: Int, hours value: CreditHours) {
        guard years.contains(year), kinds.indices.contains(kind) else { return }
        units[person, default: Array(repeating: 0, count: years.count * kinds.count)][(year - years.lowerBound) * kinds.count + kind] &+= value.units
    }

    /// Adds a person's hours of one year, as `CreditHours.units` by kind index.
    public mutating func add(person: String, year: Int, units values: [Int64]) {
        guard years.contains(year), values.count == kinds.count else { return }
        let start = (year - years.lowerBound) * kinds.count
        var all = units.removeValue(forKey: person) ?? Array(repeating: 0, count: years.count * kinds.count)
        for index in values.indices { all[start + index] &+= values[index] }
        units[person] = all
    }

    /// Adds hours of the kind named `kind`; a kind the rules do not have is ignored.
    public mutating func add(person: String, year: Int, kind: String, hours value: CreditHours) {
        if let index = kinds.firstIndex(of: kind) { add(person: person, year: year, kind: index, hours: value) }
    }

    /// The hours of `person` in `year`, by kind index (zeros when none).
    public func hours(person: String, year: Int) -> [CreditHours] {
        guard years.contains(year), let all = units[person] else { return Array(repeating: .zero, count: kinds.count) }
        let start = (year - years.lowerBound) * kinds.count
        return all[start..<start + kinds.count].map(CreditHours.init(units:))
    }

    /// The same as `units`, without an array made per call (a report reads it for every person and year).
    func unitSlice(person: String, year: Int) -> ArraySlice<Int64>? {
        guard years.contains(year), let all = units[person] else { return nil }
        let start = (year - years.lowerBound) * kinds.count
        return all[start..<start + kinds.count]
    }

    public var isEmpty: Bool { units.isEmpty }
    public var people: Dictionary<String, [Int64]>.Keys { units.keys }
}

/// Where a person stands against their tier's requirement.
public enum Standing: String, Sendable, Codable {
    /// The requirement is met.
    case met
    /// Behind: listed in the 未达标名单.
    case shortfall
    /// Behind, but within the make-up period after entering the tier.
    case makeUp
    /// The person's tier has no requirement.
    case noRequirement
    /// No tier is recorded (someone registered by an activity import): nobody can say whether they are behind, so
    /// they are listed apart (未登记层级) until the register gives their tier — never counted as met.
    case untiered
}

/// One person's hours for the report's year and window, with the rule behind each number.
public struct PersonCredits: Sendable, Codable, Hashable {
    public struct KindHours: Sendable, Codable, Hashable {
        public var kind: String
        /// Counted hours (after the cap).
        public var hours: Double
        /// Earned before the cap.
        public var earned: Double
        /// The cap's rule, when it cut the hours.
        public var cap: RuleReference?
    }

    public var id: String
    public var name: String
    public var unit: String
    public var tier: String?
    /// The report year's hours by kind, in the rules' order of kinds.
    public var kinds: [KindHours]
    /// The report year's counted hours.
    public var hours: Double
    /// Hours of online kinds in the report year.
    public var onlineHours: Double
    /// The requirement's window, ending with the report year, and the hours counted in it.
    public var windowYears: Int
    public var windowHours: Double
    /// Required hours and days in the window; nil without a requirement.
    public var required: Double?
    public var requiredDays: Double?
    public var onlineRequired: Double?
    /// The kinds that count toward `required` and `requiredDays` (nil: every kind).
    public var countedKinds: [String]? = nil
    /// Hours still missing (the smaller of the hours and days criteria), and online hours still missing.
    public var shortfall: Double
    public var onlineShortfall: Double
    public var standing: Standing
    /// The end of the make-up period when `standing` is `makeUp`.
    public var makeUpUntil: String?
    /// The rules that produced the requirement and the standing.
    public var rules: [RuleReference]

    public var met: Bool { standing == .met || standing == .noRequirement }
}

/// Completion per unit (each unit counts the people of the units below it).
public struct UnitCompletion: Sendable, Codable, Hashable {
    public var unit: String
    /// People with a requirement.
    public var people: Int
    public var met: Int
    public var makeUp: Int
    public var behind: Int
    /// People without a recorded tier (not in `people`).
    public var untiered: Int
    /// met / people; nil when nobody in the unit has a requirement.
    public var rate: Double?
}

/// The credit report for one year (and, for tiers with a window, the years before it).
public struct CreditReport: Sendable {
    public var year: Int
    /// The day standings are judged on: the end of the year, or today for the current year.
    public var asOf: CalendarDate
    public var rulesName: String
    public var people: [PersonCredits]
    public var units: [UnitCompletion]

    /// The people behind (未达标名单), by unit then id.
    public var behind: [PersonCredits] { people.filter { $0.standing == .shortfall } }

    /// The people without a recorded tier (未登记层级), by unit then id.
    public var untiered: [PersonCredits] { people.filter { $0.standing == .untiered } }

    /// Builds the report from `totals` (credited hours by person, year and kind) for `people`, ordered by unit then
    /// id (byte order, which is code point order).
    public init(year: Int, asOf: CalendarDate, people: [PersonRecord], totals: CreditTotals, rules: LedgerRules) {
        self.year = year
        self.asOf = asOf
        rulesName = rules.name
        // The totals' kind indices in the rules' order of kinds.
        let kindIndex = rules.kinds.map { totals.kinds.firstIndex(of: $0.name) }
        var standings: [PersonCredits] = []
        standings.reserveCapacity(people.count)
        func precedes(_ a: PersonRecord, _ b: PersonRecord) -> Bool {
            let unit = byteOrder(a.unit, b.unit)
            return unit == 0 ? byteOrder(a.id, b.id) < 0 : unit < 0
        }
        // Each judged by the tier held, and counted in the unit they were in, on the report's day (not today's).
        let held = people.map { $0.asOf(asOf) }
        // Stores hand people over in this order already: then checking it is enough.
        let ordered = zip(held, held.dropFirst()).allSatisfy { !precedes($1, $0) } ? held : held.sorted(by: precedes)
        // Each cap's wording, made once.
        let caps = rules.kinds.map { kind in
            kind.capPerYear.map { cap in
                RuleReference(
                    rule: "kinds[\(kind.name)].capPerYear", chinese: "\(kind.name)每年最多计 \(ledgerNumber(cap)) 学时",
                    english: "\(kind.name) counts at most \(ledgerNumber(cap)) 学时 a year")
            }
        }
        let capUnits = rules.kinds.map { $0.capPerYear.map(CreditHours.init) }
        // Tiers are few: their requirements and the rules' wording are looked up once each.
        var requirements: [(tier: String?, requirement: LedgerRules.Requirement?, rules: [RuleReference])] = []
        for person in ordered {
            let requirement: LedgerRules.Requirement?
            let wording: [RuleReference]
            if let known = requirements.first(where: { sameText($0.tier, person.tier) }) {
                requirement = known.requirement
                wording = known.rules
            } else {
                requirement = person.tier.flatMap(rules.requirement(tier:))
                wording = Self.wording(requirement, tier: person.tier, rules: rules)
                requirements.append((person.tier, requirement, wording))
            }
            let window = requirement?.years ?? 1
            var kinds: [PersonCredits.KindHours] = []
            kinds.reserveCapacity(rules.kinds.count)
            // Summed, capped and judged in exact units; Doubles only for what the report prints.
            var windowHours = CreditHours.zero
            var hours = CreditHours.zero
            var online = CreditHours.zero
            for y in (year - window + 1)...year {
                let earned = totals.unitSlice(person: person.id, year: y)
                for (index, kind) in rules.kinds.enumerated() {
                    let raw = earned.flatMap { slice in kindIndex[index].map { CreditHours(units: slice[slice.startIndex + $0]) } } ?? .zero
                    let counted = capUnits[index].map { min(raw, $0) } ?? raw
                    if requirement?.counts(kind.name) ?? true { windowHours += counted }
                    guard y == year else { continue }
                    hours += counted
                    if kind.online { online += counted }
                    kinds.append(
                        PersonCredits.KindHours(kind: kind.name, hours: counted.hours, earned: raw.hours, cap: counted < raw ? caps[index] : nil))
                }
            }
            var credits = PersonCredits(
                id: person.id, name: person.name, unit: person.unit, tier: person.tier, kinds: kinds, hours: hours.hours,
                onlineHours: online.hours, windowYears: window, windowHours: windowHours.hours, required: requirement?.hours,
                requiredDays: requirement?.days, onlineRequired: requirement?.onlineHoursPerYear, shortfall: 0, onlineShortfall: 0,
                standing: .noRequirement, makeUpUntil: nil, rules: wording)
            credits.countedKinds = requirement?.kinds
            if person.tier == nil {
                credits.standing = .untiered
            } else if let requirement, Self.hasRequirement(requirement) {
                Self.judge(
                    &credits, windowHours: windowHours, onlineHours: online, requirement: requirement, person: person, rules: rules,
                    year: year, asOf: asOf)
            }
            standings.append(credits)
        }
        self.people = standings
        units = Self.completion(standings)
    }

    static func hasRequirement(_ requirement: LedgerRules.Requirement) -> Bool {
        requirement.hours != nil || requirement.days != nil || requirement.onlineHoursPerYear != nil
    }

    /// The rules behind a tier's requirement, in words (the same for everyone in the tier).
    static func wording(_ requirement: LedgerRules.Requirement?, tier: String?, rules: LedgerRules) -> [RuleReference] {
        guard let requirement, hasRequirement(requirement) else {
            return [
                RuleReference(
                    rule: tier.map { "requirements[\($0)]" } ?? "requirements",
                    chinese: tier.map { "层级“\($0)”无学时要求" } ?? "未登记层级：无法判断是否达标，请在名册中登记其层级",
                    english: tier.map { "the tier \($0) has no requirement" } ?? "no tier recorded: whether they are behind cannot be judged until the register gives it")
            ]
        }
        let path = "requirements[\(requirement.tier)]"
        let span = requirement.years == 1 ? "每年" : "每 \(requirement.years) 年"
        let spanEnglish = requirement.years == 1 ? "a year" : "every \(requirement.years) years"
        var wording: [String] = []
        var englishWording: [String] = []
        if let hours = requirement.hours {
            wording.append("\(ledgerNumber(hours)) 学时")
            englishWording.append("\(ledgerNumber(hours)) 学时")
        }
        if let days = requirement.days {
            wording.append("\(ledgerNumber(days)) 天（× \(ledgerNumber(rules.hoursPerDay)) 学时/天）")
            englishWording.append("\(ledgerNumber(days)) days (× \(ledgerNumber(rules.hoursPerDay)) 学时 a day)")
        }
        var references: [RuleReference] = []
        if !wording.isEmpty {
            let only = requirement.kinds.map { $0.joined(separator: "、") }
            references.append(
                RuleReference(
                    rule: path, chinese: "\(requirement.tier)\(span)不少于 " + wording.joined(separator: "或") + (only.map { "（只计\($0)）" } ?? ""),
                    english: "\(requirement.tier): at least " + englishWording.joined(separator: " or ") + " \(spanEnglish)" + (only.map { " (counting \($0) only)" } ?? "")))
        }
        if let online = requirement.onlineHoursPerYear {
            references.append(
                RuleReference(
                    rule: "\(path).onlineHoursPerYear", chinese: "每年网络学习不少于 \(ledgerNumber(online)) 学时",
                    english: "at least \(ledgerNumber(online)) 学时 of online study a year"))
        }
        return references
    }

    /// Sets the shortfalls and the standing of someone whose tier has a requirement, comparing exact hours.
    static func judge(
        _ credits: inout PersonCredits, windowHours: CreditHours, onlineHours: CreditHours, requirement: LedgerRules.Requirement,
        person: PersonRecord, rules: LedgerRules, year: Int, asOf: CalendarDate
    ) {
        var gaps: [CreditHours] = []
        if let hours = requirement.hours { gaps.append(CreditHours(hours) - windowHours) }
        // days × hoursPerDay has at most four decimals (two each), a whole number of units.
        if let days = requirement.days { gaps.append(CreditHours(days * rules.hoursPerDay) - windowHours) }
        let shortfall = max(.zero, gaps.min() ?? .zero)
        let onlineShortfall = requirement.onlineHoursPerYear.map { max(.zero, CreditHours($0) - onlineHours) } ?? .zero
        credits.shortfall = shortfall.hours
        credits.onlineShortfall = onlineShortfall.hours
        guard shortfall > .zero || onlineShortfall > .zero else {
            credits.standing = .met
            return
        }
        credits.standing = .shortfall
        if let years = requirement.makeUpYears, let since = person.tierSince {
            let deadline = since.adding(years: years)
            if deadline >= asOf {
                credits.standing = .makeUp
                credits.makeUpUntil = deadline.description
                credits.rules.append(
                    RuleReference(
                        rule: "requirements[\(requirement.tier)].makeUpYears", chinese: "\(since) 进入该层级，\(deadline) 前补足",
                        english: "entered the tier on \(since): to be made up by \(deadline)"))
            }
        }
    }

    static func completion(_ people: [PersonCredits]) -> [UnitCompletion] {
        // People arrive grouped by unit: count each run, then add the run to the unit and every unit above it.
        var units: [String: UnitCompletion] = [:]
        var index = 0
        while index < people.count {
            let unit = people[index].unit
            var run = UnitCompletion(unit: unit, people: 0, met: 0, makeUp: 0, behind: 0, untiered: 0, rate: nil)
            while index < people.count, byteOrder(people[index].unit, unit) == 0 {
                switch people[index].standing {
                case .met: run.met += 1
                case .makeUp: run.makeUp += 1
                case .shortfall: run.behind += 1
                case .untiered: run.untiered += 1
                case .noRequirement: break
                }
                index += 1
            }
            run.people = run.met + run.makeUp + run.behind
            guard run.people > 0 || run.untiered > 0 else { continue }
            for path in PersonRecord.paths(of: unit) {
                var entry = units[path] ?? UnitCompletion(unit: path, people: 0, met: 0, makeUp: 0, behind: 0, untiered: 0, rate: nil)
                entry.people += run.people
                entry.met += run.met
                entry.makeUp += run.makeUp
                entry.behind += run.behind
                entry.untiered += run.untiered
                entry.rate = entry.people > 0 ? Double(entry.met) / Double(entry.people) : nil
                units[path] = entry
            }
        }
        return units.values.sorted { byteOrder($0.unit, $1.unit) < 0 }
    }
}

/// Whether two optional texts are the same bytes (both nil counts as the same).
func sameText(_ a: String?, _ b: String?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (let a?, let b?): return byteOrder(a, b) == 0
    default: return false
    }
}

/// The order of two strings' UTF-8 bytes (which is code point order): negative, zero or positive. Swift's own `<`
/// and `==` take a slow path for every non-ASCII string, and units are Chinese.
func byteOrder(_ a: String, _ b: String) -> Int {
    var a = a
    var b = b
    return a.withUTF8 { left in
        b.withUTF8 { right in
            let common = min(left.count, right.count)
            if common > 0 {
                let order = memcmp(left.baseAddress!, right.baseAddress!, common)
                if order != 0 { return Int(order) }
            }
            return left.count - right.count
        }
    }
}
