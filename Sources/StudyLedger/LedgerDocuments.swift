import BankFormats
import Foundation
import QuizModel

/// The credit report as CSV, Markdown, HTML and a JSON-ready object, in the user's language.
public enum LedgerDocuments {
    /// The kinds worth a column: those anyone in the report earned hours of, in the rules' order (as indices into
    /// each person's `kinds`).
    public static func shownKinds(_ report: CreditReport) -> [(index: Int, name: String)] {
        guard let first = report.people.first else { return [] }
        var earned = Array(repeating: false, count: first.kinds.count)
        for person in report.people {
            for (index, kind) in person.kinds.enumerated() where kind.earned > 0 { earned[index] = true }
        }
        return first.kinds.indices.filter { earned[$0] }.map { ($0, first.kinds[$0].kind) }
    }

    public static func standingText(_ person: PersonCredits, _ language: DisplayLanguage) -> String {
        switch person.standing {
        case .met: return language.pick("达标", "met")
        case .shortfall: return language.pick("未达标", "behind")
        case .makeUp: return language.pick("补训期（至 \(person.makeUpUntil ?? "")）", "make-up until \(person.makeUpUntil ?? "")")
        case .noRequirement: return language.pick("无要求", "no requirement")
        case .untiered: return language.pick("未登记层级", "no tier recorded")
        }
    }

    /// The first columns of every people table: who the person is.
    static func personColumns(_ language: DisplayLanguage) -> [String] {
        [language.pick("编号", "id"), language.pick("姓名", "name"), language.pick("单位", "unit"), language.pick("层级", "tier")]
    }

    /// The column titles and cells of the people table.
    public static func peopleTable(_ report: CreditReport, language: DisplayLanguage) -> (header: [String], rows: [[String]]) {
        let kinds = shownKinds(report)
        let header =
            personColumns(language) + kinds.map(\.name)
            + [
                language.pick("本年学时", "hours"), language.pick("网络学时", "online"), language.pick("统计期学时", "window hours"),
                language.pick("要求", "required"), language.pick("差额", "shortfall"), language.pick("状态", "standing"),
            ]
        // The requirement's wording is the same for everyone with the same requirement: made once per requirement.
        var requirementTexts: [String: String] = [:]
        func requiredText(_ person: PersonCredits) -> String {
            let key = "\([person.required, person.requiredDays, person.onlineRequired]) \(person.countedKinds ?? [])"
            if let known = requirementTexts[key] { return known }
            var required = [person.required.map { "\(ledgerNumber($0)) 学时" }, person.requiredDays.map { language.pick("\(ledgerNumber($0)) 天", "\(ledgerNumber($0)) days") }]
                .compactMap { $0 }.joined(separator: language.pick("或", " or "))
            if !required.isEmpty, let counted = person.countedKinds {
                required += language.pick("（\(counted.joined(separator: "、"))）", " (\(counted.joined(separator: ", ")))")
            }
            let text = required + (person.onlineRequired.map { language.pick("，网络 \(ledgerNumber($0))", ", online \(ledgerNumber($0))") } ?? "")
            requirementTexts[key] = text
            return text
        }
        let windows = Dictionary(uniqueKeysWithValues: Set(report.people.map(\.windowYears)).map { years in
            (years, years == 1 ? "" : language.pick("（\(years) 年）", " (\(years) years)"))
        })
        let rows = report.people.map { person -> [String] in
            var row = [person.id, person.name, person.unit, person.tier ?? ""]
            row.reserveCapacity(header.count)
            for kind in kinds {
                let hours = person.kinds[kind.index]
                row.append(hours.hours < hours.earned ? "\(ledgerNumber(hours.hours))*" : ledgerNumber(hours.hours))
            }
            row.append(ledgerNumber(person.hours))
            row.append(ledgerNumber(person.onlineHours))
            row.append(ledgerNumber(person.windowHours) + windows[person.windowYears]!)
            row.append(requiredText(person))
            row.append(person.shortfall > 0 || person.onlineShortfall > 0 ? shortfallText(person, language) : "")
            row.append(standingText(person, language))
            return row
        }
        return (header, rows)
    }

