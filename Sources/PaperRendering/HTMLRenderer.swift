import PaperAssembly
import QuizModel

/// Print-ready HTML (A4) papers and keys: header fields for name, unit and candidate number, section headings
/// with points, page numbers, fonts that show Chinese. Self-contained: no scripts, no network.
public enum HTMLRenderer {
    static let style = """
        @page { size: A4; margin: 18mm 16mm 20mm 16mm;
          @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; } }
        html { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "Noto Sans CJK SC", serif;
          font-size: 11pt; line-height: 1.6; color: #000; }
        body { max-width: 178mm; margin: 0 auto; }
        h1 { text-align: center; font-size: 18pt; margin: 0 0 2mm; letter-spacing: 0.1em; }
        .subtitle { text-align: center; font-size: 12pt; margin: 0 0 4mm; }
        .fields { display: flex; justify-content: space-between; margin: 4mm 0 2mm; }
        .fields span { flex: 1; } .fields span::after { content: ""; display: inline-block; width: 35mm;
          border-bottom: 0.6pt solid #000; margin-left: 1mm; }
        .facts { text-align: center; font-size: 10pt; margin-bottom: 3mm; }
        .instructions { border: 0.6pt solid #000; padding: 2mm 3mm; font-size: 10pt; margin-bottom: 4mm; white-space: pre-wrap; }
        h2 { font-size: 12.5pt; margin: 5mm 0 2mm; break-after: avoid; }
        .rule { font-size: 9.5pt; font-weight: normal; margin-left: 1em; }
        .item { margin: 0 0 3mm; break-inside: avoid; }
        .stem { white-space: pre-wrap; } .number { font-weight: bold; margin-right: 0.3em; }
        .options { display: grid; column-gap: 4mm; margin: 1mm 0 0 1.6em; }
        .options.c1 { grid-template-columns: 1fr; } .options.c2 { grid-template-columns: 1fr 1fr; }
        .options.c3 { grid-template-columns: repeat(3, 1fr); } .options.c4 { grid-template-columns: repeat(4, 1fr); }
        .sealed { margin-left: 14mm; }
        .seal { position: fixed; left: 0; top: 0; bottom: 0; width: 9mm; writing-mode: vertical-rl; text-orientation: sideways; transform: rotate(180deg);
          text-align: center; font-size: 9.5pt; border-left: 0.6pt dashed #000; }
        .answer-lines { margin-left: 1.6em; } .answer-lines .line { height: 8mm; border-bottom: 0.4pt solid #888; }
        table.score-box, table.answer-grid { border-collapse: collapse; margin: 2mm auto 4mm; break-inside: avoid; }
        table.score-box th, table.score-box td, table.answer-grid th, table.answer-grid td { border: 0.6pt solid #000;
          min-width: 11mm; height: 7mm; padding: 0 2mm; text-align: center; font-weight: normal; }
        .key .answer { font-weight: bold; } .key .note { font-size: 9.5pt; color: #333; white-space: pre-wrap; }
        """

