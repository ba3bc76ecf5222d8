import BankFormats
import Foundation
import QuizModel
import TextMatching

/// Reads a Word (or WPS) `.docx` that holds the text template: the paragraphs in reading order — body paragraphs,
/// table rows (each row one line, its cells side by side, as option tables are typed) — with automatic numbering
/// written out (`1.`, `A.`, `（一）` from numbering.xml and list styles), soft line breaks and tabs kept, deleted
/// revisions and field codes left out. The text goes to the native reader; problems point at the paragraph.
public enum DocxBankReader {
    public static func read(_ data: Data, path: String) -> ImportedBank {
        var problems = ProblemList(file: path)
        guard let package = PackageParts(data) else {
            problems.error(.file, "不是 Word 文档（.docx 应为 ZIP 文件；旧的 .doc 请先另存为 .docx）", "not a Word document (a .docx is a ZIP file; save an old .doc as .docx first)")
            return ImportedBank(diagnostics: problems.diagnostics)
        }
        let document: XMLNode
        switch package.xml("word/document.xml") {
        case .none:
            problems.error(.file, "文档中没有 word/document.xml", "the package has no word/document.xml")
            return ImportedBank(diagnostics: problems.diagnostics)
        case .failure(let message)?:
            problems.error(message)
            return ImportedBank(diagnostics: problems.diagnostics)
        case .success(let node)?:
            document = node
        }
        let numbering = try? package.xml("word/numbering.xml")?.get()
        let styles = try? package.xml("word/styles.xml")?.get()
        var lines = DocumentLines(numbering: WordNumbering(numbering: numbering, styles: styles))
        if let body = document.child("body") { lines.read(body) }

        var text = ""
        var origin: [Int] = []
        for line in lines.lines {
            for piece in line.text.split(separator: "\n", omittingEmptySubsequences: false) {
                text += piece + "\n"
                origin.append(line.paragraph)
            }
        }
        let parsed = NativeBankParser.parse(text: text, path: path)
        func paragraph(_ line: Int) -> Int { origin.isEmpty ? 1 : origin[min(max(line - 1, 0), origin.count - 1)] }
        for diagnostic in parsed.diagnostics {
            let place = ConversionLocation.paragraph(paragraph(diagnostic.location.line), column: diagnostic.location.column)
            problems.diagnostics.append(ConversionDiagnostic(
                diagnostic.severity, file: path, at: place, chinese: diagnostic.message(in: .zhHans), english: diagnostic.message(in: .en),
                sourceLine: diagnostic.sourceLine))
        }
        for note in lines.notes {
            problems.diagnostics.append(ConversionDiagnostic(
                .warning, file: path, at: .paragraph(note.paragraph, column: 1),
                chinese: "选项的自动编号接续了上一题（Word 显示为 \(note.from)），已从 A 起读取；请在 Word 中将该题选项“重新开始于 A”",
                english: "the options' automatic letters continue the previous question's (Word shows \(note.from)); read from A — restart the list at A in Word"))
        }
        problems.diagnostics.sort(by: ConversionDiagnostic.fileOrder)
        let questions = parsed.questions.map { question in
            var located = question
            located.location = question.location.map { SourceLocation(file: path, line: paragraph($0.line), column: $0.column) }
            return located
        }
        return ImportedBank(questions: questions, diagnostics: problems.diagnostics)
    }
}

/// The document's lines in reading order, each with the number of the paragraph it starts.
struct DocumentLines {
    var numbering: WordNumbering
    var lines: [(paragraph: Int, text: String)] = []
    var paragraphCount = 0
    /// Paragraphs whose automatic option letter continued the previous question's (E, F … instead of A, B …) and
    /// were read from A again, with the letter Word shows.
    var notes: [(paragraph: Int, from: String)] = []

    mutating func read(_ container: XMLNode) {
        for child in container.children {
            switch child.localName {
            case "p":
                paragraphCount += 1
                lines.append((paragraphCount, paragraphText(child)))
            case "tbl":
                for row in child.children("tr") {
                    let first = paragraphCount + 1
                    var cells: [String] = []
                    for cell in row.children("tc") {
                        var parts: [String] = []
                        for paragraph in cell.children("p") {
                            paragraphCount += 1
                            let text = paragraphText(paragraph).trimmingWhitespace()
                            if !text.isEmpty { parts.append(text) }
                        }
                        if !parts.isEmpty { cells.append(parts.joined(separator: " ")) }
                    }
                    lines.append((first, Self.joinOptionCells(cells).joined(separator: "  ")))
                }
            case "sdt":
                if let content = child.child("sdtContent") { read(content) }
            default:
                continue
            }
        }
    }

