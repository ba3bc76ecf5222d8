import BankFormats
import Benchmark
import PaperAssembly
import QuizModel
import SyntheticBanks

/// The 100,000-question synthetic bank with derived ids.
let bank: [Question] = {
    var questions = SyntheticBank.questions(count: 100_000, seed: 2026)
    for index in questions.indices {
        questions[index].id = QuestionIdentity.derivedID(stem: questions[index].stem, content: questions[index].content)
    }
    return questions
}()

/// 100 questions: 5 types, each bounded over all 8 topics and all 5 difficulty levels, the paper's mean level in
/// 2.8–3.2; versions parallel (the default).
func blueprint(versions: Int) -> Blueprint {
    let counts: [(QuestionType, Int, Double)] = [(.single, 40, 1), (.multiple, 20, 2), (.trueFalse, 20, 0.5), (.fill, 10, 1), (.short, 10, 2)]
    let sections = counts.map { type, count, points in
        Blueprint.Section(
            type: type, count: count, points: points, rule: type == .multiple ? .halfForSubset : nil,
            topics: SyntheticBank.topics.map { .init(topic: $0, range: CountRange(min: count / 10, max: count / 4 + 1)) },
            difficulty: Difficulty.allCases.map { .init(level: $0, range: CountRange(min: count / 10, max: count / 2)) })
    }
    return Blueprint(title: "benchmark", sections: sections, difficulty: .mean(target: 3.0, tolerance: 0.2), versions: versions)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
        warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(30), maxIterations: 5)

    for versions in [1, 100, 1_000] {
        Benchmark("Select and shuffle \(versions) versions × 100 questions from 100,000") { benchmark in
            let solver = PaperSolver(questions: bank, blueprint: blueprint(versions: versions), seed: 1)
            benchmark.startMeasurement()
            let result = solver.generate(bankHash: "", blueprintHash: "", kaoxueVersion: "benchmark")
            benchmark.stopMeasurement()
            guard case .success(let paper) = result, paper.versions.count == versions else {
                fatalError("the benchmark blueprint must be feasible: \(result)")
            }
            blackHole(paper)
        }
    }
}
