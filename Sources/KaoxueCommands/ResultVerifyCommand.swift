import ArgumentParser
import Foundation
import QuizModel
import StudyRecords
import StudySession

/// `kaoxue result verify FILE`: whether a result file is as kaoxue signed it.
struct ResultVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "校验成绩文件的签名：分数或答案被改动即可发现 (verify a signed result file).",
        discussion: """
            密钥：KAOXUE_SECRET（各考试机共用时设置），否则为学习记录数据库中的密钥（只能在同一数据库上校验）。
            退出码：0 签名有效，1 不是有效的成绩文件、被改动、未签名或用了别的密钥，2 文件无法读取。
            Key: KAOXUE_SECRET when set, else the study store's own key. Exit 0 valid, 1 not a valid result/altered/unsigned/other key, 2 unreadable.
            """
    )

    @Argument(help: ArgumentHelp("kaoxue exam --result 写出的 JSON 文件 (result file).", valueName: "FILE"))
    var file: String

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "输出 JSON (print JSON).")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.lang
        let bytes = try CommandInputs.readFile(file, language: language)
        let result: ExamResult
        do {
            result = try ExamResult.read(strictly: bytes)
        } catch {
            Console.err(error.rendered(file: file, language: language))
            Console.fail(language.pick("“\(file)”不是有效的成绩文件，未校验签名", "\(file) is not a valid result file; its signature was not checked"), language: language)
            throw ExitStatus.inputErrors.exitCode
        }
        // Verifying reads only: with no KAOXUE_SECRET the store's key is used, and neither a store nor a key is
        // made where there is none.
        let signer: ResultSigner
        if let shared = ResultSigner.shared() {
            signer = shared
        } else {
            let store = try storeOptions.openExisting(language: language)
            let key = try LedgerInputs.storeCall(language) { () throws(StoreError) in try store.existingSigningKey() }
            guard let key else {
                Console.fail(
                    language.pick(
                        "学习记录“\(storeOptions.path)”中没有签名密钥：此文件不是用它签名的（多台考试机共用密钥时请设置 KAOXUE_SECRET）",
                        "the study store \(storeOptions.path) holds no signing key: the file was not signed with it (set KAOXUE_SECRET where exam machines share a key)"),
                    language: language)
                throw ExitStatus.inputErrors.exitCode
            }
            signer = ResultSigner(key: key)
        }
        let verdict = signer.verify(result)
        let (word, chinese, english): (String, String, String) =
            switch verdict {
            case .valid: ("valid", "签名有效", "the signature is valid")
            case .altered: ("altered", "签名不符：文件在签名后被改动过", "the signature does not match: the file was changed after signing")
            case .otherKey(let id): ("other-key", "用的是另一把密钥（\(id)）签名，本机密钥为 \(signer.keyID)", "signed with another key (\(id)); this key is \(signer.keyID)")
            case .unsigned: ("unsigned", "文件没有签名", "the file is not signed")
            }
        if json {
            let object: [String: Any] = [
                "file": file, "verdict": word, "valid": verdict == .valid, "candidate": result.candidate, "score": result.score,
                "maxScore": result.maxScore,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            Console.out(String(decoding: data, as: UTF8.self))
        } else {
            let line = "\(file): " + language.pick(chinese, english)
            if verdict == .valid {
                Console.out(line + language.pick("（考号 \(result.candidate)，\(formatPoints(result.score))/\(formatPoints(result.maxScore)) 分）", " (candidate \(result.candidate), \(formatPoints(result.score))/\(formatPoints(result.maxScore)))"))
            } else {
                Console.err(line)
            }
        }
        if verdict != .valid { throw ExitStatus.inputErrors.exitCode }
    }
}
