import BankFormats
import RulesFiles
import QuizModel

/// The columns a ledger table may have, by English name and the Chinese headers organizers use.
struct ColumnSpec {
    var key: String
    var names: [String]
    var required: Bool
}

/// A table whose header has been matched to column keys.
struct MatchedTable {
    var columns: [String: Int]
    var rows: ArraySlice<[CSVTable.Field]>
    var width: Int

    /// Finds each column of `specs` in the header (row 1). Unknown and repeated headers and missing required
    /// columns are problems.
    static func match(_ table: CSVTable, specs: [ColumnSpec], ignored: Set<String> = ["序号", "no", "#"], problems: inout [TableProblem]) -> MatchedTable? {
        guard var matched = match(header: table.rows.first, specs: specs, ignored: ignored, problems: &problems) else { return nil }
        matched.rows = table.rows.dropFirst()
        return matched
    }

    /// The same for a header row read on its own (`rows` left empty: the caller streams them).
    static func match(header: [CSVTable.Field]?, specs: [ColumnSpec], ignored: Set<String> = ["序号", "no", "#"], problems: inout [TableProblem]) -> MatchedTable? {
        guard let header else {
            problems.append(TableProblem(row: 1, column: 1, chinese: "文件为空，缺少表头", english: "the file is empty: no header"))
            return nil
        }
        var columns: [String: Int] = [:]
        var lookup: [String: String] = [:]
        for spec in specs {
            for name in [spec.key] + spec.names { lookup[name.lowercased()] = spec.key }
        }
        let before = problems.count
        for (index, field) in header.enumerated() {
            let name = field.text.trimmingCharacters(in: " \t\u{FEFF}").lowercased()
            if ignored.contains(name) { continue }
            guard let key = lookup[name] else {
                let known = specs.map { ([$0.key] + $0.names).joined(separator: "/") }.joined(separator: ", ")
                problems.append(
                    TableProblem(
                        row: 1, column: index + 1, chinese: "未知的列“\(field.text)”（可用：\(known)）", english: "unknown column \"\(field.text)\" (known: \(known))"))
                continue
            }
            if let first = columns[key] {
                problems.append(
                    TableProblem(row: 1, column: index + 1, chinese: "列“\(key)”重复（第 \(first + 1) 列已有）", english: "the column \(key) appears twice (column \(first + 1))"))
                continue
            }
            columns[key] = index
        }
        for spec in specs where spec.required && columns[spec.key] == nil {
            let names = ([spec.key] + spec.names).joined(separator: "/")
            problems.append(TableProblem(row: 1, column: header.count + 1, chinese: "缺少列 \(names)", english: "the column \(names) is missing"))
        }
        guard problems.count == before else { return nil }
        return MatchedTable(columns: columns, rows: [], width: header.count)
    }

    /// Whether `fields` has as many fields as the header; when not, the problem is recorded.
    func hasEveryField(_ fields: [CSVTable.Field], row: Int, _ problems: inout [TableProblem]) -> Bool {
        guard fields.count != width else { return true }
        problems.append(.fieldCount(row: row, found: fields.count, expected: width))
        return false
    }

    /// The trimmed text of column `key` in `row` with its 1-based column number; empty text when the column is absent.
    func cell(_ key: String, _ row: [CSVTable.Field]) -> (text: String, column: Int) {
        cell(at: columns[key], row)
    }

    /// The same for a column index found once with `columns[key]` (for tight loops over many rows).
    func cell(at index: Int?, _ row: [CSVTable.Field]) -> (text: String, column: Int) {
        guard let index else { return ("", width + 1) }
        guard index < row.count else { return ("", index + 1) }
        let text = row[index].text
        // Most cells need no trimming: hand back the same string rather than a copy.
        if text.isEmpty { return (text, index + 1) }
        if let first = text.utf8.first, let last = text.utf8.last, first != 0x20, first != 0x09, last != 0x20, last != 0x09 {
            return (text, index + 1)
        }
        return (String(text.trimmingCharacters(in: " \t")), index + 1)
    }
}

