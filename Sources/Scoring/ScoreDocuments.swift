import BankFormats
import Foundation
import QuizModel

extension ScoreReport {
    /// `report.md`: the summary, units, the questions with their answers, and the problem rows, for reading anywhere.
    public func markdown(title: String, language: DisplayLanguage = .zhHans) -> String {
        let l = language
        var lines = ["# \(markdownLine(title))\(l.pick("：成绩分析", ": results"))", ""]
        lines.append(l.pick("| 指标 | 数值 |", "| Figure | Value |"))
        lines.append("| --- | --- |")
        for (name, value) in summaryRows(l) { lines.append("| \(name) | \(value) |") }
        lines.append("")
        lines.append(l.pick("## 分数分布", "## Distribution of scores"))
        lines.append("")
        lines.append(l.pick("| 得分率 | 人数 |", "| Percent | Candidates |"))
        lines.append("| --- | --- |")
        for (band, count) in summary.histogram.enumerated() { lines.append("| \(band * 10)–\(band * 10 + 10)% | \(count) |") }
        lines.append("")
        lines.append(l.pick("## 单位", "## Units"))
        lines.append("")
        lines.append("| " + unitHeader(l).joined(separator: " | ") + " |")
        lines.append("| --- | --- | --- | --- | --- | --- | --- |")
        for unit in units { lines.append("| " + unitCells(unit, l).map(markdownCell).joined(separator: " | ") + " |") }
        lines.append("")
        lines.append(l.pick("## 试题", "## Questions"))
        lines.append("")
        let header = itemHeader(l)
        let texts = ItemTexts(self)
        lines.append("| " + header.joined(separator: " | ") + " |")
        lines.append("|" + String(repeating: " --- |", count: header.count))
        for item in items {
            lines.append("| " + itemCells(item, l, texts).map(markdownCell).joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append(definitions(l))
        lines.append("")
        lines.append(l.pick("## 有问题的答题卡", "## Sheets with problems"))
        lines.append("")
        let rows = problemRows(l)
        if rows.rows.isEmpty {
            lines.append(l.pick("无。", "None."))
        } else {
            lines.append("| " + rows.header.joined(separator: " | ") + " |")
            lines.append("|" + String(repeating: " --- |", count: rows.header.count))
            for row in rows.rows { lines.append("| " + row.map(markdownCell).joined(separator: " | ") + " |") }
            if rows.more > 0 { lines.append(""); lines.append(moreProblems(rows.more, l)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The figures' definitions, under the questions.
    func definitions(_ l: DisplayLanguage) -> String {
        l.pick(
            "定义：难度为平均得分率；D 为高分组（前 27%）与低分组（后 27%）得分率之差；题–余相关为本题得分与其余题总分的相关（Moodle 的 discrimination index）；区分效率为题–余协方差与其最大可能值之比；有效权重为本题在总分方差中的份额（各卷分别合计 100%）；随机猜测得分为随机作答的期望得分率；作答分布按题库中的选项字母（各卷印刷顺序可能不同），✓ 为正确答案；α 为 Cronbach's α（各版本按人数加权）。",
            "Definitions: facility is the mean share of the points; D is the upper group's (top 27 %) facility minus the lower group's (bottom 27 %); item–rest r is the correlation of the item with the rest of the paper (Moodle's discrimination index); efficiency is the item–rest covariance over its largest possible value; effective weight is the item's share of the total's variance (100 % per version); random guess is the expected score of answering at random; answers are by the bank's option letters (each version may print them in another order), ✓ marking the key; α is Cronbach's alpha (versions weighted by candidates).")
    }

    /// A percentage with its sign, or nothing when there is none (never a bare “%”).
    static func percent(_ value: Double?) -> String { value.map { number($0) + "%" } ?? "—" }

    /// Ebel's band of D in words.
    static func ebelWords(_ band: String?, _ l: DisplayLanguage = .zhHans) -> String {
        switch band {
        case "very good": return l.pick("很好（≥ 0.40）", "very good (≥ 0.40)")
        case "reasonably good": return l.pick("较好（0.30–0.39）", "reasonably good (0.30–0.39)")
        case "marginal": return l.pick("尚可，宜修改（0.20–0.29）", "marginal, revise (0.20–0.29)")
        case "poor": return l.pick("差，须修改（< 0.20）", "poor, must be revised (< 0.20)")
        default: return band ?? ""
        }
    }

    /// What a flag (as `items.csv` and `summary.json` carry it) tells the person revising the question.
    static func flagWords(_ flag: String, _ l: DisplayLanguage = .zhHans) -> String {
        if flag.hasPrefix("unused option ") {
            let option = flag.dropFirst("unused option ".count)
            return l.pick("干扰项 \(option) 无人选择", "nobody chose option \(option)")
        }
        switch flag {
        case "negative D": return l.pick("低分组得分率高于高分组：检查答案是否有误", "the lower group did better than the upper: check the key")
        case "D < 0.20": return l.pick("区分度低", "discriminates little")
        case "negative item-rest r": return l.pick("与其余题负相关：检查答案是否有误", "negatively correlated with the rest: check the key")
        case "negative covariance": return l.pick("与总分负协方差（有效权重无法计算）", "negative covariance with the total (no effective weight)")
        case "too easy": return l.pick("过易（得分率 > 95%）", "too easy (facility > 95 %)")
        case "too hard": return l.pick("过难（得分率 < 20%）", "too hard (facility < 20 %)")
        default: return flag
        }
    }

    /// Each question's stem cut short for a table (by bank id; empty without `paper.json`).
    func questionStems() -> [String: String] {
        Dictionary(key.questions.map { ($0.id, ReadableText.excerpt($0.stem ?? "")) }, uniquingKeysWith: { first, _ in first })
    }

    func summaryRows(_ l: DisplayLanguage = .zhHans) -> [(String, String)] {
        let rules = summary.basis.multipleChoiceRules.sorted { $0.key < $1.key }.map { rule, count in
            let described = MultipleChoiceRule(text: rule).map { l.pick($0.chineseDescription, $0.englishDescription) } ?? rule
            return l.pick("\(described)（\(count) 题）", "\(described) (\(count) items)")
        }
        return [
            (l.pick("考生人数", "Candidates"), String(summary.candidates)), (l.pick("满分", "Full marks"), formatPoints(summary.maxScore)),
            (l.pick("平均分", "Mean"), Self.number(summary.mean)), (l.pick("中位数", "Median"), Self.number(summary.median)),
            (l.pick("标准差", "Standard deviation"), Self.number(summary.sd)),
            (l.pick("最低 / 最高", "Lowest / highest"), "\(formatPoints(summary.min)) / \(formatPoints(summary.max))"),
            (l.pick("偏度", "Skewness"), Self.number(summary.skewness)), (l.pick("峰度", "Kurtosis"), Self.number(summary.kurtosis)),
            ("Cronbach's α", Self.number(summary.alpha, digits: 3)), (l.pick("测量标准误 SEM", "Standard error SEM"), Self.number(summary.sem)),
            (l.pick("误差比", "Error ratio"), Self.percent(summary.errorRatio)),
            (l.pick("随机作答期望得分率", "Expected score of random answers"), Self.percent(summary.randomGuessPercent)),
            (l.pick("合格率", "Pass rate"), Self.number(summary.passRate * 100, digits: 1) + "%"),
            (l.pick("优秀率", "Excellent rate"), Self.number(summary.excellentRate * 100, digits: 1) + "%"),
            (l.pick("有问题的答题卡", "Sheets with problems"), String(summary.sheetsWithProblems)),
            (l.pick("未计分的行", "Rows left out"), String(summary.rowsLeftOut)),
            (l.pick("合格 / 良好 / 优秀线", "Pass / good / excellent marks"),
             "\(formatPoints(summary.basis.passPercent))% / \(formatPoints(summary.basis.goodPercent))% / \(formatPoints(summary.basis.excellentPercent))%"),
            (l.pick("多选题评分规则", "Multiple-choice rules"), rules.isEmpty ? "—" : rules.joined(separator: l.pick("、", "; "))),
            (l.pick("人工评分", "Hand marks"), summary.basis.handMarkedCandidates == 0 ? l.pick("无", "none") : l.pick("\(summary.basis.handMarkedCandidates) 人", "\(summary.basis.handMarkedCandidates) candidates")),
            (l.pick("答案文件 SHA-256", "Key SHA-256"), summary.basis.keySHA256.map { String($0.prefix(16)) + "…" } ?? "—"),
        ]
    }

    func unitHeader(_ l: DisplayLanguage) -> [String] {
        [l.pick("名次", "Rank"), l.pick("单位", "Unit"), l.pick("人数", "Candidates"), l.pick("平均分", "Mean"), l.pick("中位数", "Median"),
         l.pick("合格率", "Pass rate"), l.pick("优秀率", "Excellent rate")]
    }

    func unitCells(_ unit: UnitSummary, _ l: DisplayLanguage) -> [String] {
        [String(unit.rank), unit.unit.isEmpty ? l.pick("（未填）", "(none given)") : unit.unit, String(unit.candidates), Self.number(unit.mean),
         Self.number(unit.median), Self.number(unit.passRate * 100, digits: 1) + "%", Self.number(unit.excellentRate * 100, digits: 1) + "%"]
    }

    func itemHeader(_ l: DisplayLanguage) -> [String] {
        [l.pick("题号", "Item"), l.pick("题目", "Question"), l.pick("难度（得分率）", "Facility"), l.pick("区分度 D", "D"), "Ebel",
         l.pick("题–余相关", "Item–rest r"), l.pick("区分效率", "Efficiency"), l.pick("有效权重", "Effective weight"),
         l.pick("随机猜测得分", "Random guess"), l.pick("作答分布", "Answers"), l.pick("需修改", "To revise")]
    }

    /// What the item table shows of each question besides its statistics, made once per table.
    struct ItemTexts {
        var stems: [String: String]
        var right: [String: Set<Int>]

        init(_ report: ScoreReport) {
            stems = report.questionStems()
            right = report.key.rightBankOptions()
        }
    }

    func itemCells(_ item: QuestionStatistics, _ l: DisplayLanguage, _ texts: ItemTexts) -> [String] {
        [item.placements.joined(separator: " "), texts.stems[item.id] ?? "", Self.number(item.facility), Self.number(item.d),
         Self.ebelWords(item.ebel, l), Self.number(item.discrimination.map { $0 / 100 }), Self.percent(item.efficiency),
         Self.percent(item.effectiveWeight), Self.percent(item.randomGuessScore), answerSpread(item, l, right: texts.right[item.id] ?? []),
         item.flags.map { Self.flagWords($0, l) }.joined(separator: l.pick("；", "; "))]
    }

    /// How the candidates answered: each option (by the bank's letters) or 对/错 with its count, the key marked ✓,
    /// then the blanks. Empty for fill-in and short answers.
    func answerSpread(_ item: QuestionStatistics, _ l: DisplayLanguage, right: Set<Int>) -> String {
        guard !item.optionCounts.isEmpty else { return item.blanks > 0 ? l.pick("未答 \(item.blanks)", "blank \(item.blanks)") : "" }
        let labels = item.type == "truefalse" ? [l.pick("对", "true"), l.pick("错", "false")] : item.optionCounts.indices.map(optionLabel)
        var parts = item.optionCounts.indices.map { option in "\(labels[option])\(right.contains(option) ? "✓" : "") \(item.optionCounts[option])" }
        if item.blanks > 0 { parts.append(l.pick("未答 \(item.blanks)", "blank \(item.blanks)")) }
        return parts.joined(separator: " · ")
    }

    /// At most this many problem rows are listed in the report; errors.csv has them all.
    static let problemRowsShown = 100

    /// The sheets' problems as the report lists them: row, column, 考号, what was done, what is wrong.
    func problemRows(_ l: DisplayLanguage) -> (header: [String], rows: [[String]], more: Int) {
        let header = [l.pick("行", "Row"), l.pick("列", "Column"), l.pick("考号", "Id"), l.pick("处理", "Action"), l.pick("问题", "Problem")]
        let rows = outcome.problems.prefix(Self.problemRowsShown).map { problem in
            [String(problem.problem.row), String(problem.problem.column), problem.candidate,
             problem.rowExcluded ? l.pick("整行未计分", "row left out") : l.pick("本题记 0 分", "cell scored 0"),
             l.pick(problem.problem.chinese, problem.problem.english)]
        }
        return (header, rows, max(0, outcome.problems.count - Self.problemRowsShown))
    }

    func moreProblems(_ more: Int, _ l: DisplayLanguage) -> String {
        l.pick("另有 \(more) 处问题未列出，全部见 errors.csv。", "\(more) more problems are in errors.csv.")
    }

    /// `report.html`: one self-contained page (inline CSS and SVG, no network): summary, histogram, a facility ×
    /// discrimination chart, units, questions, problem rows.
    public func html(title: String, language: DisplayLanguage = .zhHans) -> String {
        let l = language
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        func row(_ cells: [String], tag: String = "td") -> String { "<tr>" + cells.map { "<\(tag)>\(escape($0))</\(tag)>" }.joined() + "</tr>" }
        let heading = escape(title) + l.pick("：成绩分析", ": results")
        var body: [String] = ["<h1>\(heading)</h1>", "<section class=\"summary\"><table>"]
        for (name, value) in summaryRows(l) { body.append("<tr><th>\(escape(name))</th><td>\(escape(value))</td></tr>") }
        body.append("</table></section>")
        body.append("<h2>\(l.pick("分数分布", "Distribution of scores"))</h2>" + histogramSVG(l))
        body.append("<h2>\(l.pick("试题：难度与区分度", "Questions: facility and discrimination"))</h2>" + itemChartSVG(l))
        body.append("<h2>\(l.pick("单位", "Units"))</h2><table class=\"grid\">" + row(unitHeader(l), tag: "th"))
        for unit in units { body.append(row(unitCells(unit, l))) }
        body.append("</table>")
        let texts = ItemTexts(self)
        body.append("<h2>\(l.pick("试题分析", "Item analysis"))</h2><table class=\"grid\">" + row(itemHeader(l), tag: "th"))
        for item in items {
            let cells = itemCells(item, l, texts).map { "<td>\(escape($0))</td>" }.joined()
            body.append("<tr\(item.flags.isEmpty ? "" : " class=\"flag\"")>\(cells)</tr>")
        }
        body.append("</table><p class=\"note\">\(escape(definitions(l)))</p>")
        body.append("<h2>\(l.pick("有问题的答题卡", "Sheets with problems"))</h2>")
        let problems = problemRows(l)
        if problems.rows.isEmpty {
            body.append("<p>\(l.pick("无。", "None."))</p>")
        } else {
            body.append("<table class=\"grid\">" + row(problems.header, tag: "th") + problems.rows.map { row($0) }.joined() + "</table>")
            if problems.more > 0 { body.append("<p class=\"note\">\(escape(moreProblems(problems.more, l)))</p>") }
        }
        return """
            <!DOCTYPE html>
            <html lang="\(l.pick("zh-Hans", "en"))"><head><meta charset="utf-8"><title>\(heading)</title>
            <style>
            body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
            h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
            table { border-collapse: collapse; } th, td { padding: 0.25em 0.6em; text-align: left; }
            table.grid th, table.grid td { border: 1px solid #ccc; } tr.flag td { background: #fff3cd; }
            .summary th { font-weight: normal; color: #555; } .note { color: #555; font-size: 0.9em; }
            svg text { font-size: 11px; fill: #333; }
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    /// Candidates per 10 % band, as bars.
    func histogramSVG(_ l: DisplayLanguage = .zhHans) -> String {
        let width = 520.0, height = 220.0, left = 40.0, bottom = 30.0
        let top = Double(summary.histogram.max() ?? 0)
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(l.pick("分数分布", "Distribution of scores"))\">"]
        parts.append("<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 10)\" y2=\"\(height - bottom)\" stroke=\"#333\"/>")
        let barWidth = (width - left - 10) / 10
        for (band, count) in summary.histogram.enumerated() {
            let barHeight = top > 0 ? Double(count) / top * (height - bottom - 20) : 0
            let x = left + Double(band) * barWidth
            parts.append("<rect x=\"\(Self.number(x + 2))\" y=\"\(Self.number(height - bottom - barHeight))\" width=\"\(Self.number(barWidth - 4))\" height=\"\(Self.number(barHeight))\" fill=\"#4a7ebb\"/>")
            parts.append("<text x=\"\(Self.number(x + barWidth / 2))\" y=\"\(Self.number(height - bottom - barHeight - 4))\" text-anchor=\"middle\">\(count)</text>")
            parts.append("<text x=\"\(Self.number(x + barWidth / 2))\" y=\"\(Self.number(height - 12))\" text-anchor=\"middle\">\(band * 10)%</text>")
        }
        parts.append("</svg>")
        return parts.joined()
    }

    /// Each question as a dot: facility across, D up (−1 to 1, so that a miskeyed item stands out); D < 0.2 shaded.
    func itemChartSVG(_ l: DisplayLanguage = .zhHans) -> String {
        let width = 520.0, height = 300.0, left = 52.0, bottom = 30.0, top = 10.0, right = 10.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ facility: Double) -> Double { left + facility * plotWidth }
        func y(_ d: Double) -> Double { top + (1 - (d + 1) / 2) * plotHeight }  // D from −1 to 1: a miskey shows
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(l.pick("难度与区分度", "Facility and discrimination"))\">"]
        parts.append("<rect x=\"\(left)\" y=\"\(Self.number(y(0.2)))\" width=\"\(plotWidth)\" height=\"\(Self.number(y(-1) - y(0.2)))\" fill=\"#fde2e1\"/>")
        parts.append("<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"none\" stroke=\"#333\"/>")
        for tick in [0.0, 0.2, 0.4, 0.6, 0.8, 1.0] {
            parts.append("<text x=\"\(Self.number(x(tick)))\" y=\"\(Self.number(height - 12))\" text-anchor=\"middle\">\(Self.number(tick, digits: 1))</text>")
        }
        for tick in [-1.0, -0.5, 0.0, 0.2, 0.5, 1.0] {
            parts.append("<text x=\"\(Self.number(left - 4))\" y=\"\(Self.number(y(tick) + 4))\" text-anchor=\"end\">\(Self.number(tick, digits: 1))</text>")
        }
        parts.append("<line x1=\"\(left)\" y1=\"\(Self.number(y(0)))\" x2=\"\(left + plotWidth)\" y2=\"\(Self.number(y(0)))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>")
        parts.append("<text x=\"\(Self.number(left + plotWidth / 2))\" y=\"\(Self.number(height - 1))\" text-anchor=\"middle\">\(l.pick("难度（得分率）", "Facility (share of the points)"))</text>")
        parts.append("<text transform=\"translate(12 \(Self.number(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(l.pick("区分度 D", "Discrimination D"))</text>")
        for item in items {
            guard let facility = item.facility, let d = item.d else { continue }
            let colour = item.flags.isEmpty ? "#2e7d32" : "#c62828"
            parts.append("<circle cx=\"\(Self.number(x(facility)))\" cy=\"\(Self.number(y(min(1, max(-1, d)))))\" r=\"4\" fill=\"\(colour)\"><title>\(item.placements.joined(separator: " ")) D=\(Self.number(d))</title></circle>")
        }
        parts.append("</svg>")
        return parts.joined()
    }
}
