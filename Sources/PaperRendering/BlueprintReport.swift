import PaperAssembly
import QuizModel

/// The realized 双向细目表 of a paper's versions — what was actually picked, per topic × question type and per
/// topic × difficulty, with counts, points and the mean difficulty — as text for the terminal, Markdown and HTML.
/// Versions with equal tables (parallel versions) share one table.
public enum BlueprintReport {
    /// Versions grouped by equal tables, in version order.
    public static func groups(names: [String], tables: [Paper.Table]) -> [(names: [String], table: Paper.Table)] {
        var groups: [(names: [String], table: Paper.Table)] = []
        for (name, table) in zip(names, tables) {
            if let index = groups.firstIndex(where: { $0.table.sameCells(as: table) && $0.table.meanDifficulty == table.meanDifficulty }) {
                groups[index].names.append(name)
            } else {
                groups.append(([name], table))
            }
        }
        return groups
    }

    /// The table as rows of cells, the header first and a 合计 row last: 知识点, one column per section (its
    /// heading), 易 … 难 (and 未标 when some question has no level), 题数, 分值.
    public static func grid(_ table: Paper.Table, headings: [String], points: [Double], language: DisplayLanguage) -> [[String]] {
        let noLevel = table.cells.contains { $0.difficulty == nil }
        let levels: [Difficulty?] = Difficulty.allCases.map { $0 } + (noLevel ? [nil] : [])
        let topics = Array(Set(table.cells.map(\.topic))).sorted { ($0 ?? "\u{10FFFF}") < ($1 ?? "\u{10FFFF}") }
        var rows: [[String]] = [
            [language.pick("知识点", "topic")] + headings + levels.map { $0?.name(in: language) ?? language.pick("未标", "none") }
                + [language.pick("题数", "questions"), language.pick("分值", "points")]
        ]
        func line(_ name: String, _ cells: [Paper.Table.Cell]) -> [String] {
            func count(_ include: (Paper.Table.Cell) -> Bool) -> Int { cells.filter(include).reduce(0) { $0 + $1.count } }
            let perSection = headings.indices.map { s in count { $0.section == s } }
            let perLevel = levels.map { level in count { $0.difficulty == level } }
            let total = perSection.reduce(0, +)
            let score = cells.reduce(0.0) { $0 + Double($1.count) * points[$1.section] }
            return [name] + (perSection + perLevel).map { $0 == 0 ? "·" : String($0) } + [String(total), formatPoints(score)]
        }
        for topic in topics {
            rows.append(line(topic ?? language.pick("（未标注）", "(none)"), table.cells.filter { $0.topic == topic }))
        }
        rows.append(line(language.pick("合计", "total"), table.cells))
        return rows
    }

    /// `平均难度 2.96（1 易 … 5 难）`.
    public static func meanLine(_ table: Paper.Table, language: DisplayLanguage) -> String? {
        table.meanDifficulty.map {
            language.pick("平均难度 \(formatPoints(($0 * 100).rounded() / 100))（1 易 … 5 难）", "mean difficulty \(formatPoints(($0 * 100).rounded() / 100)) (1 easy … 5 hard)")
        }
    }

    /// `双向细目表` for one version, `各卷（A、B）细目相同` when all share a table, else `A、C 卷`.
    public static func title(_ names: [String], of total: Int, language: DisplayLanguage) -> String {
        if total == 1 { return language.pick("双向细目表", "two-way specification") }
        if names.count == total { return language.pick("各卷（\(names.joined(separator: "、"))）细目相同", "versions \(names.joined(separator: ", ")): one table") }
        return language.pick("\(names.joined(separator: "、")) 卷", "version(s) \(names.joined(separator: ", "))")
    }

    public static func markdown(_ paper: Paper) -> String {
        let headings = paper.sections.map(\.heading)
        let points = paper.sections.map(\.points)
        var text = "# \(paper.title) · 双向细目表\n\n"
        text += "种子 \(paper.manifest.seed)，\(paper.versions.count) 个版本，每卷 \(paper.sections.reduce(0) { $0 + $1.count }) 题、满分 \(formatPoints(paper.totalScore)) 分。\n\n"
        let tables = paper.versions.compactMap(\.table)
        guard tables.count == paper.versions.count else { return text + "（本试卷没有记录细目表。）\n" }
        for group in groups(names: paper.versions.map(\.name), tables: tables) {
            text += "## \(title(group.names, of: paper.versions.count, language: .zhHans))\n\n"
            if let mean = meanLine(group.table, language: .zhHans) { text += mean + "\n\n" }
            let rows = grid(group.table, headings: headings, points: points, language: .zhHans)
            text += "| " + rows[0].joined(separator: " | ") + " |\n"
            text += "|" + rows[0].indices.map { $0 == 0 ? " --- |" : " ---: |" }.joined() + "\n"
            for row in rows.dropFirst() { text += "| " + row.map(MarkdownRenderer.escape).joined(separator: " | ") + " |\n" }
            text += "\n"
        }
        return text
    }

    public static func html(_ paper: Paper) -> String {
        let headings = paper.sections.map(\.heading)
        let points = paper.sections.map(\.points)
        var body = "<h1>\(HTMLRenderer.escape(paper.title)) · 双向细目表</h1>\n"
        body += "<p class=\"facts\">种子 \(paper.manifest.seed)，\(paper.versions.count) 个版本，每卷 \(paper.sections.reduce(0) { $0 + $1.count }) 题、满分 \(formatPoints(paper.totalScore)) 分</p>\n"
        let tables = paper.versions.compactMap(\.table)
        if tables.count == paper.versions.count {
            for group in groups(names: paper.versions.map(\.name), tables: tables) {
                body += "<h2>\(HTMLRenderer.escape(title(group.names, of: paper.versions.count, language: .zhHans)))</h2>\n"
                if let mean = meanLine(group.table, language: .zhHans) { body += "<p>\(HTMLRenderer.escape(mean))</p>\n" }
                let rows = grid(group.table, headings: headings, points: points, language: .zhHans)
                body += "<table class=\"spec\"><thead><tr>" + rows[0].map { "<th>\(HTMLRenderer.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
                for (index, row) in rows.dropFirst().enumerated() {
                    let total = index == rows.count - 2 ? " class=\"total\"" : ""
                    body += "<tr\(total)>" + row.enumerated().map { c, cell in c == 0 ? "<th>\(HTMLRenderer.escape(cell))</th>" : "<td>\(HTMLRenderer.escape(cell))</td>" }.joined() + "</tr>\n"
                }
                body += "</tbody></table>\n"
            }
        }
        return HTMLRenderer.document(title: "\(paper.title) · 双向细目表", extraStyle: """
            table.spec { border-collapse: collapse; margin: 2mm 0 6mm; font-size: 10pt; }
            table.spec th, table.spec td { border: 0.5pt solid #000; padding: 1mm 2.5mm; }
            table.spec td { text-align: right; } table.spec thead th { background: #eee; }
            table.spec tr.total { font-weight: bold; }
            """, body: body)
    }
}
