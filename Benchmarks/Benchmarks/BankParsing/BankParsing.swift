import BankFormats
import Benchmark
import QuizModel
import SyntheticBanks

/// A 100,000-question bank in the native format (~30 MB), the same bytes on every machine.
let syntheticBankBytes: [UInt8] = {
    var questions = SyntheticBank.questions(count: 100_000, seed: 2026)
    for index in questions.indices {
        questions[index].id = QuestionIdentity.derivedID(stem: questions[index].stem, content: questions[index].content)
    }
    return Array(NativeBankWriter.write(questions).utf8)
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident, .mallocCountTotal],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    Benchmark("Parse 100,000-question native bank (UTF-8)") { benchmark in
        let bytes = syntheticBankBytes
        benchmark.startMeasurement()
        let file = NativeBankParser.parse(bytes: bytes, path: "synthetic.txt")
        blackHole(file.questions.count)
        benchmark.stopMeasurement()
        precondition(file.questions.count == 100_000, "the synthetic bank must parse cleanly")
    }

    Benchmark("Write 100,000-question native bank") { benchmark in
        let file = NativeBankParser.parse(bytes: syntheticBankBytes, path: "synthetic.txt")
        benchmark.startMeasurement()
        blackHole(NativeBankWriter.write(file.questions).utf8.count)
    }
}
