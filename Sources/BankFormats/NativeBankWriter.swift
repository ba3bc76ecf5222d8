import QuizModel

/// Writes questions in the canonical form of the native format. Reading the output gives the same questions
/// (`NativeBankParser`), whatever variant the input was written in.
///
/// The canonical form: a section header (`一、单选题`) wherever the type changes; questions numbered `1.` on;
/// options one per line as `A. 文字`; then the fields, each on its own line, in the order 答案, 解析, 难度,
/// 知识点, 分值, 出处, 标签, 关键词, 选项顺序, 填空顺序, 评分, 编号 (编号 only when the source gave one).
public enum NativeBankWriter {
    /// The bank as text.
    public static func write(_ questions: [Question]) -> String {
        var out = ""
        out.reserveCapacity(questions.count * 320)
        var sectionNumber = 0
        var currentType: QuestionType?
        for (index, question) in questions.enumerated() {
            if question.type != currentType {
                currentType = question.type
                sectionNumber += 1
                if index > 0 { out += "\n" }
                if let numeral = chineseNumeral(sectionNumber) { out += numeral + "、" }
                out += question.type.chineseName + "\n\n"
            }
            write(question, number: index + 1, into: &out)
            out += "\n"
        }
        return out
    }

    static func write(_ question: Question, number: Int, into out: inout String) {
        out += "\(number). \(question.stem)\n"
        for (index, option) in question.content.options.enumerated() {
            out += "\(optionLabel(index)). \(option)\n"
        }
        for (name, value) in fieldValues(of: question) {
            out += name.canonical
            out += "："
            out += value
            out += "\n"
        }
    }

    /// The fields the writer emits for `question`, in the canonical order, with their values as written: what a
    /// question holds besides its stem and options (tables of questions use the same spellings).
    public static func fieldValues(of question: Question) -> [(FieldName, String)] {
        var fields: [(FieldName, String)] = []
        func field(_ name: FieldName, _ value: String) { fields.append((name, value)) }
        switch question.content {
        case .single(_, let answer):
            field(.answer, optionLabel(answer))
        case .multiple(_, let answers):
            field(.answer, answers.map(optionLabel).joined())
        case .trueFalse(let answer):
            field(.answer, answer ? "对" : "错")
        case .fill(let blanks, _):
            field(.answer, BankValueSyntax.writeBlanks(blanks))
        case .short(let reference, _):
            if let reference { field(.answer, reference) }
        }
        if let explanation = question.explanation { field(.explanation, explanation) }
        if let difficulty = question.difficulty { field(.difficulty, difficulty.chineseName) }
        if let topic = question.topic { field(.topic, topic) }
        if let points = question.points { field(.points, formatPoints(points)) }
        if let source = question.source, !source.isEmpty { field(.source, BankValueSyntax.writeSource(source)) }
        if !question.tags.isEmpty { field(.tags, question.tags.joined(separator: "、")) }
        if case .short(_, let keywords) = question.content, !keywords.isEmpty {
            field(.keywords, BankValueSyntax.writeKeywords(keywords))
        }
        if question.fixedOptionOrder { field(.optionOrder, "固定") }
        if case .fill(_, true) = question.content { field(.blankOrder, "不限") }
        if let rule = question.scoringRule, question.type == .multiple { field(.scoringRule, rule.text) }
        if let name = question.name { field(.name, name) }
        if question.hasExplicitID { field(.id, question.id) }
        return fields
    }

    /// 1 → 一, 10 → 十, 12 → 十二, 105 → 一百零五, 1010 → 一千零一十; nil from 10000 on (the header is then
    /// written without a numeral, which the reader accepts as well).
    public static func chineseNumeral(_ n: Int) -> String? {
        let digits = Array("零一二三四五六七八九")
        guard n > 0, n < 10000 else { return nil }
        if n < 10 { return String(digits[n]) }
        if n < 20 { return "十" + (n == 10 ? "" : String(digits[n - 10])) }
        let units: [(Int, String)] = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
        var result = ""
        var pendingZero = false
        for (unit, name) in units {
            let digit = (n / unit) % 10
            if digit == 0 {
                if !result.isEmpty { pendingZero = true }
                continue
            }
            if pendingZero { result += "零" }
            pendingZero = false
            result += String(digits[digit]) + name
        }
        return result
    }
}