    /// The people table for spreadsheets (CSV and xlsx): every number alone in its cell, so that Excel sums and
    /// sorts it. What the display table writes beside a number goes to columns of its own: the kinds cut by a yearly
    /// cap, the window's years, the required days and online hours, the online shortfall.
    public static func peopleData(_ report: CreditReport, language: DisplayLanguage) -> (header: [String], rows: [[String]]) {
        let kinds = shownKinds(report)
        let header =
            personColumns(language) + kinds.map(\.name)
            + [
                language.pick("超出年度上限未计入", "cut by yearly caps"), language.pick("本年学时", "hours"), language.pick("网络学时", "online"),
                language.pick("统计期学时", "window hours"), language.pick("统计期年数", "window years"), language.pick("要求学时", "required hours"),
                language.pick("要求天数", "required days"), language.pick("网络要求学时", "online required"), language.pick("差额学时", "shortfall"),
                language.pick("网络差额学时", "online shortfall"), language.pick("状态", "standing"),
            ]
        let rows = report.people.map { person -> [String] in
            var row = [person.id, person.name, person.unit, person.tier ?? ""]
            var cut: [String] = []
            for kind in kinds {
                let hours = person.kinds[kind.index]
                row.append(ledgerNumber(hours.hours))
                if hours.hours < hours.earned { cut.append("\(kind.name) \(ledgerNumber(hours.earned - hours.hours))") }
            }
            row.append(cut.joined(separator: language.pick("；", "; ")))
            row += [ledgerNumber(person.hours), ledgerNumber(person.onlineHours), ledgerNumber(person.windowHours), String(person.windowYears)]
            row += [person.required, person.requiredDays, person.onlineRequired].map { $0.map(ledgerNumber) ?? "" }
            row += [person.shortfall > 0 ? ledgerNumber(person.shortfall) : "", person.onlineShortfall > 0 ? ledgerNumber(person.onlineShortfall) : ""]
            row.append(standingText(person, language))
            return row
        }
        return (header, rows)
    }

    /// The units table for spreadsheets: the rate as a fraction (0.6154), shown as a percentage by the workbook.
    public static func unitsData(_ report: CreditReport, language: DisplayLanguage) -> (header: [String], rows: [[String]]) {
        let header = unitsTable(report, language: language).header
        let rows = report.units.map { unit in
            [unit.unit, "\(unit.people)", "\(unit.met)", "\(unit.makeUp)", "\(unit.behind)", unit.rate.map { String(format: "%.4f", $0) } ?? "", "\(unit.untiered)"]
        }
        return (header, rows)
    }

    /// The heading of the people without a tier: they are listed apart, since nobody can say they are behind.
    public static func untieredHeading(_ report: CreditReport, _ language: DisplayLanguage) -> String {
        language.pick("未登记层级（\(report.untiered.count) 人，无法判断是否达标，请在名册中登记层级）", "No tier recorded (\(report.untiered.count); cannot be judged until the register gives their tier)")
    }

    public static func shortfallText(_ person: PersonCredits, _ language: DisplayLanguage) -> String {
        var parts: [String] = []
        if person.shortfall > 0 { parts.append(ledgerNumber(person.shortfall)) }
        if person.onlineShortfall > 0 { parts.append(language.pick("网络 \(ledgerNumber(person.onlineShortfall))", "online \(ledgerNumber(person.onlineShortfall))")) }
        return parts.joined(separator: language.pick("，", ", "))
    }

    public static func unitsTable(_ report: CreditReport, language: DisplayLanguage) -> (header: [String], rows: [[String]]) {
        let header = [
            language.pick("单位", "unit"), language.pick("应达标人数", "people"), language.pick("达标", "met"), language.pick("补训期", "make-up"),
            language.pick("未达标", "behind"), language.pick("达标率", "rate"), language.pick("未登记层级", "no tier"),
        ]
        let rows = report.units.map { unit in
            [unit.unit, "\(unit.people)", "\(unit.met)", "\(unit.makeUp)", "\(unit.behind)", unit.rate.map { ledgerNumber($0 * 100) + "%" } ?? "", "\(unit.untiered)"]
        }
        return (header, rows)
    }

    /// The distinct rules the report's numbers came from, with their wording.
    public static func rulesUsed(_ report: CreditReport, language: DisplayLanguage) -> [String] {
        var seen: Set<String> = []
        var lines: [String] = []
        for person in report.people {
            for rule in person.rules + person.kinds.compactMap(\.cap) where seen.insert(rule.rule).inserted {
                lines.append("\(rule.rule): \(language.pick(rule.chinese, rule.english))")
            }
        }
        return lines.sorted()
    }

    /// The people table as CSV (one row per person, numbers alone in their cells).
    public static func csv(_ report: CreditReport, language: DisplayLanguage) -> String {
        let table = peopleData(report, language: language)
        return csvText([table.header] + table.rows)
    }

    public static func title(_ report: CreditReport, language: DisplayLanguage) -> String {
        language.pick("\(report.year) 年度学时报告", "Credit hours, \(report.year)")
    }

