import BankFormats
import Foundation
import QuizModel
import Testing

@testable import StudyLedger

/// A file of the repository's `examples/ledger/`.
func example(_ name: String) throws -> CSVTable {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    let text = try String(contentsOf: url.appendingPathComponent("examples/ledger/\(name)"), encoding: .utf8)
    return try CSVTable.parse(text)
}

/// The shipped sample, read and totalled the way the store does (sums of each activity's credit by person, year, kind).
func sampleReport(rules: LedgerRules = .preset, asOf: String = "2026-12-31") throws -> CreditReport {
    let people = try LedgerTables.people(example("people.csv"), rules: rules).get()
    let activities = try LedgerTables.activities(example("activities.csv"), rules: rules, knownPeople: Set(people.map(\.id))).get()
    var register = people
    for activity in activities where !register.contains(where: { $0.id == activity.person }) {
        register.append(PersonRecord(id: activity.person, name: activity.name, unit: activity.unit))
    }
    var totals = CreditTotals(kinds: rules.kinds.map(\.name), years: 2020...2026)
    for activity in activities {
        totals.add(person: activity.person, year: activity.date.year, kind: activity.kind, hours: CreditHours(rules.credit(for: activity).hours))
    }
    return CreditReport(year: 2026, asOf: CalendarDate(parsing: asOf)!, people: register, totals: totals, rules: rules)
}

