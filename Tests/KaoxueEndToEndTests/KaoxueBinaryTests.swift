import Foundation
import Testing

/// Runs the built `kaoxue` executable the way a user does and returns its exit code and output.
struct KaoxueRun {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Whether the process was ended by a signal (`status` is then the signal's number).
    var signalled = false

    /// Runs `kaoxue` with `arguments`; `input` (when given) on standard input, which is then not a terminal.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], input: String? = nil, directory: String? = nil
    ) throws -> KaoxueRun {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = input.map { _ in Pipe() }
        process.standardInput = stdin ?? FileHandle.nullDevice
        try process.run()
        if let stdin, let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        // Read both pipes to the end at once (stderr on its own thread) before waiting, so that neither pipe, full,
        // blocks the child.
        nonisolated(unsafe) var errData = Data()
        let errRead = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            errRead.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errRead.wait()
        process.waitUntilExit()
        return KaoxueRun(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), signalled: process.terminationReason == .uncaughtSignal)
    }

    /// Runs `kaoxue` on a pseudo-terminal (util-linux `script`) under `LANG=C`, types `typing`, then each `send` of
    /// `later` once its `after` text has appeared on the screen (a Ctrl-C, `\u{03}`, flushes what the terminal has
    /// not delivered yet, so it must wait for the prompt), and closes the terminal's input after `closeInputAfter`
    /// seconds (or leaves it open until kaoxue ends by itself). A run still going after a minute is killed.
    static func onTerminal(
        _ arguments: [String], typing: String, later: [(after: String, send: String)] = [], closeInputAfter: Double?
    ) throws -> KaoxueRun {
        let command = ([binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", command, "/dev/null"]
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        environment["LANG"] = "C"  // kaoxue must set a UTF-8 ctype itself
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        let screen = Screen()
        stdout.fileHandleForReading.readabilityHandler = { handle in screen.append(handle.availableData) }
        try process.run()
        let started = Date()
        stdin.fileHandleForWriting.write(Data(typing.utf8))
        for step in later {
            while !screen.text.contains(step.after), process.isRunning, Date().timeIntervalSince(started) < 60 { Thread.sleep(forTimeInterval: 0.05) }
            Thread.sleep(forTimeInterval: 0.2)
            stdin.fileHandleForWriting.write(Data(step.send.utf8))
        }
        if let closeInputAfter {
            Thread.sleep(forTimeInterval: closeInputAfter)
            try stdin.fileHandleForWriting.close()
        }
        while process.isRunning, Date().timeIntervalSince(started) < 60 { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        stdout.fileHandleForReading.readabilityHandler = nil
        screen.append(stdout.fileHandleForReading.readDataToEndOfFile())
        if closeInputAfter == nil { try stdin.fileHandleForWriting.close() }
        return KaoxueRun(status: process.terminationStatus, stdout: screen.text, stderr: "")
    }

    /// What a terminal run printed so far, filled from the pipe's reader thread.
    final class Screen: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes = Data()
        func append(_ data: Data) { lock.withLock { bytes.append(data) } }
        var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
    }

    /// Whether `onTerminal` can run here.
    static let canUseTerminal = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")

    /// `kaoxue` beside the test bundle in the build folder (`.build/debug/kaoxue`).
    static let binary: URL = {
        if let override = ProcessInfo.processInfo.environment["KAOXUE_BINARY"] { return URL(fileURLWithPath: override) }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("kaoxue")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return executable.deletingLastPathComponent().appendingPathComponent("kaoxue")
    }()
}

func repositoryPath(_ relative: String) -> String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent(relative).path
}

func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
}

