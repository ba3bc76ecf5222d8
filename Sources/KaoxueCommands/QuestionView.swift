import QuizModel
import TerminalIO

/// A question as shown in the terminal by practice and exam: the stem wrapped by display width, options in
/// aligned columns when they fit, and how to answer when there are no options.
enum QuestionView {
    /// - Parameter typing: whether the reader types the answer (practice, exam: say how); a contest's audience
    ///   answers aloud, so the projector shows no keyboard hints.
    static func body(
        stem: String, options: [String], type: QuestionType, blanks: Int, width: Int, language: DisplayLanguage, typing: Bool = true
    ) -> [String] {
        var lines = DisplayWidth.wrap(stem, width: width)
        let labelled = options.enumerated().map { "\(optionLabel($0)). \(TerminalText.plain($1))" }
        guard !labelled.isEmpty else {
            if type == .trueFalse, typing { lines.append(language.pick("（回答 对/错、√/×、t/f）", "(answer 对/错, √/×, t/f)")) }
            if blanks > 1 {
                lines.append(
                    typing ? language.pick("（共 \(blanks) 空，用 | 或 ；分隔）", "(\(blanks) blanks, separate with | or ；)")
                        : language.pick("（共 \(blanks) 空）", "(\(blanks) blanks)"))
            }
            return lines
        }
        // Options in aligned columns when they fit, by display width.
        let cell = (labelled.map { DisplayWidth.width(of: $0) }.max() ?? 0) + 4
        let columns = max(1, min(4, (width - 2) / max(cell, 1)))
        for start in stride(from: 0, to: labelled.count, by: columns) {
            let row = labelled[start..<min(start + columns, labelled.count)]
            if columns == 1 {
                lines.append(contentsOf: DisplayWidth.wrap(row.first!, width: width, indent: "  "))
            } else {
                lines.append("  " + row.map { $0 + String(repeating: " ", count: cell - DisplayWidth.width(of: $0)) }.joined().trimmingTrailingSpaces())
            }
        }
        return lines
    }
}