    public static func subtitle(_ report: CreditReport, language: DisplayLanguage) -> String {
        language.pick("规则：\(report.rulesName)；截至 \(report.asOf)", "rules: \(report.rulesName); as of \(report.asOf)")
    }

    public static func markdown(_ report: CreditReport, language: DisplayLanguage) -> String {
        let people = peopleTable(report, language: language)
        let units = unitsTable(report, language: language)
        let behind = report.behind.map { "- " + markdownLine("\($0.id) \($0.name)（\($0.unit)）") + language.pick("差 ", " short ") + shortfallText($0, language) }
        let untiered = report.untiered.map { "- " + markdownLine("\($0.id) \($0.name)（\($0.unit)）") }
        return """
            # \(title(report, language: language))

            \(subtitle(report, language: language))

            ## \(language.pick("个人", "People"))

            \(markdownTable(people.header, people.rows))

            \(language.pick("* 表示超过该形式每年上限的部分未计入。", "* marks hours cut by the kind's yearly cap."))

            ## \(language.pick("单位达标率", "Completion by unit"))

            \(markdownTable(units.header, units.rows))

            ## \(language.pick("未达标名单", "Behind")) (\(report.behind.count))

            \(behind.isEmpty ? language.pick("无", "none") : behind.joined(separator: "\n"))

            ## \(untieredHeading(report, language))

            \(untiered.isEmpty ? language.pick("无", "none") : untiered.joined(separator: "\n"))

            ## \(language.pick("所用规则", "Rules applied"))

            \(rulesUsed(report, language: language).map { "- \($0)" }.joined(separator: "\n"))

            """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func htmlTable(_ header: [String], _ rows: [[String]], highlight: (Int) -> Bool = { _ in false }) -> String {
        let head = "<tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        let body = rows.enumerated().map { index, cells in
            "<tr\(highlight(index) ? " class=\"behind\"" : "")>" + cells.map { "<td>\(escape($0))</td>" }.joined() + "</tr>"
        }
        return "<table><thead>\(head)</thead><tbody>\n" + body.joined(separator: "\n") + "\n</tbody></table>"
    }

    /// A self-contained page (no network) for printing or publishing.
    public static func html(_ report: CreditReport, language: DisplayLanguage) -> String {
        let people = peopleTable(report, language: language)
        let units = unitsTable(report, language: language)
        let behind = report.behind.map { [$0.id, $0.name, $0.unit, shortfallText($0, language)] }
        let untiered = report.untiered.map { [$0.id, $0.name, $0.unit] }
        return """
            <!DOCTYPE html>
            <html lang="\(language.pick("zh-Hans", "en"))"><head><meta charset="utf-8">
            <title>\(escape(title(report, language: language)))</title>
            <style>
            body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #bbb;padding:4px 8px;text-align:left}
            th{background:#f0f0f0}tr.behind td{background:#fde8e8}.note{color:#666;font-size:13px}
            @media print{body{margin:0}}
            </style></head><body>
            <h1>\(escape(title(report, language: language)))</h1>
            <p class="note">\(escape(subtitle(report, language: language)))</p>
            <h2>\(language.pick("个人", "People"))</h2>
            \(htmlTable(people.header, people.rows, highlight: { report.people[$0].standing == .shortfall }))
            <p class="note">\(language.pick("* 表示超过该形式每年上限的部分未计入。", "* marks hours cut by the kind's yearly cap."))</p>
            <h2>\(language.pick("单位达标率", "Completion by unit"))</h2>
            \(htmlTable(units.header, units.rows))
            <h2>\(language.pick("未达标名单", "Behind")) (\(report.behind.count))</h2>
            \(htmlTable([language.pick("编号", "id"), language.pick("姓名", "name"), language.pick("单位", "unit"), language.pick("差额", "shortfall")], behind))
            <h2>\(escape(untieredHeading(report, language)))</h2>
            \(htmlTable([language.pick("编号", "id"), language.pick("姓名", "name"), language.pick("单位", "unit")], untiered))
            <h2>\(language.pick("所用规则", "Rules applied"))</h2>
            <ul>\(rulesUsed(report, language: language).map { "<li>\(escape($0))</li>" }.joined())</ul>
            </body></html>

            """
    }

    /// The report as JSON (`people: [{id, name, unit, hours, required, met, …}]`, `units`, `behind`), keys sorted;
    /// `activities` (one person's, with how each was credited) when given.
    public static func json(
        _ report: CreditReport, rulesSHA256: String, activities: [ActivityCreditJSON]? = nil, language: DisplayLanguage
    ) -> Data {
        let document = CreditReportJSON(
            year: report.year, asOf: report.asOf.description, rules: .init(name: report.rulesName, sha256: rulesSHA256),
            people: report.people.map { PersonJSON($0, language) }, units: report.units, behind: report.behind.map(\.id),
            untiered: report.untiered.map(\.id), activities: activities)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(document)) ?? Data()
    }
}

