import Foundation
import PaperAssembly
import QuizModel
import Testing

@testable import Scoring

/// Moodle's own quiz statistics fixture, scored by kaoxue: the 25 attempts at 7 one-mark slots of
/// moodle/moodle `mod/quiz/report/statistics/tests/fixtures/results00.csv` (marks in tenths, halves and a third
/// written 0.3333333), and the statistics Moodle's walkthrough test expects of them — `qstats00.csv` per question,
/// `check_quiz_stats_for_quiz_00` for the quiz — computed independently in a spreadsheet by Moodle's authors.
/// Data from Moodle (GPL-3.0-or-later, © 2013 The Open University), compared within Moodle's own tolerances:
/// 1e-5 relative for discrimination, efficiency and effective weight, 1e-6 for the others, 1.5e-5 for the quiz.
@Suite("Moodle's statistics fixture")
struct MoodleStatisticsFixtureTests {
    /// results00.csv: each attempt's marks for slots 1–7.
    static let marks: [[Double]] = [
        [1, 1, 1, 1, 1, 0, 1], [1, 1, 1, 1, 0.5, 1, 0], [1, 1, 1, 1, 0.5, 0, 1], [0, 0, 1, 1, 1, 0, 0], [1, 0, 1, 0, 0, 1, 0.5],
        [1, 1, 1, 1, 0.5, 0, 0.5], [0, 1, 1, 1, 0.5, 1, 0.5], [1, 1, 1, 0, 0.5, 1, 0.5], [1, 0, 1, 1, 1, 1, 1], [0, 1, 1, 0, 0.5, 1, 0.5],
        [0.8, 0, 1, 1, 0.5, 1, 0.5], [1, 1, 1, 0, 0.5, 1, 1], [1, 0, 1, 1, 0.5, 1, 0.5], [1, 0, 1, 1, 1, 0, 0.5], [0, 0, 1, 1, 0, 1, 1],
        [1, 0, 1, 0, 0.5, 1, 1], [0.8, 0, 1, 1, 0.5, 0, 1], [1, 0, 1, 1, 0, 1, 0.5], [1, 0, 1, 1, 0.5, 0, 0.5], [0, 1, 1, 0, 0.5, 1, 0],
        [1, 1, 0.3333333, 1, 0.5, 0, 0.5], [1, 1, 1, 0, 0.5, 0, 0.5], [1, 1, 1, 1, 0, 1, 0.5], [0, 0, 1, 0, 0.5, 1, 1], [0, 0, 1, 1, 1, 1, 1],
    ]

    /// qstats00.csv: facility, sd, effective weight, discrimination index, discriminative efficiency per slot.
    static let expected: [(facility: Double, sd: Double, weight: Double, discrimination: Double, efficiency: Double)] = [
        (0.704, 0.4513682901, 21.2922742344, -7.0650767526, -9.4550536967),
        (0.48, 0.5099019514, 18.8979800309, -28.8982125772, -36.7834118938),
        (0.973333332, 0.13333334, 4.443012573, -9.1230674268, -21.6545012165),
        (0.68, 0.4760952286, 18.9347251357, -22.6306444113, -31.4411395613),
        (0.52, 0.3055050463, 11.1450138688, -17.6997047674, -21.1794802584),
        (0.64, 0.4898979486, 9.8081339177, -45.3785178421, -56.9365974439),
        (0.62, 0.331662479, 15.4788602394, -5.6543166602, -6.5043742058),
    ]

    /// The attempts as kaoxue scores them: seven 1-point short answers left blank, every mark given by hand
    /// (`--marks`), as a marker who marks in tenths and thirds does.
    static func outcome() throws -> BatchScorer.Outcome {
        let keyText = "version,number,id,type,answer,points,rule\n" + (1...7).map { "A,\($0),slot\($0),short,要点,1,\n" }.joined()
        let key = ScoringKey(key: try AnswerKey.parse(keyText).get(), paper: nil)
        var options = ScoringOptions()
        var sheets = "id,name,unit,version,1,2,3,4,5,6,7\n"
        for (attempt, row) in marks.enumerated() {
            let id = "M\(attempt + 1)"
            sheets += "\(id),考生,一科,A,,,,,,,\n"
            options.marks[id] = Dictionary(uniqueKeysWithValues: row.enumerated().map { ($0.offset + 1, $0.element) })
        }
        return try BatchScorer(key: key, options: options).score(SheetBytes(Array(sheets.utf8)))
    }

    static func close(_ actual: Double?, _ expected: Double, relative: Double, _ what: String) {
        guard let actual else {
            Issue.record("\(what): none, expected \(expected)")
            return
        }
        #expect(abs(actual - expected) <= abs(expected) * relative, "\(what): \(actual), Moodle \(expected)")
    }

    @Test func questionStatisticsAgreeWithMoodle() throws {
        let statistics = try Self.outcome().questionStatistics()
        #expect(statistics.map(\.id) == (1...7).map { "slot\($0)" })
        for (slot, (stats, moodle)) in zip(statistics, Self.expected).enumerated() {
            let name = "slot \(slot + 1)"
            #expect(stats.candidates == 25)
            Self.close(stats.facility, moodle.facility, relative: 1e-6, "\(name) facility")
            Self.close(stats.sd, moodle.sd, relative: 1e-6, "\(name) sd")
            Self.close(stats.effectiveWeight, moodle.weight, relative: 1e-5, "\(name) effective weight")
            Self.close(stats.discrimination, moodle.discrimination, relative: 1e-5, "\(name) discrimination index")
            Self.close(stats.efficiency, moodle.efficiency, relative: 1e-5, "\(name) discriminative efficiency")
        }
        // Moodle's weights of a quiz sum to 100.
        #expect(abs(statistics.compactMap(\.effectiveWeight).reduce(0, +) - 100) < 1e-9)
    }

    @Test func quizStatisticsAgreeWithMoodle() throws {
        let summary = try Self.outcome().summary(options: ScoringOptions())
        #expect(summary.candidates == 25 && summary.maxScore == 7)
        let moodle: [(String, Double?, Double)] = [
            ("median", summary.median, 4.5), ("mean", summary.mean, 4.617333332), ("standard deviation", summary.sd, 0.8117265554),
            ("skewness", summary.skewness, -0.092502502), ("kurtosis", summary.kurtosis, -0.7073968557),
            ("cic (100 α)", summary.alpha.map { $0 * 100 }, -87.2230935542), ("error ratio", summary.errorRatio, 136.8294900795),
            ("standard error", summary.sem, 1.1106813066),
        ]
        for (name, actual, expected) in moodle { Self.close(actual, expected, relative: 1.5e-5, name) }
    }
}