    /// An option table with the letter in a cell of its own (`A | 党管干部 | B | 五湖四海`): each letter joined to the
    /// text in the next cell, `A. 党管干部`, as the template writes an option.
    static func joinOptionCells(_ cells: [String]) -> [String] {
        var joined: [String] = []
        var index = 0
        while index < cells.count {
            if index + 1 < cells.count, let letter = bareOptionLetter(cells[index]), bareOptionLetter(cells[index + 1]) == nil {
                joined.append(letter + ". " + cells[index + 1])
                index += 2
            } else {
                joined.append(cells[index])
                index += 1
            }
        }
        return joined
    }

    /// `A`, `A.`, `Ａ、`, `(A)`: a cell holding only an option letter, as the letter; nil otherwise.
    static func bareOptionLetter(_ cell: String) -> String? {
        let scalars = Array(cell.trimmingWhitespace().unicodeScalars.map(TextFolding.halfWidth))
        var letters = scalars.filter { !"()（）.、．:：".unicodeScalars.contains($0) }
        guard letters.count == 1, scalars.count <= 3, let letter = letters.popLast(), ("A"..."Z").contains(letter) else { return nil }
        return String(letter)
    }

    /// Whether a run is underlined (`<w:u w:val="single"/>`, any style but none).
    func isUnderlined(_ run: XMLNode) -> Bool {
        guard let underline = run.child("rPr")?.child("u") else { return false }
        let value = numbering.attribute(underline, "val") ?? "single"
        return value != "none"
    }

    mutating func paragraphText(_ paragraph: XMLNode) -> String {
        var out = numbering.label(for: paragraph)
        let list = numbering.currentList
        if let from = numbering.restartedFrom { notes.append((paragraphCount, from)) }
        defer { if !out.trimmingWhitespace().isEmpty { numbering.noteParagraph(numberedBy: list) } }
        func walk(_ node: XMLNode) {
            for child in node.children {
                switch child.localName {
                case "r" where isUnderlined(child):
                    // Underlined spaces (or an underlined tab) are how Word users type a blank: `____` in the template.
                    var text = ""
                    for part in child.children {
                        switch part.localName {
                        case "t": text += part.text
                        case "tab": text += "\t"
                        default: break
                        }
                    }
                    if !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
                        if !out.hasSuffix("____") { out += "____" }
                    } else {
                        walk(child)
                    }
                case "t": out += child.text
                case "tab": out += "\t"
                case "br", "cr": out += "\n"
                case "noBreakHyphen": out += "-"
                case "del", "delText", "instrText", "pPr", "rPr", "fldData": continue
                default: walk(child)
                }
            }
        }
        walk(paragraph)
        return out
    }
}

/// Word's automatic numbering: a paragraph's `numPr` (its own or its style's) names a list and a level; the
/// list's abstract definition gives each level's format (`decimal`, `upperLetter`, `chineseCounting`, …) and text
/// (`%1.`). Counters run per list; a level restarts when a higher level moves on.
struct WordNumbering {
    struct Level {
        var start = 1
        var format = "decimal"
        var text = "%1."
    }

    /// A list's start value as Word allows it (0…32,767); anything else in a file is ignored, never counted from.
    static func listNumber(_ text: String) -> Int? { Int(text).flatMap { (0...32_767).contains($0) ? $0 : nil } }
    /// A list level as Word has them (0…8).
    static func listLevel(_ text: String) -> Int? { Int(text).flatMap { (0...8).contains($0) ? $0 : nil } }

    var abstractLevels: [String: [Int: Level]] = [:]
    /// numId → abstractNumId, and start overrides per level.
    var lists: [String: (abstract: String, starts: [Int: Int])] = [:]
    /// styleId → (numId, ilvl), following basedOn.
    var styleNumbering: [String: (String, Int)] = [:]
    var counters: [String: [Int: Int]] = [:]
    /// Lists that a paragraph with text from elsewhere (a stem, an answer) interrupted since they last numbered one.
    var interrupted: Set<String> = []
    /// The list that numbered the paragraph `label(for:)` last looked at, if any.
    var currentList: String?
    /// Set by `label(for:)` when it restarted a letter list at A: the letter Word shows instead.
    var restartedFrom: String?

