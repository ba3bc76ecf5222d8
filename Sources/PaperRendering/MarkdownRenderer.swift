import BankFormats
import PaperAssembly
import QuizModel

/// Papers and answer keys as Markdown.
public enum MarkdownRenderer {
    /// The candidate's paper for one version. It contains no answers; `questions` (when given) size the blanks.
    public static func paper(_ paper: Paper, version: Paper.Version, questions: [String: Question] = [:]) -> String {
        var out = "# \(escape(paper.title))\n\n"
        if let subtitle = paper.subtitle { out += "**\(escape(subtitle))**\n\n" }
        out += PaperLayout.candidateFields.map { "\($0)：__________" }.joined(separator: "　") + "\n\n"
        if paper.sealLine == true { out += PaperLayout.sealWords + "\n\n" }
        out += PaperLayout.facts(paper, version: version.name) + "\n\n"
        let box = PaperLayout.scoreBox(paper)
        out += "| " + box[0].joined(separator: " | ") + " |\n|" + String(repeating: " :---: |", count: box[0].count) + "\n"
        out += "| " + box[1].map { $0.isEmpty ? "　" : $0 }.joined(separator: " | ") + " |\n\n"
        if let instructions = paper.instructions { out += "> " + escape(instructions).replacingNewlines("\n> ") + "\n\n" }
        for (index, section) in paper.sections.enumerated() {
            let heading = PaperLayout.sectionHeading(section, index: index).split(separator: "\n")
            out += "## \(heading[0])\n\n"
            if heading.count > 1 { out += "*\(heading[1])*\n\n" }
            for item in PaperLayout.items(of: version, section: index) {
                out += "**\(item.number).** " + escape(PaperLayout.printedStem(item, question: questions[item.id])).replacingNewlines("  \n") + "\n\n"
                if !item.options.isEmpty {
                    let columns = PaperLayout.optionColumns(item.options)
                    let labelled = item.options.enumerated().map { "\(optionLabel($0)). \(escape($1))" }
                    out += stride(from: 0, to: labelled.count, by: columns).map {
                        labelled[$0..<min($0 + columns, labelled.count)].joined(separator: "　　")
                    }.joined(separator: "  \n") + "\n\n"
                }
                if item.type == .short {
                    out += "答：\n\n" + String(repeating: "______________________________________________\n\n", count: PaperLayout.answerLines(item) - 1)
                }
            }
        }
        return out
    }

    /// The organizer's answer key for one version: answers, points, explanations and sources.
    public static func key(_ paper: Paper, version: Paper.Version, questions: [String: Question]) -> String {
        var out = "# \(escape(paper.title)) — \(version.name)卷 参考答案\n\n"
        out += "编号、题库哈希与种子见 paper.json。\n\n## 答案速查\n\n"
        for row in PaperLayout.answerGrid(version, questions: questions) {
            out += "| 题号 | " + row.map { String($0.0) }.joined(separator: " | ") + " |\n|" + String(repeating: " :---: |", count: row.count + 1) + "\n"
            out += "| 答案 | " + row.map { escape($0.1) }.joined(separator: " | ") + " |\n\n"
        }
        for (index, section) in paper.sections.enumerated() {
            out += "## \(PaperLayout.sectionHeading(section, index: index).split(separator: "\n")[0])\n\n"
            for item in PaperLayout.items(of: version, section: index) {
                guard let question = questions[item.id] else { continue }
                let key = ItemKey(item: item, question: question)
                out += "**\(item.number).** 答案：" + escape(key.displayAnswer).replacingNewlines("  \n") + "（\(formatPoints(item.points))分，编号 \(item.id)）  \n"
                if let explanation = question.explanation {
                    out += "解析：" + escape(explanation).replacingNewlines("  \n") + "  \n"
                }
                if let source = question.source, let document = source.document {
                    out += "出处：《\(escape(document))》" + (source.article.map { " " + escape($0) } ?? "") + "  \n"
                }
                out += "\n"
            }
        }
        return out
    }

    /// Markdown's special characters taken literally.
    static func escape(_ text: String) -> String { markdownEscaped(text) }
}

extension String {
    func replacingNewlines(_ replacement: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