/// Reads the ledger's table files (activities, people, points) into records, reporting every bad cell.
public enum LedgerTables {
    static let activityColumns = [
        ColumnSpec(key: "record_id", names: ["记录编号", "记录号", "id"], required: false),
        ColumnSpec(key: "person_id", names: ["人员编号", "工号", "证件号", "person"], required: true),
        ColumnSpec(key: "name", names: ["姓名"], required: false),
        ColumnSpec(key: "unit", names: ["单位"], required: false),
        ColumnSpec(key: "date", names: ["日期"], required: true),
        ColumnSpec(key: "kind", names: ["类型", "类别", "学习形式", "培训类型"], required: true),
        ColumnSpec(key: "title", names: ["名称", "标题", "课程", "课程名称", "内容"], required: false),
        ColumnSpec(key: "hours", names: ["学时", "小时"], required: false),
        ColumnSpec(key: "days", names: ["天数", "天"], required: false),
        ColumnSpec(key: "minutes", names: ["分钟", "分钟数"], required: false),
        ColumnSpec(key: "absent_hours", names: ["缺勤学时", "缺课学时"], required: false),
    ]

    static let peopleColumns = [
        ColumnSpec(key: "person_id", names: ["人员编号", "工号", "证件号", "id"], required: true),
        ColumnSpec(key: "name", names: ["姓名"], required: true),
        ColumnSpec(key: "unit", names: ["单位"], required: true),
        ColumnSpec(key: "tier", names: ["层级", "职级"], required: false),
        ColumnSpec(key: "tier_since", names: ["任职时间", "任职日期"], required: false),
    ]

    static let memberColumns = [
        ColumnSpec(key: "team", names: ["队伍", "参赛队"], required: true),
        ColumnSpec(key: "person_id", names: ["人员编号", "工号", "证件号", "id"], required: true),
        ColumnSpec(key: "name", names: ["姓名"], required: false),
    ]

    static let rosterColumns = [
        ColumnSpec(key: "candidate_id", names: ["考号", "准考证号", "id"], required: true),
        ColumnSpec(key: "person_id", names: ["人员编号", "工号", "证件号", "person"], required: true),
        ColumnSpec(key: "name", names: ["姓名"], required: false),
    ]

    static let pointColumns = [
        ColumnSpec(key: "entry_id", names: ["记录编号", "id"], required: false),
        ColumnSpec(key: "person_id", names: ["人员编号", "工号", "person"], required: true),
        ColumnSpec(key: "date", names: ["日期"], required: true),
        ColumnSpec(key: "category", names: ["类别"], required: true),
        ColumnSpec(key: "item", names: ["项目"], required: true),
        ColumnSpec(key: "points", names: ["分值", "积分"], required: false),
        ColumnSpec(key: "note", names: ["备注", "说明"], required: false),
    ]

    /// The most an amount of one row may be: a year of full-time study in hours, a year in days, and as many
    /// minutes; larger values are typos (and would overflow the reports' arithmetic).
    public static let amountLimits: [String: Double] = ["hours": 2_000, "absent_hours": 2_000, "days": 366, "minutes": 120_000]
    /// The most points one entry may give or take.
    public static let pointsLimit = 100_000.0

    /// A number written in decimals as a clerk types it (`12`, `0.5`, `-3`, `１２` not included): no hexadecimal
    /// (`0x10`, which Swift's `Double` reads as 16), no exponent, no `inf` or `nan`.
    static func decimal(_ text: String) -> Double? {
        writtenDecimals(text) == nil ? nil : Double(text)
    }

    /// Points as written in an entry: within ±`pointsLimit`, at most two decimals (the points report sums exact
    /// hundredths); nil otherwise.
    public static func points(_ text: String) -> Double? {
        guard let written = writtenDecimals(text), written <= 2, let value = Double(text), abs(value) <= pointsLimit else { return nil }
        return value
    }

    /// The most decimals each amount may have: hours to 0.0001, days and minutes to 0.01 — what keeps every credit
    /// a whole number of `CreditHours` units, so totals, caps and the 1/7 rule are exact.
    public static let amountDecimals: [String: Int] = [
        "hours": CreditHours.hourDecimals, "absent_hours": CreditHours.hourDecimals, "days": CreditHours.minuteDecimals,
        "minutes": CreditHours.minuteDecimals,
    ]