@Suite("Credit and points reports")
struct LedgerReportTests {
    @Test func sampleMatchesHandComputedTotals() throws {
        let report = try sampleReport()
        func person(_ id: String) throws -> PersonCredits { try #require(report.people.first { $0.id == id }) }
        // 王明: 12 days × 8 = 96 of 脱产培训 (the only kind the preset counts toward 90, as the 条例 reads); online
        // 1 (45 min) + 48 + 0.5 (20 min) + 0.25 (10 min) + 1 (30 min) = 50.75; self-study 25 capped at 20.
        let wang = try person("P001")
        #expect(wang.hours == 166.75 && wang.windowHours == 96 && wang.onlineHours == 50.75 && wang.standing == .met)
        let selfStudy = try #require(wang.kinds.first { $0.kind == "在职自学" })
        #expect(selfStudy.earned == 25 && selfStudy.hours == 20 && selfStudy.cap?.rule == "kinds[在职自学].capPerYear")
        // 李华: the 40-hour course missed for 6 hours (> 40/7) counts 0, so no 脱产培训 at all: 3 + 50 = 53 学时 in
        // the year, 90 short.
        let li = try person("P002")
        #expect(li.hours == 53 && li.windowHours == 0 && li.standing == .shortfall && li.shortfall == 90 && li.onlineShortfall == 0)
        // 张伟 (senior): 脱产培训 2022–2026 = 240 + 120 + 200 = 560 ≥ 550; the 2021 course is outside the window, and
        // the online and group study (60 + 60 + 55 + 30) does not count.
        let zhang = try person("P003")
        #expect(zhang.windowYears == 5 && zhang.windowHours == 560 && zhang.hours == 85 && zhang.standing == .met)
        // 赵静 entered the senior tier on 2026-06-01: 100 of 550, within the make-up year.
        let zhao = try person("P004")
        #expect(zhao.windowHours == 100 && zhao.standing == .makeUp && zhao.makeUpUntil == "2027-06-01" && zhao.shortfall == 450)
        // 陈刚: 12 days = 96, online 50, contest 15 capped at 10 → 156.
        #expect(try person("P005").hours == 156 && person("P005").windowHours == 96)
        // 刘洋's tier has no requirement; 孙丽 came from the activities file with no tier: listed apart, never met.
        #expect(try person("P006").standing == .noRequirement)
        #expect(try person("P007").standing == .untiered && !person("P007").met && person("P007").unit == "县委组织部")
        #expect(report.behind.map(\.id) == ["P002"])
        #expect(report.untiered.map(\.id) == ["P007"])
        #expect(report.units.first { $0.unit == "县委组织部" }.map { ($0.people, $0.untiered, $0.rate) } ?? (-1, -1, nil) == (1, 1, 1.0))
        let markdown = LedgerDocuments.markdown(report, language: .zhHans)
        #expect(markdown.contains("## 未登记层级（1 人，无法判断是否达标，请在名册中登记层级）\n\n- P007 孙丽（县委组织部）"), "\(markdown)")
        let units = Dictionary(uniqueKeysWithValues: report.units.map { ($0.unit, $0) })
        #expect(units["市委组织部"]?.people == 4 && units["市委组织部"]?.met == 2 && units["市委组织部"]?.makeUp == 1 && units["市委组织部"]?.behind == 1)
        #expect(units["市委组织部/干部一科"]?.rate == 0.5)
        #expect(units["县委组织部"]?.people == 1 && units["县委组织部"]?.rate == 1)
    }

    @Test func makeUpPeriodEnds() throws {
        let report = try sampleReport(asOf: "2027-06-02")
        #expect(report.people.first { $0.id == "P004" }?.standing == .shortfall)
    }

    @Test func daysCriterionUnderSixHoursADay() throws {
        var rules = LedgerRules.preset
        rules.hoursPerDay = 6
        // 12 days × 6 = 72 学时: 李华's 0 is short by 72 (the smaller gap of the two criteria).
        let li = try #require(try sampleReport(rules: rules).people.first { $0.id == "P002" })
        #expect(li.standing == .shortfall && li.shortfall == 72)
        // 王明's 12 days now count 72: below 90 学时, yet the 12 days meet the days criterion.
        let wang = try #require(try sampleReport(rules: rules).people.first { $0.id == "P001" })
        #expect(wang.hours == 142.75 && wang.windowHours == 72 && wang.standing == .met)
    }

    @Test func badActivityRowsAreAllLocated() throws {
        let text = """
            record_id,person_id,name,unit,date,kind,title,hours,days,minutes,absent_hours
            R1,P001,王明,一科,2026-02-30,脱产培训,a,8,,,
            R2,P001,王明,一科,2026-03-01,旅游,b,8,,,
            R3,P001,王明,一科,2026-03-01,脱产培训,c,-8,,,
            R4,,王明,一科,2026-03-01,脱产培训,d,8,,,
            R5,P001,王明,一科,2026-03-01,脱产培训,e,8,1,,
            R6,P001,王明,一科,2026-03-01,脱产培训,f,,,,
            R7,P001,王明,一科,2026-03-01,脱产培训,g,8,,,9
            R8,P001,王明,一科,2026-03-01,脱产培训,h,8,,
            R9,P999,,一科,2026-03-01,脱产培训,i,8,,,
            R10,P001,王明,一科,2026-03-01,脱产培训,j,8,,,
            """
        let result = LedgerTables.activities(try CSVTable.parse(text), rules: .preset, knownPeople: ["P001"])
        guard case .failure(let failure) = result else {
            Issue.record("a file with bad rows was accepted")
            return
        }
        let places = failure.problems.map { "\($0.row):\($0.column)" }
        #expect(places == ["2:5", "3:6", "4:8", "5:2", "6:9", "7:8", "8:11", "9:11", "10:2"], "\(places)")
        #expect(failure.problems[1].english.contains("unknown kind \"旅游\""))
        #expect(failure.problems[7].english == "expected 11 fields, found 10")
        #expect(failure.problems[8].chinese == "人员“P999”不在名册中，本行也没有姓名")
    }

    @Test func aRequirementCountsOnlyTheKindsItNames() throws {
        // The preset counts 脱产培训 alone, as the 条例's text reads; rules without `kinds` count every kind:
        // then 王明's online courses and self-study (70.75 学时) count as well.
        #expect(LedgerRules.preset.requirement(tier: "乡科级及以下")?.kinds == ["脱产培训"])
        #expect(LedgerRules.preset.requirement(tier: "县处级及以上")?.kinds == ["脱产培训"])
        let preset = try #require(try sampleReport().people.first { $0.id == "P001" })
        #expect(preset.rules.contains { $0.chinese == "乡科级及以下每年不少于 90 学时或12 天（× 8 学时/天）（只计脱产培训）" }, "\(preset.rules)")
        #expect(preset.countedKinds == ["脱产培训"])
        #expect(LedgerDocuments.markdown(try sampleReport(), language: .zhHans).contains("| 90 学时或12 天（脱产培训），网络 50 |"))
        let yaml = LedgerRules.presetYAML.replacingOccurrences(of: "    kinds: [脱产培训]\n", with: "")
        let rules = try LedgerRules.read(yaml: yaml)
        #expect(rules.requirement(tier: "乡科级及以下")?.kinds == nil)
        let wang = try #require(try sampleReport(rules: rules).people.first { $0.id == "P001" })
        #expect(wang.hours == 166.75 && wang.windowHours == 166.75 && wang.standing == .met)
        // Spelled by an alias, kept by the kind's name.
        let aliased = try LedgerRules.read(yaml: LedgerRules.presetYAML.replacingOccurrences(of: "    days: 12\n    kinds: [脱产培训]\n", with: "    days: 12\n    kinds: [full-time, online]\n"))
        #expect(aliased.requirement(tier: "乡科级及以下")?.kinds == ["脱产培训", "网络培训"])
        // A kind the rules do not have is located.
        do {
            _ = try LedgerRules.read(yaml: LedgerRules.presetYAML.replacingOccurrences(of: "    days: 12\n    kinds: [脱产培训]\n", with: "    days: 12\n    kinds: [旅游]\n"))
            Issue.record("an unknown kind was accepted")
        } catch {
            #expect(error.diagnostics.map(\.path) == ["requirements[1].kinds"])
        }
    }

    @Test func amountsBeyondAnyYearOrNotInDecimalsAreRefused() throws {
        // 9.3e18 hours once imported and then trapped every report; 0x10 was read as 16; 1e308 days as infinity.
        let text = """
            record_id,person_id,name,unit,date,kind,title,hours,days,minutes,absent_hours
            R1,P001,王明,一科,2026-03-01,专题讲座,a,9300000000000000000,,,
            R2,P001,王明,一科,2026-03-01,专题讲座,b,0x10,,,
            R3,P001,王明,一科,2026-03-01,脱产培训,c,,1e308,,
            R4,P001,王明,一科,2026-03-01,网络培训,d,,,inf,
            R5,P001,王明,一科,2026-03-01,专题讲座,e,2001,,,
            R6,P001,王明,一科,2026-03-01,专题讲座,f,1.5,,,
            """
        guard case .failure(let failure) = LedgerTables.activities(try CSVTable.parse(text), rules: .preset, knownPeople: ["P001"], importedOn: CalendarDate(year: 2026, month: 12, day: 2)!) else {
            Issue.record("huge amounts were accepted")
            return
        }
        #expect(failure.problems.map { "\($0.row):\($0.column)" } == ["2:8", "3:8", "4:9", "5:10", "6:8"])
        #expect(failure.problems[0].english == "hours must be a number from 0 to 2000: \"9300000000000000000\"")
        let points = "person_id,date,category,item,points,note\nP001,2026-05-01,工作,贡献积分,1e308,\nP001,2026-05-01,工作,贡献积分,-100001,\nP001,2026-05-01,工作,考核扣分,-5,\n"
        guard case .failure(let refused) = LedgerTables.points(try CSVTable.parse(points), rules: .preset, knownPeople: ["P001"], importedOn: CalendarDate(year: 2026, month: 12, day: 2)!) else {
            Issue.record("huge points were accepted")
            return
        }
        #expect(refused.problems.map { "\($0.row):\($0.column)" } == ["2:5", "3:5"])
        // A value an older store may hold prints instead of trapping.
        #expect(ledgerNumber(9.3e18) == "9.3e+18" && ledgerNumber(.infinity) == "inf" && ledgerNumber(12.5) == "12.5")
    }

    @Test func sumsCapsAndRequirementsAreExact() throws {
        // 900 talks of 0.1 学时 make 90 学时 — in binary floating point 89.99999999999866, which once left a
        // cadre 0.0000000000013 学时 behind; 500 online tenths meet the 50 学时 line; 250 self-study tenths are
        // cut at exactly 20.
        var rows = ["record_id,person_id,name,unit,date,kind,title,hours,days,minutes,absent_hours"]
        for index in 0..<900 { rows.append("T\(index),P001,王明,一科,2026-03-01,专题讲座,t,0.1,,,") }
        for index in 0..<500 { rows.append("O\(index),P001,王明,一科,2026-03-02,网络培训,o,0.1,,,") }
        for index in 0..<250 { rows.append("S\(index),P001,王明,一科,2026-03-03,在职自学,s,0.1,,,") }
        let rules = LedgerRules.preset
        let activities = try LedgerTables.activities(
            try CSVTable.parse(rows.joined(separator: "\n")), rules: rules, knownPeople: ["P001"], importedOn: CalendarDate(year: 2026, month: 12, day: 2)!
        ).get()
        var floating = 0.0
        for activity in activities where activity.kind == "专题讲座" { floating += rules.credit(for: activity).hours }
        #expect(floating != 90, "the case no longer shows the floating-point drift")
        // Every kind counting toward the 90 学时 (the preset counts 脱产培训 alone, as the 条例 reads).
        let generalRules = try LedgerRules.read(yaml: LedgerRules.presetYAML.replacingOccurrences(of: "    kinds: [脱产培训]\n", with: ""))
        var totals = CreditTotals(kinds: generalRules.kinds.map(\.name), years: 2026...2026)
        for activity in activities { totals.add(person: "P001", year: 2026, kind: activity.kind, hours: CreditHours(generalRules.credit(for: activity).hours)) }
        let person = PersonRecord(id: "P001", name: "王明", unit: "一科", tier: "乡科级及以下")
        let report = CreditReport(year: 2026, asOf: CalendarDate(year: 2026, month: 12, day: 31)!, people: [person], totals: totals, rules: generalRules)
        let wang = try #require(report.people.first)
        let selfStudy = try #require(wang.kinds.first { $0.kind == "在职自学" })
        #expect(selfStudy.earned == 25 && selfStudy.hours == 20 && selfStudy.cap != nil)
        #expect(wang.onlineHours == 50 && wang.hours == 160 && wang.windowHours == 160)
        #expect(wang.standing == .met && wang.shortfall == 0 && wang.onlineShortfall == 0)
        // Only 90 of the talks: 90 学时 to the line, exactly.
        totals = CreditTotals(kinds: generalRules.kinds.map(\.name), years: 2026...2026)
        for activity in activities where activity.kind == "专题讲座" {
            totals.add(person: "P001", year: 2026, kind: activity.kind, hours: CreditHours(generalRules.credit(for: activity).hours))
        }
        let withoutOnline = CreditReport(
            year: 2026, asOf: CalendarDate(year: 2026, month: 12, day: 31)!,
            people: [person], totals: totals, rules: generalRules)
        #expect(withoutOnline.people[0].windowHours == 90 && withoutOnline.people[0].shortfall == 0 && withoutOnline.people[0].onlineShortfall == 50)
    }

    @Test func amountsWithMoreDecimalsThanTheLedgerKeepsAreRefused() throws {
        let text = """
            record_id,person_id,name,unit,date,kind,title,hours,days,minutes,absent_hours
            R1,P001,王明,一科,2026-03-01,专题讲座,a,1.23456,,,
            R2,P001,王明,一科,2026-03-01,脱产培训,b,,0.125,,
            R3,P001,王明,一科,2026-03-01,网络培训,c,,,10.125,
            R4,P001,王明,一科,2026-03-01,专题讲座,d,1.2345,,,
            R5,P001,王明,一科,2026-03-01,网络培训,e,,,10.25,
            """
        guard case .failure(let failure) = LedgerTables.activities(try CSVTable.parse(text), rules: .preset, knownPeople: ["P001"], importedOn: CalendarDate(year: 2026, month: 12, day: 2)!) else {
            Issue.record("amounts with too many decimals were accepted")
            return
        }
        #expect(failure.problems.map { "\($0.row):\($0.column)" } == ["2:8", "3:9", "4:10"])
        #expect(failure.problems[0].chinese == "hours 最多 4 位小数：“1.23456”")
        let points = "person_id,date,category,item,points,note\nP001,2026-05-01,工作,贡献积分,0.125,\nP001,2026-05-01,工作,贡献积分,0.25,\n"
        guard case .failure(let refused) = LedgerTables.points(try CSVTable.parse(points), rules: .preset, knownPeople: ["P001"], importedOn: CalendarDate(year: 2026, month: 12, day: 2)!) else {
            Issue.record("points with three decimals were accepted")
            return
        }
        #expect(refused.problems.map { "\($0.row):\($0.column)" } == ["2:5"])
        do {
            _ = try LedgerRules.read(yaml: LedgerRules.presetYAML.replacingOccurrences(of: "hoursPerDay: 8", with: "hoursPerDay: 7.125"))
            Issue.record("hoursPerDay with three decimals was accepted")
        } catch {
            #expect(error.diagnostics.map(\.english) == ["at most 2 decimals: \"7.125\""])
        }
    }

    @Test func pointsTieExactly() throws {
        // 0.1 + 0.2 is 0.30000000000000004 in binary: summed in hundredths, it ties with 0.3.
        let people = [PersonRecord(id: "P1", name: "甲", unit: "一科"), PersonRecord(id: "P2", name: "乙", unit: "一科")]
        let text = "person_id,date,category,item,points,note\nP1,2026-05-01,工作,贡献积分,0.1,a\nP1,2026-05-02,工作,贡献积分,0.2,b\nP2,2026-05-01,工作,贡献积分,0.3,c\n"
        let entries = try LedgerTables.points(try CSVTable.parse(text), rules: .preset, knownPeople: ["P1", "P2"], importedOn: CalendarDate(year: 2026, month: 12, day: 2)!).get()
        let report = PointsReport(period: Period(parsing: "2026")!, people: people, entries: entries, rules: .preset)
        #expect(report.people.map(\.rank) == [1, 1] && report.people.map(\.points) == [0.3, 0.3])
    }

    @Test func datesOutsideTheRulesWindowAreRefused() throws {
        let header = "record_id,person_id,name,unit,date,kind,title,hours,days,minutes,absent_hours\n"
        let text = header + "R1,P001,王明,一科,2062-03-01,专题讲座,a,2,,,\nR2,P001,王明,一科,1926-03-01,专题讲座,b,2,,,\nR3,P001,王明,一科,2026-12-03,专题讲座,c,2,,,\n"
        let today = CalendarDate(year: 2026, month: 12, day: 2)!
        guard case .failure(let failure) = LedgerTables.activities(try CSVTable.parse(text), rules: .preset, knownPeople: ["P001"], importedOn: today) else {
            Issue.record("dates outside the window were accepted")
            return
        }
        #expect(failure.problems.map { "\($0.row):\($0.column)" } == ["2:5", "3:5", "4:5"])
        #expect(failure.problems[0].english == "the date 2062-03-01 is after 2026-12-02 (rule dates.daysAhead: no future dates); check the year")
        #expect(failure.problems[1].chinese == "日期 1926-03-01 早于 2000-01-01（规则 dates.earliest），请核对年份")
        // The window is the rules': a week ahead accepts tomorrow, an earlier start accepts 1926.
        var rules = LedgerRules.preset
        rules.dates = .init(earliest: CalendarDate(year: 1900, month: 1, day: 1)!, daysAhead: 7)
        let accepted = try LedgerTables.activities(
            try CSVTable.parse(header + "R2,P001,王明,一科,1926-03-01,专题讲座,b,2,,,\nR3,P001,王明,一科,2026-12-03,专题讲座,c,2,,,\n"),
            rules: rules, knownPeople: ["P001"], importedOn: today
        ).get()
        #expect(accepted.count == 2)
        // Points entries are held to the same window.
        let points = "entry_id,person_id,date,category,item,points,note\nE1,P001,2062-01-01,学习,每日答题,1,\n"
        guard case .failure(let refused) = LedgerTables.points(try CSVTable.parse(points), rules: .preset, knownPeople: ["P001"], importedOn: today) else {
            Issue.record("a points entry dated 2062 was accepted")
            return
        }
        #expect(refused.problems.map { "\($0.row):\($0.column)" } == ["2:3"])
    }

    @Test func headersInChineseAndUnknownOrMissingColumns() throws {
        let chinese = "序号,记录编号,人员编号,姓名,单位,日期,类型,名称,学时\n1,R1,P1,王明,一科,2026/3/1,online,课程,2\n"
        let activities = try LedgerTables.activities(try CSVTable.parse(chinese), rules: .preset, knownPeople: []).get()
        #expect(activities.count == 1 && activities[0].kind == "网络培训" && activities[0].date.description == "2026-03-01")
        let bad = "person_id,date,学时数,hours\nP1,2026-03-01,2,2\n"
        guard case .failure(let failure) = LedgerTables.activities(try CSVTable.parse(bad), rules: .preset, knownPeople: ["P1"]) else {
            Issue.record("a header with problems was accepted")
            return
        }
        #expect(failure.problems.map { "\($0.row):\($0.column)" } == ["1:3", "1:5"])
        #expect(failure.problems[1].english.contains("kind"))
    }

    @Test func naturalKeyWithoutRecordID() throws {
        let activities = try LedgerTables.activities(try example("activities.csv"), rules: .preset, knownPeople: []).get()
        #expect(activities.contains { $0.key == "P002|2026-10-01|专题讲座|二十届四中全会精神宣讲" })
        #expect(activities.first { $0.recordID == "A001" }?.key == "A001")
    }

    @Test func pointsWithDailyCapsRanksAndTheBottomFlag() throws {
        let people = try LedgerTables.people(example("people.csv"), rules: .preset).get()
        let entries = try LedgerTables.points(example("points.csv"), rules: .preset, knownPeople: Set(people.map(\.id))).get()
        let quarter = PointsReport(period: Period(parsing: "2026-Q2")!, people: people, entries: entries, rules: .preset)
        func row(_ id: String) -> PointsReport.PersonPoints? { quarter.people.first { $0.id == id } }
        // 王明: 3 × 2 on 05-08 capped at 5, 1 on 05-09 (the item's default), the exam's default 5 in June.
        #expect(row("P001")?.points == 11 && row("P001")?.months == [5: 6, 6: 5])
        // 李华: exam 5 + contribution 8 − 2 = 11: level with 王明, both first, nobody of the two flagged.
        #expect(row("P002")?.points == 11 && row("P002")?.rank == 1 && row("P001")?.rank == 1)
        #expect(row("P001")?.flagged == false && row("P002")?.flagged == false)
        // 县委组织部: 陈刚 6, 刘洋 0 (July is outside the quarter): 刘洋 is the bottom 10 % (rounded up to one person).
        #expect(row("P005")?.rank == 1 && row("P006")?.rank == 2 && row("P006")?.flagged == true && row("P005")?.flagged == false)
        #expect(quarter.capped.map(\.rule) == ["points.学习.每日答题.dailyCap"])
        let year = PointsReport(period: Period(parsing: "2026")!, people: people, entries: entries, rules: .preset)
        #expect(year.people.first { $0.id == "P006" }?.points == 1)
        let bad = "person_id,date,category,item,points\nP001,2026-05-01,学习,跳舞,1\nP404,2026-05-01,学习,每日答题,x\n"
        guard case .failure(let failure) = LedgerTables.points(try CSVTable.parse(bad), rules: .preset, knownPeople: ["P001"]) else {
            Issue.record("bad points rows were accepted")
            return
        }
        #expect(failure.problems.map { "\($0.row):\($0.column)" } == ["2:4", "3:1", "3:5"])
    }
}
