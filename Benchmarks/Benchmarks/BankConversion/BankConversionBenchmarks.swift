import BankFormats
import BankInterchange
import Benchmark
import Foundation
import QuizModel
import SyntheticBanks

/// A 100,000-question bank (every type, every field the generator fills), the same on every machine.
let questions: [Question] = {
    var questions = SyntheticBank.questions(count: 100_000, seed: 2026)
    for index in questions.indices {
        questions[index].id = QuestionIdentity.derivedID(stem: questions[index].stem, content: questions[index].content)
    }
    return questions
}()

/// The bank written once in every format, for the reading benchmarks.
nonisolated(unsafe) var written: [BankFileFormat: [UInt8]] = [:]

func file(_ format: BankFileFormat) -> [UInt8] {
    if let bytes = written[format] { return bytes }
    let bytes = [UInt8](try! BankConverter.write(questions, as: format).data)
    written[format] = bytes
    return bytes
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(20),
        maxIterations: 5
    )

    for format in BankFileFormat.allCases where format.canWrite {
        Benchmark("Write 100,000 questions as \(format.rawValue)") { benchmark in
            benchmark.startMeasurement()
            let result = try BankConverter.write(questions, as: format)
            blackHole(result.data.count)
        }
        Benchmark("Read 100,000 questions from \(format.rawValue)") { benchmark in
            let bytes = file(format)
            benchmark.startMeasurement()
            let bank = BankConverter.read(bytes, path: "bench.\(format.fileExtension)", as: format)
            blackHole(bank.questions.count)
            benchmark.stopMeasurement()
            precondition(bank.errorCount == 0 && bank.questions.count > 0, "\(format) must read back cleanly")
        }
    }
}