    /// A non-negative number within `amountLimits[name]`, or nil for an empty cell; a problem otherwise.
    static func amount(_ cell: (text: String, column: Int), row: Int, name: String, problems: inout [TableProblem]) -> Double? {
        guard !cell.text.isEmpty else { return nil }
        let limit = amountLimits[name] ?? 2_000
        guard let value = decimal(cell.text), value >= 0, value <= limit else {
            problems.append(
                TableProblem(
                    row: row, column: cell.column, chinese: "\(name) 应为 0 到 \(ledgerNumber(limit)) 之间的数：“\(cell.text)”",
                    english: "\(name) must be a number from 0 to \(ledgerNumber(limit)): \"\(cell.text)\""))
            return nil
        }
        let decimals = amountDecimals[name] ?? CreditHours.hourDecimals
        guard let written = writtenDecimals(cell.text), written <= decimals else {
            problems.append(
                TableProblem(
                    row: row, column: cell.column, chinese: "\(name) 最多 \(decimals) 位小数：“\(cell.text)”",
                    english: "\(name) takes at most \(decimals) decimals: \"\(cell.text)\""))
            return nil
        }
        return value
    }

    static func date(_ cell: (text: String, column: Int), row: Int, problems: inout [TableProblem]) -> CalendarDate? {
        guard let date = CalendarDate(parsing: cell.text) else {
            problems.append(
                TableProblem(
                    row: row, column: cell.column, chinese: cell.text.isEmpty ? "缺少日期" : "日期无效：“\(cell.text)”（应为 YYYY-MM-DD）",
                    english: cell.text.isEmpty ? "the date is missing" : "not a date: \"\(cell.text)\" (YYYY-MM-DD)"))
            return nil
        }
        return date
    }

    /// A date that must lie within `window` (the rules' `dates`, on the day of import); `earliestIsRule` says
    /// whether the window's start is the rules' `dates.earliest`.
    static func date(
        _ cell: (text: String, column: Int), row: Int, within window: ClosedRange<CalendarDate>, earliestIsRule: Bool = true,
        problems: inout [TableProblem]
    ) -> CalendarDate? {
        guard let date = date(cell, row: row, problems: &problems) else { return nil }
        if let outside = outside(date, window: window, earliestIsRule: earliestIsRule) {
            problems.append(TableProblem(row: row, column: cell.column, chinese: outside.chinese, english: outside.english))
            return nil
        }
        return date
    }

    /// Why `date` is refused when it lies outside `window` (the rules' `dates` on the day it is entered), or nil when
    /// it lies within: for every way a date reaches the ledger (imports, `points add`, `score --record`).
    public static func outside(
        _ date: CalendarDate, window: ClosedRange<CalendarDate>, earliestIsRule: Bool = true
    ) -> (chinese: String, english: String)? {
        guard !window.contains(date) else { return nil }
        return date > window.upperBound
            ? ("日期 \(date) 晚于 \(window.upperBound)（规则 dates.daysAhead：不接受未来的日期），请核对年份",
                "the date \(date) is after \(window.upperBound) (rule dates.daysAhead: no future dates); check the year")
            : ("日期 \(date) 早于 \(window.lowerBound)\(earliestIsRule ? "（规则 dates.earliest）" : "")，请核对年份",
                "the date \(date) is before \(window.lowerBound)\(earliestIsRule ? " (rule dates.earliest)" : ""); check the year")
    }

    /// The activities of a table (`record_id,person_id,name,unit,date,kind,title,hours,days,minutes,absent_hours`,
    /// or the Chinese headers). Every bad row is reported; no activity is returned unless all rows are good.
    /// A person not in `knownPeople` is registered from the row's name and unit; without a name the row is bad.
    /// Dates must lie within the rules' `dates` window as of `today`. (`ActivityRows` reads the same a row at a time.)
    public static func activities(
        _ table: CSVTable, rules: LedgerRules, knownPeople: Set<String>, importedOn today: CalendarDate = .today
    ) -> Result<[Activity], TableProblems> {
        var reader = ActivityRows(rules: rules, knownPeople: knownPeople, importedOn: today)
        var activities: [Activity] = []
        activities.reserveCapacity(max(0, table.rows.count - 1))
        for fields in table.rows {
            if let activity = reader.read(fields) { activities.append(activity) }
        }
        reader.finish()
        return reader.problems.isEmpty ? .success(activities) : .failure(TableProblems(reader.problems))
    }