    init(numbering: XMLNode?, styles: XMLNode?) {
        if let numbering {
            for abstract in numbering.children("abstractNum") {
                let id = attribute(abstract, "abstractNumId") ?? ""
                var levels: [Int: Level] = [:]
                for level in abstract.children("lvl") {
                    guard let index = Self.listLevel(attribute(level, "ilvl") ?? "0") else { continue }
                    var value = Level()
                    if let start = level.child("start").flatMap({ attribute($0, "val") }).flatMap(Self.listNumber) { value.start = start }
                    if let format = level.child("numFmt").flatMap({ attribute($0, "val") }) { value.format = format }
                    if let text = level.child("lvlText").flatMap({ attribute($0, "val") }) { value.text = text }
                    levels[index] = value
                }
                abstractLevels[id] = levels
            }
            for num in numbering.children("num") {
                guard let id = attribute(num, "numId"), let abstract = num.child("abstractNumId").flatMap({ attribute($0, "val") }) else { continue }
                var starts: [Int: Int] = [:]
                for override in num.children("lvlOverride") {
                    if let level = attribute(override, "ilvl").flatMap(Self.listLevel), let start = override.child("startOverride").flatMap({ attribute($0, "val") }).flatMap(Self.listNumber) {
                        starts[level] = start
                    }
                }
                lists[id] = (abstract, starts)
            }
        }
        if let styles {
            var direct: [String: (String, Int)] = [:]
            var basedOn: [String: String] = [:]
            for style in styles.children("style") {
                guard let id = attribute(style, "styleId") else { continue }
                if let numPr = style.child("pPr")?.child("numPr"), let numId = numPr.child("numId").flatMap({ attribute($0, "val") }) {
                    direct[id] = (numId, numPr.child("ilvl").flatMap { attribute($0, "val") }.flatMap(Self.listLevel) ?? 0)
                }
                if let parent = style.child("basedOn").flatMap({ attribute($0, "val") }) { basedOn[id] = parent }
            }
            for id in Set(direct.keys).union(basedOn.keys) {
                var current: String? = id
                var seen = Set<String>()
                while let style = current, !seen.contains(style) {
                    seen.insert(style)
                    if let found = direct[style] {
                        styleNumbering[id] = found
                        break
                    }
                    current = basedOn[style]
                }
            }
        }
    }

    /// Notes a paragraph with text: every other list that has numbered before is interrupted by it.
    mutating func noteParagraph(numberedBy numId: String?) {
        for id in counters.keys where id != numId { interrupted.insert(id) }
    }

    /// The attribute `w:name` (any prefix).
    func attribute(_ node: XMLNode, _ name: String) -> String? {
        node.attributes.first { $0.key == name || $0.key.hasSuffix(":" + name) }?.value
    }

    /// The number label Word would show before `paragraph` (with a space after it), or "" — except that options
    /// lettered by one list across questions (`E.` `F.` for the second question's options, because the list was
    /// never restarted) start again at `A` when a paragraph with other text came between (see `restartedFrom`).
    mutating func label(for paragraph: XMLNode) -> String {
        currentList = nil
        restartedFrom = nil
        let properties = paragraph.child("pPr")
        var numId: String?
        var level = 0
        if let numPr = properties?.child("numPr") {
            numId = numPr.child("numId").flatMap { attribute($0, "val") }
            level = numPr.child("ilvl").flatMap { attribute($0, "val") }.flatMap(Self.listLevel) ?? 0
        } else if let style = properties?.child("pStyle").flatMap({ attribute($0, "val") }), let found = styleNumbering[style] {
            (numId, level) = found
        }
        guard let numId, numId != "0", let list = lists[numId], let levels = abstractLevels[list.abstract], let definition = levels[level] else { return "" }
        var counts = counters[numId] ?? [:]
        let start = list.starts[level] ?? definition.start
        counts[level] = (counts[level] ?? (start - 1)) + 1
        let isLetters = definition.format == "upperLetter" || definition.format == "lowerLetter"
        if isLetters, counts[level]! > start, interrupted.contains(numId) {
            restartedFrom = Self.format(counts[level]!, as: definition.format)
            counts[level] = start
        }
        interrupted.remove(numId)
        currentList = numId
        for deeper in counts.keys where deeper > level { counts[deeper] = nil }
        counters[numId] = counts
        guard definition.format != "bullet", definition.format != "none" else { return "" }
        var text = definition.text
        for (index, levelDefinition) in levels where text.contains("%\(index + 1)") {
            let value = counts[index] ?? (list.starts[index] ?? levelDefinition.start)
            text = text.replacingOccurrences(of: "%\(index + 1)", with: Self.format(value, as: levelDefinition.format))
        }
        return text + " "
    }

    static func format(_ value: Int, as format: String) -> String {
        switch format {
        case "upperLetter": return value >= 1 ? String(repeating: optionLabel((value - 1) % 26), count: (value - 1) / 26 + 1) : "\(value)"
        case "lowerLetter": return value >= 1 ? String(repeating: optionLabel((value - 1) % 26).lowercased(), count: (value - 1) / 26 + 1) : "\(value)"
        case "chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting", "japaneseCounting", "ideographDigital":
            return NativeBankWriter.chineseNumeral(value) ?? "\(value)"
        case "decimalFullWidth", "decimalFullWidth2":
            return String(String(value).unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) })
        case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
            return (1...20).contains(value) ? String(Character(Unicode.Scalar(0x245F + UInt32(value))!)) : "\(value)"
        case "upperRoman", "lowerRoman":
            let numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
            var rest = value
            var out = ""
            for (number, numeral) in numerals {
                while rest >= number {
                    out += numeral
                    rest -= number
                }
            }
            return format == "lowerRoman" ? out.lowercased() : out
        default:
            return "\(value)"
        }
    }
}
