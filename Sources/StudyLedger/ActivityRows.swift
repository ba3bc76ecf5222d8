import BankFormats
import QuizModel

/// Reads an activities table a row at a time, as it streams from a file: the first row given is the header, each
/// later row becomes an `Activity` or problems. Nothing but the problems and the people met is kept, so a file of
/// a million rows can go straight into the store's transaction (which the caller rolls back when `problems` is not
/// empty at the end). `LedgerTables.activities` reads a whole table through it.
public struct ActivityRows {
    /// Every problem met so far, in the order met (header problems first).
    public private(set) var problems: [TableProblem] = []
    /// How many data rows were given (good or bad).
    public private(set) var rowsRead = 0

    let rules: LedgerRules
    let window: ClosedRange<CalendarDate>
    var knownPeople: Set<String>
    /// nil until the header was read; `headerFailed` when it did not match (every later row is then ignored).
    var matched: MatchedTable? = nil
    var headerFailed = false
    /// The kind of each spelling met, looked up once (compared by bytes: hashing Chinese text is slow).
    var kinds: [(text: String, kind: LedgerRules.Kind?)] = []
    var columns = Columns()

    /// Column indices looked up once, not per row.
    struct Columns {
        var recordId, personId, name, unit, date, kind, title, hours, days, minutes, absentHours: Int?
    }

    /// A reader for `rules`; a person not in `knownPeople` is registered from the row's name and unit (without a
    /// name the row is bad). Dates must lie within the rules' `dates` window as of `today`.
    public init(rules: LedgerRules, knownPeople: Set<String>, importedOn today: CalendarDate = .today) {
        self.rules = rules
        self.window = rules.dates.dates(importedOn: today)
        self.knownPeople = knownPeople
    }

    /// Whether the header has been read and matched.
    public var hasHeader: Bool { matched != nil }

    /// The activity of `fields`, or nil for the header and for a bad row (its problems recorded).
    public mutating func read(_ fields: [CSVTable.Field]) -> Activity? {
        guard !headerFailed else { return nil }
        guard let matched else {
            readHeader(fields)
            return nil
        }
        rowsRead += 1
        return activity(fields, matched)
    }

    /// Records that the table ended: a table without even a header is a problem.
    public mutating func finish() {
        if matched == nil, !headerFailed { readHeader(nil) }
    }

    mutating func readHeader(_ fields: [CSVTable.Field]?) {
        guard let found = MatchedTable.match(header: fields, specs: LedgerTables.activityColumns, problems: &problems) else {
            headerFailed = true
            return
        }
        if ["hours", "days", "minutes"].allSatisfy({ found.columns[$0] == nil }) {
            problems.append(TableProblem(row: 1, column: found.width + 1, chinese: "缺少学时、天数或分钟列", english: "none of the columns hours, days, minutes"))
            headerFailed = true
            return
        }
        matched = found
        columns = Columns(
            recordId: found.columns["record_id"], personId: found.columns["person_id"], name: found.columns["name"], unit: found.columns["unit"],
            date: found.columns["date"], kind: found.columns["kind"], title: found.columns["title"], hours: found.columns["hours"],
            days: found.columns["days"], minutes: found.columns["minutes"], absentHours: found.columns["absent_hours"])
    }

    mutating func activity(_ fields: [CSVTable.Field], _ matched: MatchedTable) -> Activity? {
        let row = fields.first?.row ?? 0
        let before = problems.count
        guard matched.hasEveryField(fields, row: row, &problems) else { return nil }
        let person = matched.cell(at: columns.personId, fields)
        if person.text.isEmpty {
            problems.append(TableProblem(row: row, column: person.column, chinese: "缺少人员编号", english: "the person_id is missing"))
        } else if !knownPeople.contains(person.text) {
            if matched.cell(at: columns.name, fields).text.isEmpty {
                problems.append(
                    TableProblem(
                        row: row, column: person.column, chinese: "人员“\(person.text)”不在名册中，本行也没有姓名",
                        english: "the person \(person.text) is not registered and the row gives no name"))
            } else {
                knownPeople.insert(person.text)
            }
        }
        if let problem = LedgerTables.unitProblem(matched.cell(at: columns.unit, fields), row: row) { problems.append(problem) }
        let date = LedgerTables.date(matched.cell(at: columns.date, fields), row: row, within: window, problems: &problems)
        let kindCell = matched.cell(at: columns.kind, fields)
        let kind: LedgerRules.Kind?
        if let known = kinds.first(where: { byteOrder($0.text, kindCell.text) == 0 }) {
            kind = known.kind
        } else {
            kind = rules.kind(named: kindCell.text)
            kinds.append((kindCell.text, kind))
        }
        if kind == nil {
            problems.append(LedgerTables.unknownName(kindCell, row: row, chinese: "学习形式", english: "kind", known: rules.kinds.map(\.name)))
        }
        let hours = LedgerTables.amount(matched.cell(at: columns.hours, fields), row: row, name: "hours", problems: &problems)
        let days = LedgerTables.amount(matched.cell(at: columns.days, fields), row: row, name: "days", problems: &problems)
        let minutes = LedgerTables.amount(matched.cell(at: columns.minutes, fields), row: row, name: "minutes", problems: &problems)
        let absentCell = matched.cell(at: columns.absentHours, fields)
        let absent = LedgerTables.amount(absentCell, row: row, name: "absent_hours", problems: &problems)
        guard problems.count == before, let date, let kind else { return nil }
        let given = [hours, days, minutes].compactMap { $0 }
        if given.count != 1 {
            let column = matched.cell(at: given.isEmpty ? columns.hours : columns.days, fields).column
            problems.append(
                TableProblem(
                    row: row, column: given.isEmpty ? (columns.hours ?? columns.days ?? columns.minutes ?? 0) + 1 : column,
                    chinese: given.isEmpty ? "缺少学时：hours、days、minutes 应填其一" : "hours、days、minutes 只能填其一",
                    english: given.isEmpty ? "no amount: give one of hours, days, minutes" : "give only one of hours, days, minutes"))
            return nil
        }
        let course = hours ?? days.map { $0 * rules.hoursPerDay } ?? (minutes ?? 0) / 60
        if let absent, absent > course, hours != nil || days != nil {
            problems.append(
                TableProblem(
                    row: row, column: absentCell.column, chinese: "缺勤学时 \(ledgerNumber(absent)) 超过课程学时 \(ledgerNumber(course))",
                    english: "absent_hours \(ledgerNumber(absent)) exceed the course's \(ledgerNumber(course)) 学时"))
            return nil
        }
        let record = matched.cell(at: columns.recordId, fields).text
        return Activity(
            recordID: record.isEmpty ? nil : record, person: person.text, name: matched.cell(at: columns.name, fields).text,
            unit: matched.cell(at: columns.unit, fields).text, date: date, kind: kind.name, title: matched.cell(at: columns.title, fields).text,
            hours: hours, days: days, minutes: minutes, absentHours: absent, sourceRow: row)
    }
}
