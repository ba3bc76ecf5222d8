import BankFormats
import QuizModel
import TextMatching

/// Banks as tables, one question per row (Excel and CSV): the columns organizers' templates use — 题型, 题干,
/// 选项A…选项H (as many as needed), 答案, 解析, 难度, 知识点, 分值, 编号 — and 出处, 标签, 关键词, 选项顺序, 填空顺序, 评分,
/// so that a table carries everything the native format does. Headers in Simplified or Traditional Chinese or in
/// English (type, stem, option A / A, answer, explanation, …). Values are written as in the native format.
///
/// Each row is read by the native reader (its cells become the lines of one question), so the two formats accept
/// the same values and report the same problems — here at the cell (`C17`) they come from.
public enum QuestionTable {
    /// Header spellings of the stem column (the other columns are the native field names).
    static let stemNames: Set<String> = ["题干", "題幹", "题目", "題目", "试题", "試題", "题目内容", "題目內容", "试题内容", "試題內容", "stem", "question", "question text"]

    /// What a header cell names.
    enum Column: Equatable {
        case stem
        case option(Int)
        case field(FieldName)
        case rowNumber
    }

    static func column(named raw: String) -> Column? {
        let name = raw.trimmingWhitespace()
        let lowered = name.lowercased()
        if stemNames.contains(lowered) { return .stem }
        if ["序号", "序號", "no", "no.", "#"].contains(lowered) { return .rowNumber }
        for prefix in ["选项", "選項", "option ", "option", ""] where lowered.hasPrefix(prefix) {
            let rest = lowered.dropFirst(prefix.count).trimmingWhitespace().uppercased()
            if rest.count == 1, let scalar = rest.unicodeScalars.first, ("A"..."Z").contains(scalar) { return .option(Int(scalar.value) - 65) }
            let folded = String(rest.unicodeScalars.map { Character(TextFolding.halfWidth($0)) })
            if folded.count == 1, let scalar = folded.unicodeScalars.first, ("A"..."Z").contains(scalar) { return .option(Int(scalar.value) - 65) }
        }
        return FieldName.named(name).map(Column.field)
    }

    // MARK: Reading