    /// The candidate's paper for one version. It contains no answers; `questions` (when given) size the blanks.
    public static func paper(_ paper: Paper, version: Paper.Version, questions: [String: Question] = [:]) -> String {
        var body = header(paper, version: version, title: paper.title)
        if paper.sealLine == true {
            // Fixed: printed on every page, in the binding margin.
            body = "<div class=\"seal\">" + PaperLayout.candidateFields.map { "\(escape($0))：＿＿＿＿＿＿" }.joined(separator: "　　")
                + "　　" + escape(PaperLayout.sealWords) + "</div>\n<div class=\"sealed\">\n" + body
        }
        body += "<div class=\"fields\">"
        body += PaperLayout.candidateFields.map { "<span>\(escape($0))：</span>" }.joined()
        body += "</div>\n"
        body += grid(PaperLayout.scoreBox(paper), className: "score-box")
        if let instructions = paper.instructions { body += "<div class=\"instructions\">\(escape(instructions))</div>\n" }
        for (index, section) in paper.sections.enumerated() {
            body += sectionHeading(section, index: index)
            for item in PaperLayout.items(of: version, section: index) {
                body += "<div class=\"item\"><div class=\"stem\"><span class=\"number\">\(item.number).</span>\(escape(PaperLayout.printedStem(item, question: questions[item.id])))</div>"
                if !item.options.isEmpty {
                    body += "<div class=\"options c\(PaperLayout.optionColumns(item.options))\">"
                    for (position, option) in item.options.enumerated() {
                        body += "<div>\(optionLabel(position)). \(escape(option))</div>"
                    }
                    body += "</div>"
                }
                if item.type == .short {
                    body += "<div class=\"answer-lines\">答：" + String(repeating: "<div class=\"line\"></div>", count: PaperLayout.answerLines(item)) + "</div>"
                }
                body += "</div>\n"
            }
        }
        if paper.sealLine == true { body += "</div>\n" }
        return document(title: "\(paper.title) \(version.name)", body: body)
    }

    /// The organizer's answer key for one version.
    public static func key(_ paper: Paper, version: Paper.Version, questions: [String: Question]) -> String {
        var body = header(paper, version: version, title: "\(paper.title)（\(version.name)卷）参考答案")
        body += "<h2>答案速查</h2>\n"
        for row in PaperLayout.answerGrid(version, questions: questions) {
            body += grid([["题号"] + row.map { String($0.0) }, ["答案"] + row.map(\.1)], className: "answer-grid")
        }
        body += "<div class=\"key\">\n"
        for (index, section) in paper.sections.enumerated() {
            body += sectionHeading(section, index: index)
            for item in PaperLayout.items(of: version, section: index) {
                guard let question = questions[item.id] else { continue }
                let key = ItemKey(item: item, question: question)
                body += "<div class=\"item\"><span class=\"number\">\(item.number).</span>"
                body += "<span class=\"answer\">\(escape(key.displayAnswer))</span>"
                body += "<span class=\"note\">（\(formatPoints(item.points))分，编号 \(escape(item.id))）</span>"
                if let explanation = question.explanation {
                    body += "<div class=\"note\">解析：\(escape(explanation))</div>"
                }
                if let document = question.source?.document {
                    body += "<div class=\"note\">出处：《\(escape(document))》\(escape(question.source?.article.map { " " + $0 } ?? ""))</div>"
                }
                body += "</div>\n"
            }
        }
        body += "</div>\n"
        return document(title: "\(paper.title) \(version.name) 参考答案", body: body)
    }

    /// A ruled table of text cells (the 得分栏, answer grids).
    static func grid(_ rows: [[String]], className: String) -> String {
        "<table class=\"\(className)\">" + rows.map { row in
            "<tr>" + row.enumerated().map { $0.offset == 0 ? "<th>\(escape($0.element))</th>" : "<td>\(escape($0.element))</td>" }.joined() + "</tr>"
        }.joined() + "</table>\n"
    }

    static func header(_ paper: Paper, version: Paper.Version, title: String) -> String {
        var out = "<h1>\(escape(title))</h1>\n"
        if let subtitle = paper.subtitle { out += "<p class=\"subtitle\">\(escape(subtitle))</p>\n" }
        out += "<p class=\"facts\">\(escape(PaperLayout.facts(paper, version: version.name)))</p>\n"
        return out
    }

    static func sectionHeading(_ section: Paper.Section, index: Int) -> String {
        let lines = PaperLayout.sectionHeading(section, index: index).split(separator: "\n").map(String.init)
        var out = "<h2>\(escape(lines[0]))"
        if lines.count > 1 { out += "<span class=\"rule\">\(escape(lines[1]))</span>" }
        return out + "</h2>\n"
    }

    static func document(title: String, extraStyle: String = "", body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-Hans">
        <head>
        <meta charset="utf-8">
        <title>\(escape(title))</title>
        <style>
        \(style)
        \(extraStyle)
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    /// Text made safe for HTML content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
