import QuizModel
import StudyLedger

/// What recording exam credits did.
public struct ExamCreditOutcome: Hashable, Sendable {
    /// Candidates credited now.
    public var credited = 0
    /// Passed, but this exam was credited to them before.
    public var alreadyCredited = 0
    /// Below the rules' pass mark.
    public var notPassed = 0
    /// Not in the register of people: nothing recorded for them.
    public var unregistered: [String] = []
    /// The 学时 each passed exam adds, and the rule saying so.
    public var hours: Double = 0
    /// The rules' pass mark the results were judged by, in percent of the paper's points.
    public var passPercent: Double = 0

    public init() {}
}

extension LedgerStore {
    /// Credits every candidate who passed (percent ≥ the rules' pass mark) with the rules' exam hours, as one
    /// activity per paper and candidate (`exam:<paper sha256, 16 digits>:<candidate>`), all in one transaction.
    /// Credited once: marking the same paper again adds nothing.
    public func recordExamCredits(
        _ results: [(candidate: String, percent: Double)], paperTitle: String, paperSHA256: String, date: CalendarDate, source: ImportSource
    ) throws(StoreError) -> ExamCreditOutcome {
        let rules = try rulesInForce().rules
        var outcome = ExamCreditOutcome()
        outcome.hours = rules.examHours
        outcome.passPercent = rules.examPassPercent
        let registered = Set(try people().map(\.id))
        var activities: [Activity] = []
        for (index, result) in results.enumerated() {
            guard result.percent >= rules.examPassPercent else {
                outcome.notPassed += 1
                continue
            }
            guard registered.contains(result.candidate) else {
                outcome.unregistered.append(result.candidate)
                continue
            }
            activities.append(
                Activity(
                    recordID: "exam:\(paperSHA256.prefix(16)):\(result.candidate)", person: result.candidate, name: "", unit: "", date: date,
                    kind: rules.examKind, title: paperTitle, hours: rules.examHours, days: nil, minutes: nil, absentHours: nil, sourceRow: index + 2))
        }
        guard rules.examHours > 0, !activities.isEmpty else { return outcome }
        // keep: a rules change since the first credit must not turn a re-run into a refusal.
        let imported = try importActivities(activities, source: source, rules: rules, policy: .keep, dryRun: false)
        outcome.credited = imported.added
        outcome.alreadyCredited = imported.duplicates + imported.kept
        return outcome
    }
}
