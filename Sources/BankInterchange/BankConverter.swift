import BankFormats
import Foundation
import QuizModel
import Spreadsheets
import TextMatching

/// Why an input could not be read at all (exit code 2): a missing file, an undecidable format.
public struct ConversionInputError: Error, Sendable {
    public var path: String
    public var chinese: String
    public var english: String

    public func message(in language: DisplayLanguage) -> String { language.pick(chinese, english) }
}

/// Reading and writing banks in every format `kaoxue bank convert` knows.
public enum BankConverter {
    /// Reads one file, in `format` or the one its extension and content show.
    public static func read(path: String, format forced: BankFileFormat?) throws(ConversionInputError) -> (format: BankFileFormat, bank: ImportedBank) {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch {
            throw ConversionInputError(path: path, chinese: "无法读取“\(path)”：\(error.words(.zhHans))", english: "cannot read \(path): \(error.words(.en))")
        }
        guard let format = forced ?? BankFileFormat.detect(path: path, bytes: bytes) else {
            throw ConversionInputError(
                path: path, chinese: "无法判断“\(path)”的格式，请用 --from 指定", english: "cannot tell the format of \(path): name it with --from")
        }
        return (format, read(bytes, path: path, as: format))
    }

    /// Reads `bytes` as `format`.
    public static func read(_ bytes: [UInt8], path: String, as format: BankFileFormat) -> ImportedBank {
        func text() -> Result<(String, TextEncoding), TextDecodingError> {
            do {
                let decoded = try TextDecoder.decode(bytes)
                return .success((String(decoding: decoded.utf8, as: UTF8.self), decoded.encoding))
            } catch {
                return .failure(error)
            }
        }
        // Text no file kaoxue writes can carry is refused whatever the format: here for the plain-text ones; the
        // native, JSON and XML readers (and so the parts of .docx and QTI packages) check as they read.
        if [.gift, .aiken, .csv].contains(format), let decoded = try? TextDecoder.decode(bytes), let bad = TextDecoder.firstNoncharacter(decoded.utf8) {
            let place = TextDecoder.lineAndColumn(of: bad.offset, in: decoded.utf8)
            let problem = BankProblem.noncharacter(codePoint: bad.codePoint)
            return ImportedBank(diagnostics: [ConversionDiagnostic(
                .error, file: path, at: .text(line: place.line, column: place.column), chinese: problem.message(in: .zhHans), english: problem.message(in: .en))])
        }
        func undecodable(_ error: TextDecodingError) -> ImportedBank {
            ImportedBank(diagnostics: [ConversionDiagnostic(
                .error, file: path, at: .text(line: error.line, column: error.column), chinese: BankProblem.undecodableText.message(in: .zhHans),
                english: BankProblem.undecodableText.message(in: .en))])
        }
        switch format {
        case .kaoxue:
            let parsed = NativeBankParser.parse(bytes: bytes, path: path)
            return ImportedBank(questions: parsed.questions, diagnostics: parsed.diagnostics.map(ConversionDiagnostic.init), encoding: parsed.encoding)
        case .gift, .aiken:
            switch text() {
            case .failure(let error): return undecodable(error)
            case .success(let (string, encoding)):
                var imported = format == .gift ? GIFTFormat.read(string, path: path) : AikenFormat.read(string, path: path)
                imported.encoding = encoding
                return imported
            }
        case .json:
            return JSONBankFormat.read(bytes, path: path)
        case .moodleXML:
            return MoodleXMLFormat.read(Data(bytes), path: path)
        case .qti:
            return QTIPackage.read(Data(bytes), path: path)
        case .docx:
            return DocxBankReader.read(Data(bytes), path: path)
        case .csv:
            switch text() {
            case .failure(let error): return undecodable(error)
            case .success(let (string, encoding)):
                do throws(CSVTable.SyntaxError) {
                    var imported = QuestionTable.read(try CSVTable.parse(string), path: path)
                    imported.encoding = encoding
                    return imported
                } catch {
                    return ImportedBank(diagnostics: [ConversionDiagnostic(
                        .error, file: path, at: .cell(row: error.row, column: error.column), chinese: "CSV 格式错误：" + error.message, english: error.message)])
                }
            }
        case .xlsx:
            do {
                return QuestionTable.read(try XLSXReader.table(Data(bytes), cells: .displayed), path: path)
            } catch {
                return ImportedBank(diagnostics: [ConversionDiagnostic(
                    .error, file: path, at: .file, chinese: "无法读取 Excel 工作簿：\(error.reason)", english: "cannot read the Excel workbook: \(error.reason)")])
            }
        }
    }

