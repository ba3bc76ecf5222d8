import Foundation
import QuizModel
import Testing

@testable import StudyLedger

@Suite("Ledger rules")
struct LedgerRulesTests {
    @Test func presetHasTheFiguresOfTheRegulation() throws {
        let rules = LedgerRules.preset
        #expect(rules.hoursPerDay == 8)
        let senior = try #require(rules.requirement(tier: "县处级及以上"))
        #expect(senior.years == 5 && senior.hours == 550 && senior.makeUpYears == 1)
        let junior = try #require(rules.requirement(tier: "junior"))
        #expect(junior.tier == "乡科级及以下" && junior.years == 1 && junior.hours == 90 && junior.days == 12)
        #expect(junior.onlineHoursPerYear == 50)
        #expect(rules.absenceLimit == LedgerRules.Fraction(numerator: 1, denominator: 7))
        #expect(rules.kind(named: "ONLINE")?.name == "网络培训")
        #expect(rules.kind(named: "在职自学")?.capPerYear == 20)
        #expect(rules.minuteBands.map(\.minutes) == [30, 15, 0])
        #expect(rules.examHours == 0.5 && rules.examKind == "考试")
        #expect(rules.pointsItem(category: "学习", item: "每日答题")?.dailyCap == 5)
        #expect(rules.dates.earliest.description == "2000-01-01" && rules.dates.daysAhead == 0)
    }

