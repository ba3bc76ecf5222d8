/// Credited hours summed per person, year and kind (before the caps per kind, which the report applies).
public typealias CreditTotals = [String: [Int: [String: Double]]]

/// Where a person stands against their tier's requirement.
public enum Standing: String, Sendable, Codable {
    /// The requirement is met.
    case met
    /// Behind: listed in the 未达标名单.
    case shortfall
    /// Behind, but within the make-up period after entering the tier.
    case makeUp
    /// The person's tier has no requirement, or the tier is not known.
    case noRequirement
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

    /// Builds the report from `totals` (credited hours by person, year and kind) for `people`.
    public init(year: Int, asOf: CalendarDate, people: [PersonRecord], totals: CreditTotals, rules: LedgerRules) {
        self.year = year
        self.asOf = asOf
        rulesName = rules.name
        let onlineKinds = Set(rules.kinds.filter(\.online).map(\.name))
        var standings: [PersonCredits] = []
        standings.reserveCapacity(people.count)
        for person in people.sorted(by: { ($0.unit, $0.id) < ($1.unit, $1.id) }) {
            let years = totals[person.id] ?? [:]
            let requirement = person.tier.flatMap(rules.requirement(tier:))
            let window = requirement?.years ?? 1
            var kinds: [PersonCredits.KindHours] = []
            var windowHours = 0.0
            for y in (year - window + 1)...year {
                let earned = years[y] ?? [:]
                for kind in rules.kinds {
                    let raw = earned[kind.name] ?? 0
                    let counted = kind.capPerYear.map { min(raw, $0) } ?? raw
                    windowHours += counted
                    if y == year {
                        let cap =
                            counted < raw
                            ? RuleReference(
                                rule: "kinds[\(kind.name)].capPerYear", chinese: "\(kind.name)每年最多计 \(ledgerNumber(kind.capPerYear!)) 学时",
                                english: "\(kind.name) counts at most \(ledgerNumber(kind.capPerYear!)) 学时 a year")
                            : nil
                        kinds.append(PersonCredits.KindHours(kind: kind.name, hours: counted, earned: raw, cap: cap))
                    }
                }
            }
            let hours = kinds.reduce(0) { $0 + $1.hours }
            let online = kinds.filter { onlineKinds.contains($0.kind) }.reduce(0) { $0 + $1.hours }
            var credits = PersonCredits(
                id: person.id, name: person.name, unit: person.unit, tier: person.tier, kinds: kinds, hours: hours, onlineHours: online,
                windowYears: window, windowHours: windowHours, required: requirement?.hours, requiredDays: requirement?.days,
                onlineRequired: requirement?.onlineHoursPerYear, shortfall: 0, onlineShortfall: 0, standing: .noRequirement, makeUpUntil: nil,
                rules: [])
            if let requirement, requirement.hours != nil || requirement.days != nil || requirement.onlineHoursPerYear != nil {
                Self.judge(&credits, requirement: requirement, person: person, rules: rules, year: year, asOf: asOf)
            } else {
                credits.rules.append(
                    RuleReference(
                        rule: person.tier.map { "requirements[\($0)]" } ?? "requirements",
                        chinese: person.tier.map { "层级“\($0)”无学时要求" } ?? "未登记层级，不作要求",
                        english: person.tier.map { "the tier \($0) has no requirement" } ?? "no tier recorded: no requirement"))
            }
            standings.append(credits)
        }
        self.people = standings
        units = Self.completion(standings)
    }

    static func judge(
        _ credits: inout PersonCredits, requirement: LedgerRules.Requirement, person: PersonRecord, rules: LedgerRules, year: Int,
        asOf: CalendarDate
    ) {
        let path = "requirements[\(requirement.tier)]"
        let span = requirement.years == 1 ? "每年" : "每 \(requirement.years) 年"
        let spanEnglish = requirement.years == 1 ? "a year" : "every \(requirement.years) years"
        var gaps: [Double] = []
        var wording: [String] = []
        var englishWording: [String] = []
        if let hours = requirement.hours {
            gaps.append(hours - credits.windowHours)
            wording.append("\(ledgerNumber(hours)) 学时")
            englishWording.append("\(ledgerNumber(hours)) 学时")
        }
        if let days = requirement.days {
            gaps.append(days * rules.hoursPerDay - credits.windowHours)
            wording.append("\(ledgerNumber(days)) 天（× \(ledgerNumber(rules.hoursPerDay)) 学时/天）")
            englishWording.append("\(ledgerNumber(days)) days (× \(ledgerNumber(rules.hoursPerDay)) 学时 a day)")
        }
        if !gaps.isEmpty {
            credits.shortfall = max(0, gaps.min()!)
            credits.rules.append(
                RuleReference(
                    rule: path, chinese: "\(requirement.tier)\(span)不少于 " + wording.joined(separator: "或"),
                    english: "\(requirement.tier): at least " + englishWording.joined(separator: " or ") + " \(spanEnglish)"))
        }
        if let online = requirement.onlineHoursPerYear {
            credits.onlineShortfall = max(0, online - credits.onlineHours)
            credits.rules.append(
                RuleReference(
                    rule: "\(path).onlineHoursPerYear", chinese: "每年网络学习不少于 \(ledgerNumber(online)) 学时",
                    english: "at least \(ledgerNumber(online)) 学时 of online study a year"))
        }
        guard credits.shortfall > 1e-9 || credits.onlineShortfall > 1e-9 else {
            credits.shortfall = 0
            credits.onlineShortfall = 0
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
                        rule: "\(path).makeUpYears", chinese: "\(since) 进入该层级，\(deadline) 前补足",
                        english: "entered the tier on \(since): to be made up by \(deadline)"))
            }
        }
    }

    static func completion(_ people: [PersonCredits]) -> [UnitCompletion] {
        var units: [String: UnitCompletion] = [:]
        for person in people where person.standing != .noRequirement {
            for unit in PersonRecord.paths(of: person.unit) {
                var entry = units[unit] ?? UnitCompletion(unit: unit, people: 0, met: 0, makeUp: 0, behind: 0, rate: nil)
                entry.people += 1
                switch person.standing {
                case .met: entry.met += 1
                case .makeUp: entry.makeUp += 1
                case .shortfall: entry.behind += 1
                case .noRequirement: break
                }
                entry.rate = Double(entry.met) / Double(entry.people)
                units[unit] = entry
            }
        }
        return units.values.sorted { $0.unit < $1.unit }
    }
}