    /// Problems across the files read: an explicit id used twice is an error, as in `bank check`; with a matcher,
    /// the same question twice is a warning. `formats` gives each file's format, so that a question's place is told
    /// as its file tells places (a cell, a paragraph).
    public static func crossFileDiagnostics(
        _ questions: [Question], formats: [String: BankFileFormat], duplicateQuestions matcher: TextMatcher? = nil
    ) -> [ConversionDiagnostic] {
        var found = BankChecks.duplicateIDs(questions)
        if let matcher { found += BankChecks.duplicateQuestions(questions, matcher: matcher) }
        /// A question's place as its file's format tells it.
        func place(_ location: SourceLocation) -> ConversionLocation {
            switch formats[location.file] {
            case .xlsx?, .csv?: .cell(row: location.line, column: location.column)
            case .docx?: .paragraph(location.line, column: location.column)
            default: .text(line: location.line, column: location.column)
            }
        }
        return found.map { diagnostic in
            var converted = ConversionDiagnostic(diagnostic)
            converted.location = place(diagnostic.location)
            // The earlier question named in the message, told the same way.
            switch diagnostic.problem {
            case .duplicateID(_, let first), .duplicateQuestion(let first):
                let earlier = place(first)
                if case .text = earlier { break }
                converted.chinese = converted.chinese.replacingOccurrences(of: "\(first)", with: "\(first.file):\(earlier.rendered(in: .zhHans))")
                converted.english = converted.english.replacingOccurrences(of: "\(first)", with: "\(first.file):\(earlier.rendered(in: .en))")
            default: break
            }
            return converted
        }
    }

    /// `questions` in `format`, and what the format could not carry.
    public static func write(_ questions: [Question], as format: BankFileFormat, csvEncoding: CSVEncoding = .utf8) throws(ConversionInputError) -> (data: Data, report: CarryReport) {
        var report = CarryReport()
        switch format {
        case .kaoxue:
            return (Data(NativeBankWriter.write(questions).utf8), report)
        case .json:
            return (Data(JSONBankFormat.write(questions).utf8), report)
        case .gift:
            return (Data(GIFTFormat.write(questions, report: &report).utf8), report)
        case .aiken:
            return (Data(AikenFormat.write(questions, report: &report).utf8), report)
        case .moodleXML:
            return (Data(MoodleXMLFormat.write(questions, report: &report).utf8), report)
        case .qti:
            do {
                return (try QTIPackage.write(questions, report: &report), report)
            } catch {
                throw ConversionInputError(path: "", chinese: "无法打包 QTI：\(error.reason)", english: "cannot package QTI: \(error.reason)")
            }
        case .csv:
            return (csvEncoding.bytes(csvText(QuestionTable.rows(questions))), report)
        case .xlsx:
            do {
                return (try XLSXWriter.workbook([XLSXWriter.Sheet(name: "题库", rows: QuestionTable.rows(questions))]), report)
            } catch {
                throw ConversionInputError(path: "", chinese: "无法写出 Excel：\(error.reason)", english: "cannot write the workbook: \(error.reason)")
            }
        case .docx:
            throw ConversionInputError(path: "", chinese: "kaoxue 只读取 Word 题库，不写出（试卷请用 kaoxue paper generate）", english: "kaoxue reads Word banks but does not write them (for papers use kaoxue paper generate)")
        }
    }

    /// Every text of `questions` in `script` (OpenCC); ids are kept.
    public static func convert(_ questions: [Question], to script: ChineseScript) throws -> [Question] {
        let converter = try SharedScriptConverters.converter(to: script)
        // Into Simplified, a text without a Traditional-only character is already Simplified: no OpenCC call.
        let simplifying = script == .simplified
        let c = { (text: String) -> String in
            simplifying && !ScriptFolding.hasTraditional(text) ? text : converter.convert(text)
        }
        return questions.map { question in
            var copy = question
            copy.stem = c(question.stem)
            switch question.content {
            case .single(let options, let answer): copy.content = .single(options: options.map(c), answer: answer)
            case .multiple(let options, let answers): copy.content = .multiple(options: options.map(c), answers: answers)
            case .trueFalse: break
            case .fill(let blanks, let anyOrder): copy.content = .fill(blanks: blanks.map { Blank($0.alternatives.map(c)) }, orderInsensitive: anyOrder)
            case .short(let reference, let keywords): copy.content = .short(reference: reference.map(c), keywords: keywords.map { Keyword(c($0.text), weight: $0.weight) })
            }
            copy.explanation = question.explanation.map(c)
            copy.topic = question.topic.map(c)
            copy.tags = question.tags.map(c)
            if let source = question.source {
                copy.source = SourceReference(document: source.document.map(c), article: source.article.map(c), date: source.date)
            }
            return copy
        }
    }
}

extension BankFileFormat {
    /// What this format keeps of `question` (nil: left out), with the rest counted in `report`: reading a file this
    /// format wrote gives exactly the carried questions back.
    public func carry(_ question: Question, report: inout CarryReport) -> Question? {
        switch self {
        case .kaoxue, .json, .xlsx, .csv: question.withoutLocation
        case .gift: GIFTFormat.carry(question, report: &report)
        case .aiken: AikenFormat.carry(question, report: &report)
        case .moodleXML: MoodleXMLFormat.carry(question, report: &report)
        case .qti: QTIPackage.carry(question, report: &report)
        case .docx: nil
        }
    }
}