    /// The people of a table (`person_id,name,unit,tier,tier_since`); tiers must be the rules' tiers (or aliases).
    /// A `tier_since` may be long ago (from 1950) but not later than the rules' `dates` window allows on `today`.
    public static func people(_ table: CSVTable, rules: LedgerRules, importedOn today: CalendarDate = .today) -> Result<[PersonRecord], TableProblems> {
        let sinceWindow = CalendarDate(year: 1950, month: 1, day: 1)!...rules.dates.dates(importedOn: today).upperBound
        var problems: [TableProblem] = []
        guard let matched = MatchedTable.match(table, specs: peopleColumns, problems: &problems) else {
            return .failure(TableProblems(problems))
        }
        var people: [PersonRecord] = []
        // Where each person's record is in `people`, and the row of each (person, tier_since) seen: several rows of
        // one person, each with its own tier_since, are the person's tier history.
        var index: [String: Int] = [:]
        var seen: [String: Int] = [:]
        for fields in matched.rows {
            let row = fields.first?.row ?? 0
            guard matched.hasEveryField(fields, row: row, &problems) else { continue }
            let before = problems.count
            let id = matched.cell("person_id", fields)
            let sinceText = matched.cell("tier_since", fields).text
            let name = matched.cell("name", fields)
            let unit = matched.cell("unit", fields)
            for (cell, label) in [(id, "person_id"), (name, "name"), (unit, "unit")] where cell.text.isEmpty {
                problems.append(TableProblem(row: row, column: cell.column, chinese: "缺少 \(label)", english: "the \(label) is missing"))
            }
            if let problem = unitProblem(unit, row: row) { problems.append(problem) }
            let period = id.text + "\u{0}" + sinceText
            if let first = seen[period], !id.text.isEmpty {
                problems.append(
                    TableProblem(
                        row: row, column: id.column, chinese: "人员编号重复（第 \(first) 行已有；同一人的多行须有不同的任职时间）",
                        english: "the person_id repeats row \(first) (rows of one person need different tier_since dates)"))
            }
            seen[period] = seen[period] ?? row
            let tierCell = matched.cell("tier", fields)
            var tier: String? = nil
            if !tierCell.text.isEmpty {
                tier = rules.requirement(tier: tierCell.text)?.tier
                if tier == nil {
                    problems.append(unknownName(tierCell, row: row, chinese: "层级", english: "tier", known: rules.requirements.map(\.tier)))
                }
            }
            let sinceCell = matched.cell("tier_since", fields)
            let since = sinceCell.text.isEmpty ? nil : date(sinceCell, row: row, within: sinceWindow, earliestIsRule: false, problems: &problems)
            guard problems.count == before else { continue }
            // Each row is a period: its tier and unit from its tier_since on (a transfer is a row of its own).
            let held = tier.map { PersonRecord.TierPeriod(tier: $0, since: since, unit: unit.text) }
            if let at = index[id.text] {
                // Another period of someone already read: the name and unit of the latest period stand.
                var record = people[at]
                var periods = record.tiers
                if let held { periods.append(held) }
                periods = PersonRecord.ordered(periods)
                let latest = periods.last.map { $0 == held } ?? true
                record = PersonRecord(
                    id: id.text, name: latest ? name.text : record.name, unit: latest ? unit.text : record.unit, tiers: periods)
                people[at] = record
            } else {
                index[id.text] = people.count
                people.append(PersonRecord(id: id.text, name: name.text, unit: unit.text, tiers: held.map { [$0] } ?? []))
            }
        }
        return problems.isEmpty ? .success(people) : .failure(TableProblems(problems))
    }