/// A rule and its wording in the report's language.
public struct RuleJSON: Encodable, Sendable {
    public var rule: String
    public var text: String

    public init(_ reference: RuleReference, _ language: DisplayLanguage) {
        rule = reference.rule
        text = language.pick(reference.chinese, reference.english)
    }
}

/// One activity in `credits report --person --json`.
public struct ActivityCreditJSON: Encodable, Sendable {
    public var key: String
    public var date: String
    public var kind: String
    public var title: String
    public var hours: Double
    public var rule: RuleJSON
    /// `file:row` it was imported from.
    public var source: String

    public init(_ stored: (activity: Activity, credited: Double, file: String), rules: LedgerRules, language: DisplayLanguage) {
        key = stored.activity.key
        date = stored.activity.date.description
        kind = stored.activity.kind
        title = stored.activity.title
        hours = stored.credited
        rule = RuleJSON(rules.credit(for: stored.activity).rule, language)
        source = "\(stored.file):\(stored.activity.sourceRow)"
    }
}

struct CreditReportJSON: Encodable {
    struct Rules: Encodable {
        var name: String
        var sha256: String
    }

    var year: Int
    var asOf: String
    var rules: Rules
    var people: [PersonJSON]
    var units: [UnitCompletion]
    var behind: [String]
    /// People without a recorded tier, listed apart.
    var untiered: [String]
    var activities: [ActivityCreditJSON]?
}

struct PersonJSON: Encodable {
    struct Capped: Encodable {
        var kind: String
        var earned: Double
        var counted: Double
        var rule: RuleJSON
    }

    var id, name, unit: String
    var tier: String?
    var hours, onlineHours: Double
    var byKind: [String: Double]
    var capped: [Capped]
    var windowYears: Int
    var windowHours: Double
    var required, requiredDays, onlineRequired: Double?
    var countedKinds: [String]?
    var shortfall, onlineShortfall: Double
    var met: Bool
    var standing: String
    var makeUpUntil: String?
    var rules: [RuleJSON]

    init(_ person: PersonCredits, _ language: DisplayLanguage) {
        id = person.id
        name = person.name
        unit = person.unit
        tier = person.tier
        hours = person.hours
        onlineHours = person.onlineHours
        byKind = Dictionary(uniqueKeysWithValues: person.kinds.filter { $0.earned > 0 }.map { ($0.kind, $0.hours) })
        capped = person.kinds.compactMap { kind in kind.cap.map { Capped(kind: kind.kind, earned: kind.earned, counted: kind.hours, rule: RuleJSON($0, language)) } }
        windowYears = person.windowYears
        windowHours = person.windowHours
        required = person.required
        requiredDays = person.requiredDays
        onlineRequired = person.onlineRequired
        countedKinds = person.countedKinds
        shortfall = person.shortfall
        onlineShortfall = person.onlineShortfall
        met = person.met
        standing = person.standing.rawValue
        makeUpUntil = person.makeUpUntil
        rules = person.rules.map { RuleJSON($0, language) }
    }

    /// Absent values are written as null, so every person has the same keys.
    func encode(to encoder: Encoder) throws {
        enum Key: String, CodingKey {
            case id, name, unit, tier, hours, onlineHours, byKind, capped, windowYears, windowHours, required, requiredDays, onlineRequired
            case countedKinds, shortfall, onlineShortfall, met, standing, makeUpUntil, rules
        }
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(unit, forKey: .unit)
        try container.encode(tier, forKey: .tier)
        try container.encode(hours, forKey: .hours)
        try container.encode(onlineHours, forKey: .onlineHours)
        try container.encode(byKind, forKey: .byKind)
        try container.encode(capped, forKey: .capped)
        try container.encode(windowYears, forKey: .windowYears)
        try container.encode(windowHours, forKey: .windowHours)
        try container.encode(required, forKey: .required)
        try container.encode(requiredDays, forKey: .requiredDays)
        try container.encode(onlineRequired, forKey: .onlineRequired)
        try container.encode(countedKinds, forKey: .countedKinds)
        try container.encode(shortfall, forKey: .shortfall)
        try container.encode(onlineShortfall, forKey: .onlineShortfall)
        try container.encode(met, forKey: .met)
        try container.encode(standing, forKey: .standing)
        try container.encode(makeUpUntil, forKey: .makeUpUntil)
        try container.encode(rules, forKey: .rules)
    }
}
