import QuizModel
import RulesFiles
import Yams

extension LedgerRules {
    /// Every problem found in a rules file.
    public typealias ReadFailure = RulesReadFailure

    /// The built-in preset (`examples/ledger/rules.yaml`), as YAML text.
    public static var presetYAML: String { String(decoding: PackageResources.preset_rules_yaml, as: UTF8.self) }

    /// The built-in preset, parsed.
    public static let preset: LedgerRules = RulesNodeReader.builtIn(presetYAML, read(yaml:))

    /// Parses rules from YAML, checking every value; all problems are reported together.
    public static func read(yaml: String) throws(ReadFailure) -> LedgerRules {
        try RulesNodeReader.read(yaml: yaml) { reader, root in reader.ledgerRules(root) }
    }
}

/// The ledger's rules, read from their YAML tree.
extension RulesNodeReader {
    mutating func ledgerRules(_ root: Node) -> LedgerRules? {
        guard
            let top = mapping(
                root, "", allowed: ["name", "hoursPerDay", "kinds", "minuteBands", "absenceLimit", "exam", "requirements", "points", "dates"])
        else { return nil }
        let name = text(top["name"], "name") ?? ""
        if top["name"] == nil { fail(root, "name", "缺少 name", "name is missing") }
        let hoursPerDay = number(top["hoursPerDay"], "hoursPerDay", positive: true, maximum: 24, decimals: CreditHours.minuteDecimals) ?? 8

        var kinds: [LedgerRules.Kind] = []
        if top["kinds"] == nil { fail(root, "kinds", "缺少 kinds", "kinds is missing") }
        var spellings: [String: String] = [:]
        for (index, node) in sequence(top["kinds"], "kinds").enumerated() {
            let path = "kinds[\(index)]"
            guard let values = mapping(node, path, allowed: ["name", "aliases", "online", "capPerYear", "minuteBands"]),
                let kindName = text(values["name"], "\(path).name")
            else {
                if node.mapping?["name"] == nil { fail(node, "\(path).name", "缺少 name", "name is missing") }
                continue
            }
            let kind = LedgerRules.Kind(
                name: kindName, aliases: names(values["aliases"], "\(path).aliases"), online: flag(values["online"], "\(path).online") ?? false,
                capPerYear: number(values["capPerYear"], "\(path).capPerYear", maximum: 2_000, decimals: CreditHours.hourDecimals), minuteBands: flag(values["minuteBands"], "\(path).minuteBands") ?? false)
            for spelling in [kind.name] + kind.aliases {
                if let other = spellings[spelling.lowercased()] {
                    fail(node, path, "“\(spelling)”已用于学习形式“\(other)”", "\"\(spelling)\" already names the kind \"\(other)\"")
                }
                spellings[spelling.lowercased()] = kind.name
            }
            kinds.append(kind)
        }

        var bands: [LedgerRules.MinuteBand] = []
        for (index, node) in sequence(top["minuteBands"], "minuteBands").enumerated() {
            let path = "minuteBands[\(index)]"
            guard let values = mapping(node, path, allowed: ["minutes", "hours"]) else { continue }
            guard let minutes = number(values["minutes"], "\(path).minutes", maximum: 120_000, decimals: CreditHours.minuteDecimals),
                let hours = number(values["hours"], "\(path).hours", maximum: 2_000, decimals: CreditHours.hourDecimals) else {
                if values["minutes"] == nil || values["hours"] == nil {
                    fail(node, path, "需要 minutes 与 hours", "minutes and hours are both needed")
                }
                continue
            }
            bands.append(LedgerRules.MinuteBand(minutes: minutes, hours: hours))
        }
        bands.sort { $0.minutes > $1.minutes }
        if kinds.contains(where: \.minuteBands), bands.isEmpty {
            fail(root, "minuteBands", "有学习形式按分钟档位计学时，但没有 minuteBands", "a kind uses minute bands but minuteBands is missing")
        }

        var absence = LedgerRules.Fraction(numerator: 1, denominator: 7)
        if let node = top["absenceLimit"] {
            let parts = (node.scalar?.string ?? "").split(separator: "/").map { Double($0.trimmingCharacters(in: " ")) }
            if parts.count == 1, let value = parts[0], value > 0, value <= 1 {
                absence = LedgerRules.Fraction(numerator: value, denominator: 1)
            } else if parts.count == 2, let top = parts[0], let bottom = parts[1], top > 0, bottom > 0, top <= bottom {
                absence = LedgerRules.Fraction(numerator: top, denominator: bottom)
            } else {
                fail(node, "absenceLimit", "应为 0 到 1 之间的比例，如 1/7 或 0.15", "expected a share from 0 to 1 such as 1/7 or 0.15")
            }
        }

        var examKind = "考试"
        var examHours = 0.0
        var examPass = 60.0
        if let node = top["exam"], let values = mapping(node, "exam", allowed: ["kind", "hours", "passPercent"]) {
            examKind = text(values["kind"], "exam.kind") ?? examKind
            examHours = number(values["hours"], "exam.hours", maximum: 2_000, decimals: CreditHours.hourDecimals) ?? examHours
            examPass = number(values["passPercent"], "exam.passPercent", maximum: 100, decimals: 2) ?? examPass
            if !kinds.contains(where: { $0.name == examKind }) {
                fail(values["kind"] ?? node, "exam.kind", "学习形式“\(examKind)”不在 kinds 中", "the kind \"\(examKind)\" is not among kinds")
            }
        }

        var requirements: [LedgerRules.Requirement] = []
        var tiers: Set<String> = []
        for (index, node) in sequence(top["requirements"], "requirements").enumerated() {
            let path = "requirements[\(index)]"
            guard
                let values = mapping(node, path, allowed: ["tier", "aliases", "years", "hours", "days", "makeUpYears", "onlineHoursPerYear", "kinds"]),
                let tier = text(values["tier"], "\(path).tier")
            else {
                if node.mapping?["tier"] == nil { fail(node, "\(path).tier", "缺少 tier", "tier is missing") }
                continue
            }
            let aliases = names(values["aliases"], "\(path).aliases")
            for spelling in [tier] + aliases where !tiers.insert(spelling.lowercased()).inserted {
                fail(node, path, "层级“\(spelling)”重复", "the tier \"\(spelling)\" appears twice")
            }
            var counted: [String]? = nil
            if let node = values["kinds"] {
                let given = names(node, "\(path).kinds")
                // Spelled as the kinds are, or by an alias; kept by the kinds' names.
                counted = given.compactMap { spelling in
                    guard let kind = kinds.first(where: { $0.name.lowercased() == spelling.lowercased() || $0.aliases.contains { $0.lowercased() == spelling.lowercased() } }) else {
                        fail(node, "\(path).kinds", "学习形式“\(spelling)”不在 kinds 中", "the kind \"\(spelling)\" is not among kinds")
                        return nil
                    }
                    return kind.name
                }
                if given.isEmpty { fail(node, "\(path).kinds", "至少列出一种学习形式", "name at least one kind") }
            }
            requirements.append(
                LedgerRules.Requirement(
                    tier: tier, aliases: aliases, years: integer(values["years"], "\(path).years") ?? 1,
                    hours: number(values["hours"], "\(path).hours", positive: true, maximum: 100_000, decimals: CreditHours.hourDecimals),
                    days: number(values["days"], "\(path).days", positive: true, maximum: 36_600, decimals: CreditHours.minuteDecimals),
                    makeUpYears: integer(values["makeUpYears"], "\(path).makeUpYears"),
                    onlineHoursPerYear: number(values["onlineHoursPerYear"], "\(path).onlineHoursPerYear", positive: true, maximum: 2_000, decimals: CreditHours.hourDecimals), kinds: counted))
        }

        var items: [LedgerRules.PointsItem] = []
        var bottomShare = 0.1
        if let node = top["points"], let values = mapping(node, "points", allowed: ["bottomShare", "categories"]) {
            if let share = number(values["bottomShare"], "points.bottomShare") {
                if share > 1 { fail(values["bottomShare"], "points.bottomShare", "应在 0 到 1 之间", "expected a share from 0 to 1") }
                bottomShare = share
            }
            for (index, categoryNode) in sequence(values["categories"], "points.categories").enumerated() {
                let path = "points.categories[\(index)]"
                guard let category = mapping(categoryNode, path, allowed: ["name", "items"]), let categoryName = text(category["name"], "\(path).name")
                else { continue }
                for (itemIndex, itemNode) in sequence(category["items"], "\(path).items").enumerated() {
                    let itemPath = "\(path).items[\(itemIndex)]"
                    guard let item = mapping(itemNode, itemPath, allowed: ["name", "points", "dailyCap"]),
                        let itemName = text(item["name"], "\(itemPath).name")
                    else { continue }
                    if items.contains(where: { $0.category == categoryName && $0.name == itemName }) {
                        fail(itemNode, itemPath, "积分项目“\(categoryName)/\(itemName)”重复", "the item \"\(categoryName)/\(itemName)\" appears twice")
                    }
                    let points = item["points"].flatMap { node -> Double? in
                        // May be negative (考核扣分); two decimals at most, as entries have.
                        guard let written = node.scalar.flatMap({ writtenDecimals($0.string) }), written <= 2,
                            let value = node.scalar.flatMap({ Double($0.string) }), abs(value) <= LedgerTables.pointsLimit
                        else {
                            fail(
                                node, "\(itemPath).points", "应为 −100000 到 100000 之间、最多 2 位小数的数",
                                "expected a number from −100000 to 100000 with at most 2 decimals")
                            return nil
                        }
                        return value
                    }
                    items.append(
                        LedgerRules.PointsItem(
                            category: categoryName, name: itemName, points: points,
                            dailyCap: number(item["dailyCap"], "\(itemPath).dailyCap", positive: true, maximum: LedgerTables.pointsLimit, decimals: 2)))
                }
            }
        }
        var rules = LedgerRules(
            name: name, hoursPerDay: hoursPerDay, kinds: kinds, minuteBands: bands, absenceLimit: absence, examKind: examKind,
            examHours: examHours, examPassPercent: examPass, requirements: requirements, pointsItems: items, pointsBottomShare: bottomShare)
        if let node = top["dates"], let values = mapping(node, "dates", allowed: ["earliest", "daysAhead"]) {
            if let earliest = values["earliest"] {
                if let date = earliest.scalar.flatMap({ CalendarDate(parsing: $0.string) }) {
                    rules.dates.earliest = date
                } else {
                    fail(earliest, "dates.earliest", "应为日期，如 2000-01-01", "expected a date such as 2000-01-01")
                }
            }
            if values["daysAhead"] != nil, let ahead = integer(values["daysAhead"], "dates.daysAhead", in: 0...3660) { rules.dates.daysAhead = ahead }
        }
        return rules
    }
}