    /// An exam roster (`candidate_id,person_id[,name]`, 考号,人员编号,姓名): which person sat under each 考号. A 考号
    /// or a person listed twice is a problem (one person credited twice, or one sheet credited to two people).
    public static func roster(_ table: CSVTable) -> Result<[(candidate: String, person: String)], TableProblems> {
        var problems: [TableProblem] = []
        guard let matched = MatchedTable.match(table, specs: rosterColumns, problems: &problems) else {
            return .failure(TableProblems(problems))
        }
        var people: [(candidate: String, person: String)] = []
        var candidateRows: [String: Int] = [:]
        var personRows: [String: Int] = [:]
        for fields in matched.rows {
            let row = fields.first?.row ?? 0
            guard matched.hasEveryField(fields, row: row, &problems) else { continue }
            let candidate = matched.cell("candidate_id", fields)
            let person = matched.cell("person_id", fields)
            if candidate.text.isEmpty {
                problems.append(TableProblem(row: row, column: candidate.column, chinese: "缺少考号", english: "the candidate_id is missing"))
            } else if let first = candidateRows[candidate.text] {
                problems.append(TableProblem(row: row, column: candidate.column, chinese: "考号重复（第 \(first) 行已有）", english: "the candidate_id repeats row \(first)"))
            }
            if person.text.isEmpty {
                problems.append(TableProblem(row: row, column: person.column, chinese: "缺少人员编号", english: "the person_id is missing"))
            } else if let first = personRows[person.text] {
                problems.append(
                    TableProblem(row: row, column: person.column, chinese: "人员编号重复（第 \(first) 行已有）", english: "the person_id repeats row \(first)"))
            }
            candidateRows[candidate.text] = candidateRows[candidate.text] ?? row
            personRows[person.text] = personRows[person.text] ?? row
            people.append((candidate.text, person.text))
        }
        return problems.isEmpty ? .success(people) : .failure(TableProblems(problems))
    }

    /// The members of contest teams (`team,person_id[,name]`): every team must be one of `teams`, a person in one
    /// team only.
    public static func teamMembers(_ table: CSVTable, teams: [String]) -> Result<[(team: String, person: String)], TableProblems> {
        var problems: [TableProblem] = []
        guard let matched = MatchedTable.match(table, specs: memberColumns, problems: &problems) else {
            return .failure(TableProblems(problems))
        }
        var members: [(team: String, person: String)] = []
        var seen: [String: Int] = [:]
        for fields in matched.rows {
            let row = fields.first?.row ?? 0
            guard matched.hasEveryField(fields, row: row, &problems) else { continue }
            let team = matched.cell("team", fields)
            let person = matched.cell("person_id", fields)
            if !teams.contains(team.text) {
                problems.append(
                    TableProblem(
                        row: row, column: team.column, chinese: "“\(team.text)”不是参赛队伍（\(teams.joined(separator: "、"))）",
                        english: "\"\(team.text)\" is not a team of the contest (\(teams.joined(separator: ", ")))"))
            }
            if person.text.isEmpty {
                problems.append(TableProblem(row: row, column: person.column, chinese: "缺少 person_id", english: "the person_id is missing"))
            } else if let first = seen[person.text] {
                problems.append(TableProblem(row: row, column: person.column, chinese: "人员编号重复（第 \(first) 行已有）", english: "the person_id repeats row \(first)"))
            }
            seen[person.text] = seen[person.text] ?? row
            members.append((team.text, person.text))
        }
        return problems.isEmpty ? .success(members) : .failure(TableProblems(problems))
    }