    @Test func everyProblemIsLocated() throws {
        let yaml = """
            name: 测试
            hoursPerDay: -6
            kinds:
              - {name: 网络培训, aliases: [online], minuteBands: true}
              - {name: 自学, aliases: [Online]}
              - {name: 其他, cap: 3}
            absenceLimit: 8/7
            exam: {kind: 考核, hours: 1}
            requirements:
              - {tier: 乡科级, years: 0, hours: 90}
            dates: {earliest: 2026-13-01, daysAhead: -1}
            """
        do {
            _ = try LedgerRules.read(yaml: yaml)
            Issue.record("rules with problems were read")
        } catch {
            let found = error.diagnostics.map { "\($0.line):\($0.column) \($0.path)" }
            #expect(
                found.sorted() == [
                    "1:1 minuteBands",  // a kind uses bands, none given
                    "10:24 requirements[0].years",
                    "2:14 hoursPerDay",
                    "5:5 kinds[1]",  // "Online" repeats "online" (case-insensitive)
                    "6:16 kinds[2].cap",  // unknown key
                    "7:15 absenceLimit",
                    "8:14 exam.kind",
                    "11:19 dates.earliest",
                    "11:42 dates.daysAhead",
                ].sorted(), "\(found)")
            let english = error.diagnostics.first { $0.path == "exam.kind" }!.rendered(file: "r.yaml", language: .en)
            #expect(english == "r.yaml:8:14: error: exam.kind: the kind \"考核\" is not among kinds")
            #expect(error.diagnostics.first { $0.path == "hoursPerDay" }!.rendered(file: "r.yaml", language: .zhHans) == "r.yaml:2:14: 错误：hoursPerDay: 应为不超过 24 的正数")
        }
    }

    @Test func yamlSyntaxErrorsAndEmptyFilesAreLocated() {
        #expect(throws: LedgerRules.ReadFailure.self) { try LedgerRules.read(yaml: "") }
        do {
            _ = try LedgerRules.read(yaml: "name: [a\nkinds: 1\n")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics[0].english.hasPrefix("YAML:"))
            #expect(error.diagnostics[0].line >= 1)
        }
    }

    func activity(hours: Double? = nil, days: Double? = nil, minutes: Double? = nil, absent: Double? = nil, kind: String = "脱产培训") -> Activity {
        Activity(
            recordID: "r", person: "p", name: "", unit: "", date: CalendarDate(year: 2026, month: 5, day: 1)!, kind: kind, title: "t", hours: hours,
            days: days, minutes: minutes, absentHours: absent, sourceRow: 2)
    }

    @Test func creditsFollowTheRules() throws {
        let rules = LedgerRules.preset
        #expect(rules.credit(for: activity(days: 5)).hours == 40)
        #expect(rules.credit(for: activity(days: 5)).rule.rule == "hoursPerDay")
        #expect(rules.credit(for: activity(days: 0.5)).hours == 4)
        // Online courses by length band: ≥ 30 min 1, 15–30 0.5, under 15 0.25; boundaries belong to the higher band.
        for (minutes, hours) in [(45.0, 1.0), (30, 1), (29, 0.5), (15, 0.5), (14.9, 0.25), (1, 0.25)] {
            let credit = rules.credit(for: activity(minutes: minutes, kind: "网络培训"))
            #expect(credit.hours == hours, "\(minutes) minutes")
            #expect(credit.rule.rule.hasPrefix("minuteBands["))
        }
        // Minutes of a kind without bands are minutes / 60.
        #expect(rules.credit(for: activity(minutes: 90, kind: "专题讲座")).hours == 1.5)
        // Absence: more than 1/7 of the course loses it all; exactly 1/7 does not.
        #expect(rules.credit(for: activity(hours: 40, absent: 6)).hours == 0)
        #expect(rules.credit(for: activity(hours: 40, absent: 6)).rule.rule == "absenceLimit")
        #expect(rules.credit(for: activity(hours: 7, absent: 1)).hours == 7)
        #expect(rules.credit(for: activity(days: 7, absent: 8)).hours == 56)
        #expect(rules.credit(for: activity(days: 7, absent: 8.5)).hours == 0)
        // Exactly 1/7 where binary floating point says more (2.1 × 7 > 14.7): still credited, in every form.
        for (hours, absent) in [(14.7, 2.1), (5.6, 0.8), (2.8, 0.4), (0.7, 0.1)] {
            #expect(rules.credit(for: activity(hours: hours, absent: absent)).hours == hours, "\(hours) missing \(absent)")
            #expect(rules.credit(for: activity(hours: hours, absent: absent + 0.01)).hours == 0, "\(hours) missing \(absent + 0.01)")
        }
        #expect(rules.credit(for: activity(days: 0.35, absent: 0.4)).hours == 2.8)
        // 70 minutes of a lecture are 7/6 学时: missing 1/6 学时 is exactly 1/7.
        #expect(rules.credit(for: activity(minutes: 70, absent: 1.0 / 6, kind: "专题讲座")).hours > 1.16)
        #expect(rules.credit(for: activity(minutes: 70, absent: 0.17, kind: "专题讲座")).hours == 0)
        // A course of no minutes earns nothing (not the lowest band's 0.25).
        #expect(rules.credit(for: activity(minutes: 0, kind: "网络培训")).hours == 0)
    }

    @Test func datesAndPeriods() {
        #expect(CalendarDate(parsing: "2026-05-08")?.description == "2026-05-08")
        #expect(CalendarDate(parsing: "2026/5/8")?.description == "2026-05-08")
        #expect(CalendarDate(parsing: "2026年5月8日")?.description == "2026-05-08")
        #expect(CalendarDate(parsing: "2026-02-29") == nil)
        #expect(CalendarDate(parsing: "2024-02-29")?.adding(years: 1).description == "2025-02-28")
        #expect(CalendarDate(parsing: "2026-13-01") == nil)
        #expect(CalendarDate(parsing: "26-5") == nil)
        #expect(CalendarDate(parsing: "yesterday") == nil)
        #expect(Period(parsing: "2026-Q2")?.months == 4...6)
        #expect(Period(parsing: "2026-05")?.months == 5...5)
        #expect(Period(parsing: "2026")?.months == 1...12)
        #expect(Period(parsing: "2026-Q5") == nil)
        #expect(Period(parsing: "2026-13") == nil)
        #expect(Period(parsing: "Q2") == nil)
    }
}