    public static func read(_ table: CSVTable, path: String) -> ImportedBank {
        var problems = ProblemList(file: path)
        func isFilled(_ row: [CSVTable.Field]) -> Bool { row.contains { !$0.text.trimmingWhitespace().isEmpty } }
        guard let firstFilled = table.rows.first(where: isFilled) else {
            problems.error(.cell(row: 1, column: 1), "表格是空的", "the table is empty")
            return ImportedBank(diagnostics: problems.diagnostics)
        }
        // The header is the first row that names a stem column: templates put a title (and instructions) above it.
        let header = table.rows.first { row in row.contains { column(named: $0.text) == .stem } } ?? firstFilled
        let skipped = table.rows.prefix { $0.first?.row != header.first?.row }.filter(isFilled)
        if let title = skipped.first?.first {
            let count = skipped.count
            problems.warning(
                .cell(row: title.row, column: title.column),
                "表头之上的 \(count) 行（标题、说明）不是题目，已略过", "\(count) row\(count == 1 ? "" : "s") above the header (a title, instructions) left out")
        }
        var columns: [(Int, Column)] = []
        for cell in header where !cell.text.trimmingWhitespace().isEmpty {
            guard let kind = column(named: cell.text) else {
                problems.warning(.cell(row: cell.row, column: cell.column), "未知的列“\(cell.text)”，已忽略（可用：题型、题干、选项A…、答案、解析、难度、知识点、分值、编号…）", "unknown column \"\(cell.text)\", ignored (known: type, stem, option A…, answer, explanation, difficulty, topic, points, id…)")
                continue
            }
            if let earlier = columns.first(where: { $0.1 == kind }) {
                problems.error(.cell(row: cell.row, column: cell.column), "“\(cell.text)”与 \(ConversionLocation.columnName(earlier.0)) 列重复", "\"\(cell.text)\" repeats column \(ConversionLocation.columnName(earlier.0))")
                continue
            }
            columns.append((cell.column, kind))
        }
        guard let stemColumn = columns.first(where: { $0.1 == .stem })?.0 else {
            problems.error(.cell(row: header.first?.row ?? 1, column: 1), "表头缺少“题干”列", "the header has no stem (题干) column")
            return ImportedBank(diagnostics: problems.diagnostics)
        }
        let optionColumns = columns.compactMap { column, kind -> (Int, Int)? in if case .option(let index) = kind { (index, column) } else { nil } }
            .sorted { $0.0 < $1.0 }
        let fieldColumns = columns.compactMap { column, kind -> (FieldName, Int)? in if case .field(let name) = kind { (name, column) } else { nil } }
        if !problems.diagnostics.filter({ $0.severity == .error }).isEmpty { return ImportedBank(diagnostics: problems.diagnostics) }

        // The rows as one native text; `origin[line - 1]` is the cell each line came from.
        var text = ""
        var origin: [(row: Int, column: Int)] = []
        var questionRows: [Int] = []
        /// Rows whose missing option was reported at its empty cell (the native reader would report it again).
        var rowsWithGaps = Set<Int>()
        func add(_ value: String, prefix: String, row: Int, column: Int) {
            for (index, line) in value.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                text += (index == 0 ? prefix : "") + line.trimmingWhitespace() + "\n"
                origin.append((row, column))
            }
        }
        let headerRow = header.first?.row ?? 1
        for row in table.rows {
            guard let first = row.first, first.row > headerRow else { continue }
            var cells: [Int: String] = [:]
            for cell in row { cells[cell.column] = cell.text.replacingOccurrences(of: "\r\n", with: "\n").trimmingWhitespace() }
            guard cells.values.contains(where: { !$0.isEmpty }) else { continue }
            let rowNumber = first.row
            let stem = cells[stemColumn] ?? ""
            if stem.isEmpty {
                problems.error(.cell(row: rowNumber, column: stemColumn), BankProblem.emptyStem.message(in: .zhHans), BankProblem.emptyStem.message(in: .en))
                continue
            }
            questionRows.append(rowNumber)
            add(stem, prefix: "\(questionRows.count). ", row: rowNumber, column: stemColumn)
            // An empty option cell followed by a filled one is a gap (选项B empty, 选项C filled).
            var gap: (index: Int, column: Int)?
            for (index, column) in optionColumns {
                let option = cells[column] ?? ""
                if option.isEmpty {
                    if gap == nil { gap = (index, column) }
                    continue
                }
                if let missing = gap {
                    let problem = BankProblem.missingOptionLabel(label: optionLabel(missing.index))
                    problems.error(.cell(row: rowNumber, column: missing.column), problem.message(in: .zhHans), problem.message(in: .en))
                    rowsWithGaps.insert(rowNumber)
                    gap = nil
                }
                add(option, prefix: "\(optionLabel(index)). ", row: rowNumber, column: column)
            }
            for (name, column) in fieldColumns {
                let value = cells[column] ?? ""
                if value.isEmpty { continue }
                add(value, prefix: name.canonical + "：", row: rowNumber, column: column)
            }
            // A blank line ends the question.
            text += "\n"
            origin.append((rowNumber, stemColumn))
        }
        if questionRows.isEmpty, problems.diagnostics.isEmpty {
            problems.error(.cell(row: headerRow + 1, column: 1), BankProblem.emptyFile.message(in: .zhHans), BankProblem.emptyFile.message(in: .en))
            return ImportedBank(diagnostics: problems.diagnostics)
        }
        let parsed = NativeBankParser.parse(text: text, path: path)
        func cell(_ line: Int) -> (row: Int, column: Int) { origin[min(max(line - 1, 0), origin.count - 1)] }
        // A problem of the whole question that the native reader puts at its first line belongs at the cell that
        // would hold what is missing: the answer cell for a missing answer, the first option cell for no options.
        let answerColumn = fieldColumns.first { $0.0 == .answer }?.1
        for diagnostic in parsed.diagnostics where diagnostic.problem != .emptyFile {
            var (row, column) = cell(diagnostic.location.line)
            switch diagnostic.problem {
            case .missingAnswer: column = answerColumn ?? column
            case .choiceTypeWithoutOptions: column = optionColumns.first?.1 ?? column
            default: break
            }
            if case .missingOptionLabel = diagnostic.problem, rowsWithGaps.contains(row) { continue }
            problems.diagnostics.append(ConversionDiagnostic(
                diagnostic.severity, file: path, at: .cell(row: row, column: column), chinese: diagnostic.message(in: .zhHans), english: diagnostic.message(in: .en)))
        }
        let questions = parsed.questions.map { question in
            var located = question
            let (row, _) = cell(question.location?.line ?? 1)
            located.location = SourceLocation(file: path, line: row, column: stemColumn)
            return located
        }
        return ImportedBank(questions: questions, diagnostics: problems.diagnostics.sorted(by: ConversionDiagnostic.fileOrder))
    }

    // MARK: Writing

    /// The header and one row per question. Carries everything.
    public static func rows(_ questions: [Question]) -> [[String]] {
        let optionCount = max(4, questions.map { $0.content.options.count }.max() ?? 0)
        // A 题名 column only when a question has a name (GIFT titles, Moodle names): most banks have none.
        let fields: [FieldName] = [.answer, .explanation, .difficulty, .topic, .points, .source, .tags, .keywords, .optionOrder, .blankOrder, .scoringRule]
            + (questions.contains { $0.name != nil } ? [.name] : [])
        var rows: [[String]] = [["编号", "题型", "题干"] + (0..<optionCount).map { "选项" + optionLabel($0) } + fields.map(\.canonical)]
        for question in questions {
            let values = Dictionary(NativeBankWriter.fieldValues(of: question), uniquingKeysWith: { a, _ in a })
            var row = [question.hasExplicitID ? question.id : "", question.type.chineseName, question.stem]
            let options = question.content.options
            row += (0..<optionCount).map { $0 < options.count ? options[$0] : "" }
            row += fields.map { values[$0] ?? "" }
            rows.append(row)
        }
        return rows
    }
}
