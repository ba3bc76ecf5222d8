import TerminalIO

/// The contest scoreboard drawn large for a projector: scores in block digits five lines high, team names
/// aligned by display width (CJK counts two columns), in rank order.
enum ScoreboardView {
    /// 3×5 glyphs; each `#` is drawn as two full blocks.
    static let glyphs: [Character: [String]] = [
        "0": ["###", "# #", "# #", "# #", "###"], "1": ["  #", "  #", "  #", "  #", "  #"],
        "2": ["###", "  #", "###", "#  ", "###"], "3": ["###", "  #", "###", "  #", "###"],
        "4": ["# #", "# #", "###", "  #", "  #"], "5": ["###", "#  ", "###", "  #", "###"],
        "6": ["###", "#  ", "###", "# #", "###"], "7": ["###", "  #", "  #", "  #", "  #"],
        "8": ["###", "# #", "###", "# #", "###"], "9": ["###", "# #", "###", "  #", "###"],
        "-": ["   ", "   ", "###", "   ", "   "],
    ]

    /// `number` in block digits: five lines of equal width.
    static func bigNumber(_ number: Int) -> [String] {
        let rows = (0..<5).map { row in
            String(number).compactMap { glyphs[$0]?[row] }.map { pattern in
                pattern.map { $0 == "#" ? "██" : "  " }.joined()
            }.joined(separator: "  ")
        }
        return rows
    }

    /// The board: one block per team (rank, name, score). Falls back to one line per team when the big digits do
    /// not fit in `width` columns.
    static func lines(teams: [(rank: Int, name: String, score: Int)], width: Int, highlight: (String) -> String) -> [String] {
        let nameWidth = teams.map { DisplayWidth.width(of: $0.name) }.max() ?? 0
        let numberWidth = teams.map { DisplayWidth.width(of: bigNumber($0.score)[0]) }.max() ?? 0
        func pad(_ text: String, _ columns: Int) -> String { text + String(repeating: " ", count: max(0, columns - DisplayWidth.width(of: text))) }
        let label = { (team: (rank: Int, name: String, score: Int)) in " \(team.rank < 10 ? " " : "")\(team.rank)  " + pad(team.name, nameWidth) + "   " }
        guard 6 + nameWidth + 3 + numberWidth <= width else {
            return teams.map { team in highlightIf(team.rank == 1, label(team) + String(team.score), highlight) }
        }
        var lines: [String] = []
        for team in teams {
            let digits = bigNumber(team.score)
            let blank = String(repeating: " ", count: DisplayWidth.width(of: label(team)))
            for (row, text) in digits.enumerated() {
                let line = (row == 2 ? label(team) : blank) + text
                lines.append(highlightIf(team.rank == 1, line.trimmingTrailingSpaces(), highlight))
            }
            lines.append("")
        }
        return lines
    }

    private static func highlightIf(_ condition: Bool, _ text: String, _ highlight: (String) -> String) -> String {
        condition ? highlight(text) : text
    }
}
