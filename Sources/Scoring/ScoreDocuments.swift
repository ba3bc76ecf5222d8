import Foundation
import QuizModel

extension ScoreReport {
    /// `report.md`: the summary, units, and the questions that need revision, for reading anywhere.
    public func markdown(title: String) -> String {
        var lines = ["# \(title)：成绩分析", ""]
        lines.append("| 指标 | 数值 |")
        lines.append("| --- | --- |")
        for (name, value) in summaryRows() { lines.append("| \(name) | \(value) |") }
        lines.append("")
        lines.append("## 分数分布")
        lines.append("")
        lines.append("| 得分率 | 人数 |")
        lines.append("| --- | --- |")
        for (band, count) in summary.histogram.enumerated() { lines.append("| \(band * 10)–\(band * 10 + 10)% | \(count) |") }
        lines.append("")
        lines.append("## 单位")
        lines.append("")
        lines.append("| 名次 | 单位 | 人数 | 平均分 | 中位数 | 合格率 | 优秀率 |")
        lines.append("| --- | --- | --- | --- | --- | --- | --- |")
        for unit in units {
            lines.append("| \(unit.rank) | \(unit.unit.isEmpty ? "（未填）" : unit.unit) | \(unit.candidates) | \(Self.number(unit.mean)) | \(Self.number(unit.median)) | \(Self.number(unit.passRate * 100, digits: 1))% | \(Self.number(unit.excellentRate * 100, digits: 1))% |")
        }
        lines.append("")
        lines.append("## 试题")
        lines.append("")
        lines.append("| 题号 | 题目 | 难度（得分率） | 区分度 D | Ebel | 题–余相关 | 需修改 |")
        lines.append("| --- | --- | --- | --- | --- | --- | --- |")
        let stems = questionStems()
        for item in items {
            let stem = (stems[item.id] ?? "").replacingOccurrences(of: "|", with: "\\|")
            lines.append("| \(item.placements.joined(separator: " ")) | \(stem) | \(Self.number(item.facility)) | \(Self.number(item.d)) | \(Self.ebelWords(item.ebel)) | \(Self.number(item.discrimination.map { $0 / 100 })) | \(item.flags.map(Self.flagWords).joined(separator: "；")) |")
        }
        lines.append("")
        lines.append("定义：难度为平均得分率；D 为高分组（前 27%）与低分组（后 27%）得分率之差；题–余相关为本题得分与其余题总分的相关（Moodle 的 discrimination index）；α 为 Cronbach's α（各版本按人数加权）。")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A percentage with its sign, or nothing when there is none (never a bare “%”).
    static func percent(_ value: Double?) -> String { value.map { number($0) + "%" } ?? "—" }

    /// Ebel's band of D in words.
    static func ebelWords(_ band: String?) -> String {
        switch band {
        case "very good": return "很好（≥ 0.40）"
        case "reasonably good": return "较好（0.30–0.39）"
        case "marginal": return "尚可，宜修改（0.20–0.29）"
        case "poor": return "差，须修改（< 0.20）"
        default: return band ?? ""
        }
    }

    /// What a flag (as `items.csv` and `summary.json` carry it) tells the person revising the question.
    static func flagWords(_ flag: String) -> String {
        if flag.hasPrefix("unused option ") { return "干扰项 \(flag.dropFirst("unused option ".count)) 无人选择" }
        switch flag {
        case "negative D": return "低分组得分率高于高分组：检查答案是否有误"
        case "D < 0.20": return "区分度低"
        case "negative item-rest r": return "与其余题负相关：检查答案是否有误"
        case "negative covariance": return "与总分负协方差（有效权重无法计算）"
        case "too easy": return "过易（得分率 > 95%）"
        case "too hard": return "过难（得分率 < 20%）"
        default: return flag
        }
    }

    /// Each question's stem cut short for a table (by bank id; empty without `paper.json`).
    func questionStems() -> [String: String] {
        Dictionary(key.questions.map { ($0.id, ReadableText.excerpt($0.stem ?? "")) }, uniquingKeysWith: { first, _ in first })
    }

    func summaryRows() -> [(String, String)] {
        [
            ("考生人数", String(summary.candidates)), ("满分", formatPoints(summary.maxScore)), ("平均分", Self.number(summary.mean)),
            ("中位数", Self.number(summary.median)), ("标准差", Self.number(summary.sd)), ("最低 / 最高", "\(formatPoints(summary.min)) / \(formatPoints(summary.max))"),
            ("偏度", Self.number(summary.skewness)), ("峰度", Self.number(summary.kurtosis)), ("Cronbach's α", Self.number(summary.alpha, digits: 3)),
            ("测量标准误 SEM", Self.number(summary.sem)), ("误差比", Self.number(summary.errorRatio) + "%"),
            ("合格率", Self.number(summary.passRate * 100, digits: 1) + "%"), ("优秀率", Self.number(summary.excellentRate * 100, digits: 1) + "%"),
            ("有问题的答题卡", String(summary.sheetsWithProblems)), ("未计分的行", String(summary.rowsLeftOut)),
            ("合格 / 良好 / 优秀线", "\(formatPoints(summary.basis.passPercent))% / \(formatPoints(summary.basis.goodPercent))% / \(formatPoints(summary.basis.excellentPercent))%"),
            ("多选题评分规则", summary.basis.multipleChoiceRules.isEmpty ? "—" : summary.basis.multipleChoiceRules.sorted { $0.key < $1.key }.map { "\(MultipleChoiceRule(text: $0.key)?.chineseDescription ?? $0.key)（\($0.value) 题）" }.joined(separator: "、")),
            ("人工评分", summary.basis.handMarkedCandidates == 0 ? "无" : "\(summary.basis.handMarkedCandidates) 人"),
            ("答案文件 SHA-256", summary.basis.keySHA256.map { String($0.prefix(16)) + "…" } ?? "—"),
        ]
    }

    /// `report.html`: one self-contained page (inline CSS and SVG, no network): summary, histogram, a facility ×
    /// discrimination chart, units, questions.
    public func html(title: String) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var body: [String] = ["<h1>\(escape(title))：成绩分析</h1>", "<section class=\"summary\"><table>"]
        for (name, value) in summaryRows() { body.append("<tr><th>\(name)</th><td>\(escape(value))</td></tr>") }
        body.append("</table></section>")
        body.append("<h2>分数分布</h2>" + histogramSVG())
        body.append("<h2>试题：难度与区分度</h2>" + itemChartSVG())
        body.append("<h2>单位</h2><table class=\"grid\"><tr><th>名次</th><th>单位</th><th>人数</th><th>平均分</th><th>中位数</th><th>合格率</th><th>优秀率</th></tr>")
        for unit in units {
            body.append("<tr><td>\(unit.rank)</td><td>\(escape(unit.unit.isEmpty ? "（未填）" : unit.unit))</td><td>\(unit.candidates)</td><td>\(Self.number(unit.mean))</td><td>\(Self.number(unit.median))</td><td>\(Self.number(unit.passRate * 100, digits: 1))%</td><td>\(Self.number(unit.excellentRate * 100, digits: 1))%</td></tr>")
        }
        body.append("</table>")
        let stems = questionStems()
        body.append("<h2>试题分析</h2><table class=\"grid\"><tr><th>题号</th><th>题目</th><th>难度</th><th>D</th><th>Ebel</th><th>题–余相关</th><th>区分效率</th><th>有效权重</th><th>需修改</th></tr>")
        for item in items {
            let flagged = !item.flags.isEmpty
            body.append("<tr\(flagged ? " class=\"flag\"" : "")><td>\(escape(item.placements.joined(separator: " ")))</td><td>\(escape(stems[item.id] ?? ""))</td><td>\(Self.number(item.facility))</td><td>\(Self.number(item.d))</td><td>\(Self.ebelWords(item.ebel))</td><td>\(Self.number(item.discrimination.map { $0 / 100 }))</td><td>\(Self.percent(item.efficiency))</td><td>\(Self.percent(item.effectiveWeight))</td><td>\(escape(item.flags.map(Self.flagWords).joined(separator: "；")))</td></tr>")
        }
        body.append("</table>")
        return """
            <!DOCTYPE html>
            <html lang="zh-Hans"><head><meta charset="utf-8"><title>\(escape(title))：成绩分析</title>
            <style>
            body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
            h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
            table { border-collapse: collapse; } th, td { padding: 0.25em 0.6em; text-align: left; }
            table.grid th, table.grid td { border: 1px solid #ccc; } tr.flag td { background: #fff3cd; }
            .summary th { font-weight: normal; color: #555; }
            svg text { font-size: 11px; fill: #333; }
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    /// Candidates per 10 % band, as bars.
    func histogramSVG() -> String {
        let width = 520.0, height = 220.0, left = 40.0, bottom = 30.0
        let top = Double(summary.histogram.max() ?? 0)
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"分数分布\">"]
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
    func itemChartSVG() -> String {
        let width = 520.0, height = 300.0, left = 52.0, bottom = 30.0, top = 10.0, right = 10.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ facility: Double) -> Double { left + facility * plotWidth }
        func y(_ d: Double) -> Double { top + (1 - (d + 1) / 2) * plotHeight }  // D from −1 to 1: a miskey shows
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"难度与区分度\">"]
        parts.append("<rect x=\"\(left)\" y=\"\(Self.number(y(0.2)))\" width=\"\(plotWidth)\" height=\"\(Self.number(y(-1) - y(0.2)))\" fill=\"#fde2e1\"/>")
        parts.append("<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"none\" stroke=\"#333\"/>")
        for tick in [0.0, 0.2, 0.4, 0.6, 0.8, 1.0] {
            parts.append("<text x=\"\(Self.number(x(tick)))\" y=\"\(Self.number(height - 12))\" text-anchor=\"middle\">\(Self.number(tick, digits: 1))</text>")
        }
        for tick in [-1.0, -0.5, 0.0, 0.2, 0.5, 1.0] {
            parts.append("<text x=\"\(Self.number(left - 4))\" y=\"\(Self.number(y(tick) + 4))\" text-anchor=\"end\">\(Self.number(tick, digits: 1))</text>")
        }
        parts.append("<line x1=\"\(left)\" y1=\"\(Self.number(y(0)))\" x2=\"\(left + plotWidth)\" y2=\"\(Self.number(y(0)))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>")
        parts.append("<text x=\"\(Self.number(left + plotWidth / 2))\" y=\"\(Self.number(height - 1))\" text-anchor=\"middle\">难度（得分率）</text>")
        parts.append("<text transform=\"translate(12 \(Self.number(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">区分度 D</text>")
        for item in items {
            guard let facility = item.facility, let d = item.d else { continue }
            let colour = item.flags.isEmpty ? "#2e7d32" : "#c62828"
            parts.append("<circle cx=\"\(Self.number(x(facility)))\" cy=\"\(Self.number(y(min(1, max(-1, d)))))\" r=\"4\" fill=\"\(colour)\"><title>\(item.placements.joined(separator: " ")) D=\(Self.number(d))</title></circle>")
        }
        parts.append("</svg>")
        return parts.joined()
    }
}