@Suite("kaoxue bank check, run as a user runs it")
struct BankCheckEndToEndTests {
    @Test func shippedBanksPassWithCounts() throws {
        let result = try KaoxueRun.run(["bank", "check", repositoryPath("QuestionBanks"), "--json"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let questions = try #require(json["questions"] as? Int)
        #expect(questions >= 200)
        let byType = try #require(json["byType"] as? [String: Int])
        #expect(Set(byType.keys) == ["single", "multiple", "trueFalse", "fill", "short"])
        #expect(byType.values.reduce(0, +) == questions)
        #expect(byType.values.allSatisfy { $0 > 0 })
        let byTopic = try #require(json["byTopic"] as? [String: Int])
        #expect(byTopic.values.reduce(0, +) == questions)
        // 幹部工作 (Traditional) counts together with 干部工作.
        #expect(byTopic["幹部工作"] == nil)
        #expect(byTopic["干部工作"] != nil)
        let byDifficulty = try #require(json["byDifficulty"] as? [String: Int])
        #expect(byDifficulty.values.reduce(0, +) == questions)
        #expect((json["diagnostics"] as? [Any])?.isEmpty == true)
        let encodings = try #require(json["encoding"] as? [String: String])
        #expect(encodings.count == 5)
        #expect(Set(encodings.values) == ["UTF-8"])
    }

    @Test func humanSummaryInChineseByDefault() throws {
        let result = try KaoxueRun.run(["bank", "check", repositoryPath("QuestionBanks")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("题型："))
        #expect(result.stdout.contains("0 个错误，0 个警告"))
        #expect(result.stderr.isEmpty)
    }

    @Test func malformedBankExitsOneWithCompilerStyleDiagnostics() throws {
        let path = fixture("malformed.txt")
        let result = try KaoxueRun.run(["bank", "check", path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(path):6:4: 错误: 答案 E 不在选项中（选项为 A–B）\n答案：E\n      ^"))
        // The caret sits under E: 答案： is three wide characters, six columns.
        #expect(result.stderr.contains("\(path):45:1: 错误: 未知字段“解折”，是否应为“解析”？"))
        #expect(result.stdout.contains("13 个错误，2 个警告"))
    }

    @Test func englishMessagesAndJSONDiagnostics() throws {
        let path = fixture("malformed.txt")
        let result = try KaoxueRun.run(["bank", "check", path, "--json", "--lang", "en"])
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 15)
        let first = try #require(diagnostics.first { ($0["line"] as? Int) == 6 })
        #expect(first["file"] as? String == path)
        #expect(first["column"] as? Int == 4)
        #expect(first["severity"] as? String == "error")
        #expect(first["message"] as? String == "answer E is not among the options (A–B)")
    }

    @Test func warningsPassUnlessStrict() throws {
        let path = fixture("warning-only.txt")
        let lenient = try KaoxueRun.run(["bank", "check", path])
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("警告: 多选题只有一个答案 A"))
        let strict = try KaoxueRun.run(["bank", "check", path, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("错误: 多选题只有一个答案 A"))
    }

    @Test func gb18030IsDetectedAndReported() throws {
        let result = try KaoxueRun.run(["bank", "check", fixture("gb18030.txt"), "--json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"GB18030\""))
    }

    @Test func missingPathIsAnIOErrorWithExitTwo() throws {
        let result = try KaoxueRun.run(["bank", "check", "/no/such/bank.txt"])
        #expect(result.status == 2)
        #expect(result.stderr == "kaoxue: 错误: 找不到“/no/such/bank.txt”\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try KaoxueRun.run(["bank", "check"]).status == 2)
        #expect(try KaoxueRun.run(["bank", "check", "x.txt", "--no-such-flag"]).status == 2)
        #expect(try KaoxueRun.run(["bank", "check", "x.txt", "--lang", "fr"]).status == 2)
    }

    @Test func helpExitsZero() throws {
        let result = try KaoxueRun.run(["bank", "check", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--strict"))
    }

    @Test func helpFitsTheWindowByDisplayWidth() throws {
        // Wide characters take two columns; ArgumentParser alone counted characters and ran Chinese lines past 80.
        func columns(_ line: Substring) -> Int {
            line.unicodeScalars.reduce(0) { $0 + ((0x2E80...0xA4CF).contains($1.value) || (0xFF00...0xFF60).contains($1.value) ? 2 : 1) }
        }
        for command in [[], ["exam"], ["practice"], ["credits", "import"], ["score"], ["contest"], ["paper", "generate"]] {
            for width in [60, 80] {
                let help = try KaoxueRun.run(command + ["--help"], environment: ["COLUMNS": String(width)])
                #expect(help.status == 0, "\(command)")
                let lines = help.stdout.split(separator: "\n")
                #expect(lines.count > 5 && lines.allSatisfy { columns($0) <= width }, "\(command) at \(width): \(lines.filter { columns($0) > width })")
            }
        }
        // An option's description continues under its own column, words whole.
        let exam = try KaoxueRun.run(["exam", "--help"], environment: ["COLUMNS": "80"]).stdout
        let joined = exam.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(joined.contains("(paper version, any case; by default chosen from the candidate id)"), "\(exam)")
    }

    @Test func folderWithoutBanksIsReported() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("kaoxue-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try KaoxueRun.run(["bank", "check", empty.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("没有题库文件"))
    }
}