    /// The points entries of a table (`entry_id,person_id,date,category,item,points,note`); categories and items
    /// must be the rules' ones, an empty `points` takes the item's default, and the person must be in `knownPeople`.
    public static func points(
        _ table: CSVTable, rules: LedgerRules, knownPeople: Set<String>, importedOn today: CalendarDate = .today
    ) -> Result<[PointEntry], TableProblems> {
        let window = rules.dates.dates(importedOn: today)
        var problems: [TableProblem] = []
        guard let matched = MatchedTable.match(table, specs: pointColumns, problems: &problems) else {
            return .failure(TableProblems(problems))
        }
        var entries: [PointEntry] = []
        // How many rows of this file had each natural key so far (rows without an entry_id).
        var occurrences: [String: Int] = [:]
        for fields in matched.rows {
            let row = fields.first?.row ?? 0
            guard matched.hasEveryField(fields, row: row, &problems) else { continue }
            let before = problems.count
            let person = matched.cell("person_id", fields)
            if person.text.isEmpty {
                problems.append(TableProblem(row: row, column: person.column, chinese: "缺少人员编号", english: "the person_id is missing"))
            } else if !knownPeople.contains(person.text) {
                problems.append(
                    TableProblem(row: row, column: person.column, chinese: "名册中没有人员“\(person.text)”", english: "no person \(person.text) in the register"))
            }
            let date = date(matched.cell("date", fields), row: row, within: window, problems: &problems)
            let category = matched.cell("category", fields)
            let item = matched.cell("item", fields)
            let known = rules.pointsItem(category: category.text, item: item.text)
            if known == nil {
                problems.append(unknownItem(category: category.text, item: item.text, row: row, column: item.column, rules: rules))
            }
            let pointsCell = matched.cell("points", fields)
            var points = known?.points
            if !pointsCell.text.isEmpty {
                points = Self.points(pointsCell.text)
                if points == nil {
                    problems.append(
                        TableProblem(
                            row: row, column: pointsCell.column,
                            chinese: "分值应为 −\(ledgerNumber(pointsLimit)) 到 \(ledgerNumber(pointsLimit)) 之间、最多 2 位小数的数：“\(pointsCell.text)”",
                            english: "points must be a number from −\(ledgerNumber(pointsLimit)) to \(ledgerNumber(pointsLimit)) with at most 2 decimals: \"\(pointsCell.text)\""))
                }
            } else if known != nil, points == nil {
                problems.append(
                    TableProblem(row: row, column: pointsCell.column, chinese: "该项目没有默认分值，须填写 points", english: "the item has no default points: give points"))
            }
            guard problems.count == before, let date, let points else { continue }
            let entry = matched.cell("entry_id", fields).text
            var made = PointEntry(
                entryID: entry.isEmpty ? nil : entry, person: person.text, date: date, category: category.text, item: item.text,
                points: points, note: matched.cell("note", fields).text, sourceRow: row)
            if entry.isEmpty {
                let seen = occurrences[made.key, default: 0] + 1
                occurrences[made.key] = seen
                if seen > 1 { made.key += "|#\(seen)" }
            }
            entries.append(made)
        }
        return problems.isEmpty ? .success(entries) : .failure(TableProblems(problems))
    }

    /// The deepest unit path (`市委组织部/干部一科` is 2 deep; a county's tree is 5 or 6) and its longest spelling.
    public static let deepestUnit = 16
    public static let longestUnit = 400

    /// The problem with a unit cell, if any: deeper than `deepestUnit` levels or longer than `longestUnit`
    /// characters (each level is a row of the unit tree and a line of every report).
    static func unitProblem(_ cell: (text: String, column: Int), row: Int) -> TableProblem? {
        let depth = cell.text.split(separator: "/", omittingEmptySubsequences: true).count
        guard depth > deepestUnit || cell.text.count > longestUnit else { return nil }
        return TableProblem(
            row: row, column: cell.column, chinese: "单位路径最多 \(deepestUnit) 层、\(longestUnit) 个字（此处 \(depth) 层、\(cell.text.count) 个字）",
            english: "a unit path has at most \(deepestUnit) levels and \(longestUnit) characters (this one \(depth) and \(cell.text.count))")
    }

    /// The problem of a category/item pair the rules do not have, listing the ones they do.
    /// A cell naming a kind, tier … the rules do not have, with the names they do.
    static func unknownName(_ cell: (text: String, column: Int), row: Int, chinese: String, english: String, known: [String]) -> TableProblem {
        TableProblem(
            row: row, column: cell.column, chinese: "未知的\(chinese)“\(cell.text)”（规则中有：\(known.joined(separator: "、"))）",
            english: "unknown \(english) \"\(cell.text)\" (the rules have: \(known.joined(separator: "、")))")
    }

    public static func unknownItem(category: String, item: String, row: Int, column: Int, rules: LedgerRules) -> TableProblem {
        let known = rules.pointsItems.map { "\($0.category)/\($0.name)" }.joined(separator: "、")
        return TableProblem(
            row: row, column: column, chinese: "规则中没有积分项目“\(category)/\(item)”（有：\(known)）",
            english: "the rules have no points item \"\(category)/\(item)\" (they have: \(known))")
    }
}
