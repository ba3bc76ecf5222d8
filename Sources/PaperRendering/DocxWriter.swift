import Foundation
import PaperAssembly
import QuizModel
import Spreadsheets

/// Papers and keys as Word `.docx` (Office Open XML, WordprocessingML), laid out as a typesetter would so that
/// Word, WPS and LibreOffice print them alike: A4; options 4, 2 or 1 to a line by their measured width, with tab
/// stops computed for each question; stem and options kept together and never split across pages; a 得分栏;
/// ruled lines for short answers; 第 N 页 / 共 M 页 in the footer; East Asian fonts named with their Windows and
/// Linux names (宋体/SimSun, 黑体/SimHei, GB2312 charset) so every program picks a Chinese face. The bytes depend
/// only on the paper (fixed ZIP dates).
public enum DocxWriter {
    public struct Failure: Error, Sendable {
        public var reason: String
    }

    /// Twips (1/20 pt) of the text column: A4 width 11906 less two margins of 907, and less 794 more on the left
    /// for a 密封线.
    static func textWidth(sealed: Bool) -> Int { sealed ? 9298 : 10092 }
    static func leftMargin(sealed: Bool) -> Int { sealed ? 1701 : 907 }
    /// Indent of option lines.
    static let optionIndent = 420

    /// The candidate's paper for one version as `.docx` bytes. It contains no answers; `questions` (when given)
    /// size the fill-in blanks.
    public static func paper(_ paper: Paper, version: Paper.Version, questions: [String: Question] = [:]) throws(Failure) -> Data {
        try package(body: paperBody(paper, version: version, questions: questions), title: "\(paper.title) \(version.name)", sealed: paper.sealLine == true)
    }

    /// The paper's `w:body` content.
    static func paperBody(_ paper: Paper, version: Paper.Version, questions: [String: Question]) -> String {
        let sealed = paper.sealLine == true
        let width = textWidth(sealed: sealed)
        var body = ""
        body += paragraph(paper.title, style: "Title")
        if let subtitle = paper.subtitle { body += paragraph(subtitle, style: "Subtitle") }
        body += paragraph(PaperLayout.candidateFields.map { "\($0)：＿＿＿＿＿＿＿＿" }.joined(separator: "　　"), style: "Fields")
        body += paragraph(PaperLayout.facts(paper, version: version.name), style: "Fields")
        body += table(PaperLayout.scoreBox(paper), firstColumn: 900, width: width)
        if let instructions = paper.instructions { body += paragraph(instructions, style: "Instructions") }
        for (index, section) in paper.sections.enumerated() {
            let heading = PaperLayout.sectionHeading(section, index: index).split(separator: "\n").map(String.init)
            body += paragraph(heading[0], style: "Heading1")
            if heading.count > 1 { body += paragraph(heading[1], style: "Rule") }
            for item in PaperLayout.items(of: version, section: index) {
                body += itemParagraphs(item, question: questions[item.id], width: width)
            }
        }
        return body
    }

    /// One question. The stem and its option rows are one paragraph (rows after line breaks, hanging under the
    /// stem, with this question's tab stops), kept whole: no program splits a paragraph marked keep-lines across
    /// pages, while keep-with-next between paragraphs is not honoured alike everywhere. A short answer's lines
    /// follow, kept with it.
    static func itemParagraphs(_ item: Paper.Item, question: Question?, width textWidth: Int) -> String {
        var text = "\(item.number). " + PaperLayout.printedStem(item, question: question)
        var tabs: [Int] = []
        if !item.options.isEmpty {
            // 11 pt = 220 twips an em.
            let columns = PaperLayout.optionColumns(item.options, lineEms: Double(textWidth - optionIndent) / 220)
            let width = (textWidth - optionIndent) / columns
            tabs = (1..<max(columns, 1)).map { optionIndent + $0 * width }
            let labelled = item.options.enumerated().map { "\(optionLabel($0)). \($1)" }
            for start in stride(from: 0, to: labelled.count, by: columns) {
                text += "\n" + labelled[start..<min(start + columns, labelled.count)].joined(separator: "\t")
            }
        }
        var lines: [(text: String, style: String, tabs: [Int])] = [(text, "Stem", tabs)]
        if item.type == .short {
            lines.append(("答：", "Option", []))
            // Each line a tab to the right margin with an underline leader: bordered paragraphs would merge into one box.
            for _ in 1..<PaperLayout.answerLines(item) { lines.append(("\t", "AnswerLine", [])) }
        }
        return lines.enumerated().map { index, line in
            paragraph(line.text, style: line.style, tabs: line.tabs, keepNext: index < lines.count - 1)
        }.joined()
    }

    /// The organizer's key for one version: a compact answer grid, then every answer with its points, explanation
    /// and source, by question number.
    public static func key(_ paper: Paper, version: Paper.Version, questions: [String: Question]) throws(Failure) -> Data {
        var body = paragraph("\(paper.title)（\(version.name)卷）参考答案", style: "Title")
        body += paragraph("答案速查", style: "Heading1")
        for row in PaperLayout.answerGrid(version, questions: questions) {
            body += table([["题号"] + row.map { String($0.0) }, ["答案"] + row.map(\.1)], firstColumn: 900, width: textWidth(sealed: false))
        }
        for (index, section) in paper.sections.enumerated() {
            body += paragraph(PaperLayout.sectionHeading(section, index: index).split(separator: "\n").map(String.init)[0], style: "Heading1")
            for item in PaperLayout.items(of: version, section: index) {
                guard let question = questions[item.id] else { continue }
                let key = ItemKey(item: item, question: question)
                var text = "\(item.number). 答案：\(key.displayAnswer)（\(formatPoints(item.points))分）"
                if let explanation = question.explanation { text += "\n解析：" + explanation }
                if let document = question.source?.document { text += "\n出处：《\(document)》" + (question.source?.article.map { " " + $0 } ?? "") }
                body += paragraph(text, style: "Stem")
            }
        }
        return try package(body: body, title: "\(paper.title) \(version.name) 参考答案")
    }

    /// One paragraph; line breaks inside the text become `<w:br/>`, tabs `<w:tab/>`. `tabs` are left tab stops in
    /// twips from the margin; `keepNext` keeps it on the page of the next paragraph.
    static func paragraph(_ text: String, style: String, tabs: [Int] = [], keepNext: Bool = false) -> String {
        var runs = ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            if lineIndex > 0 { runs += "<w:br/>" }
            let pieces = line.split(separator: "\t", omittingEmptySubsequences: false)
            for (pieceIndex, piece) in pieces.enumerated() {
                if pieceIndex > 0 { runs += "<w:tab/>" }
                if !piece.isEmpty { runs += "<w:t xml:space=\"preserve\">\(escape(String(piece)))</w:t>" }
            }
        }
        var properties = "<w:pStyle w:val=\"\(style)\"/>"
        if keepNext { properties += "<w:keepNext/>" }
        if !tabs.isEmpty { properties += "<w:tabs>" + tabs.map { "<w:tab w:val=\"left\" w:pos=\"\($0)\"/>" }.joined() + "</w:tabs>" }
        return "<w:p><w:pPr>\(properties)</w:pPr><w:r>\(runs)</w:r></w:p>\n"
    }

    /// A ruled table of text cells (the 得分栏, answer grids): the first column `firstColumn` twips wide, the rest
    /// sharing the text width; rows never split across pages.
    static func table(_ rows: [[String]], firstColumn: Int, width textWidth: Int) -> String {
        let count = rows.map(\.count).max() ?? 1
        let rest = count > 1 ? (textWidth - firstColumn) / (count - 1) : textWidth
        let widths = [firstColumn] + Array(repeating: rest, count: max(0, count - 1))
        var xml = "<w:tbl><w:tblPr><w:tblStyle w:val=\"Grid\"/><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/>"
        xml += "<w:tblBorders>" + ["top", "left", "bottom", "right", "insideH", "insideV"].map { "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>" }.joined() + "</w:tblBorders></w:tblPr>"
        xml += "<w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        for row in rows {
            xml += "<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val=\"440\"/></w:trPr>"
            for column in 0..<count {
                let text = column < row.count ? row[column] : ""
                xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[column])\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
                xml += "<w:p><w:pPr><w:pStyle w:val=\"Cell\"/></w:pPr>" + (text.isEmpty ? "" : "<w:r><w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r>") + "</w:p></w:tc>"
            }
            xml += "</w:tr>"
        }
        return xml + "</w:tbl>\n" + paragraph("", style: "Spacer")
    }

    /// The package; `sealed` adds the 密封线 header and widens the left margin for it.
    static func package(body: String, title: String, sealed: Bool = false) throws(Failure) -> Data {
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("docProps/core.xml", coreProperties(title: title)),
            ("word/document.xml", documentXML(body: body, sealed: sealed)),
            ("word/styles.xml", styles),
            ("word/footer1.xml", footer),
            ("word/fontTable.xml", fontTable),
            ("word/header1.xml", sealHeader),
            ("word/_rels/document.xml.rels", documentRelationships),
        ]
        do {
            return try OfficePackage.zip(parts)
        } catch {
            throw Failure(reason: error.reason)
        }
    }

    /// `word/document.xml`: the body and the page setup (A4; with `sealed`, the 密封线 header and a wider left margin).
    static func documentXML(body: String, sealed: Bool) -> String {
        """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            <w:body>
            \(body)<w:sectPr>\(sealed ? "<w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>" : "")<w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1020" w:right="907" w:bottom="1134" w:left="\(leftMargin(sealed: sealed))" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>
            </w:body>
            </w:document>
            """
    }

    static func escape(_ text: String) -> String { OfficePackage.escapeXML(text) }

    static func coreProperties(title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\(escape(title))</dc:title><dc:creator>kaoxue</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>
        """
    }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
        """

    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
        """

    static let documentRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/></Relationships>
        """

    /// The 密封线: a floating one-cell table in the binding margin of every page, its text running bottom to top,
    /// its right edge a dashed line — the candidate's fields, then 密封线内不要答题.
    static let sealHeader: String = {
        let fields = PaperLayout.candidateFields.map { "\($0)：＿＿＿＿＿＿＿＿" }.joined(separator: "　　")
        let text = escape(fields + "　　" + PaperLayout.sealWords)
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:tbl><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:vertAnchor="page" w:horzAnchor="page" w:tblpX="567" w:tblpY="1134"/><w:tblW w:w="794" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblBorders><w:right w:val="dashed" w:sz="6" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="794"/></w:tblGrid><w:tr><w:trPr><w:trHeight w:val="14570" w:hRule="exact"/></w:trPr><w:tc><w:tcPr><w:tcW w:w="794" w:type="dxa"/><w:textDirection w:val="btLr"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/><w:spacing w:after="0"/></w:pPr><w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve">\(text)</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p></w:hdr>
            """
    }()

    /// 第 N 页 / 共 M 页: the PAGE and NUMPAGES fields.
    static let footer = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">第 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页 / 共 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p></w:ftr>
        """

    /// The fonts. Text is set in Noto Serif CJK SC (headings Noto Sans CJK SC), which LibreOffice finds on Linux;
    /// where it is missing, Word and WPS take the alternate name (宋体, 黑体) and the GB2312 character set and
    /// substitute the Windows face — a Chinese one everywhere, never the Japanese glyphs a bare 宋体 gets on Linux.
    static let fontTable = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="Noto Serif CJK SC"><w:altName w:val="宋体"/><w:panose1 w:val="02020400000000000000"/><w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font><w:font w:name="Noto Sans CJK SC"><w:altName w:val="黑体"/><w:panose1 w:val="020B0500000000000000"/><w:charset w:val="86"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font><w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font><w:font w:name="黑体"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>
        """

    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Noto Serif CJK SC" w:cs="Times New Roman" w:hint="eastAsia"/><w:sz w:val="22"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="320" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:widowControl/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:after="120"/></w:pPr><w:rPr><w:rFonts w:eastAsia="Noto Sans CJK SC"/><w:b/><w:sz w:val="36"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="24"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Fields"><w:name w:val="Fields"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:after="120"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Instructions"><w:name w:val="Instructions"/><w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:top w:val="single" w:sz="4" w:space="2" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="2" w:color="000000"/></w:pBdr></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="Noto Sans CJK SC"/><w:b/><w:sz w:val="24"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Rule"><w:name w:val="Rule"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/></w:pPr><w:rPr><w:sz w:val="19"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Stem"><w:name w:val="Stem"/><w:basedOn w:val="Normal"/><w:pPr><w:keepLines/><w:spacing w:before="80" w:line="360" w:lineRule="auto"/><w:ind w:left="420" w:hanging="420"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Option"><w:name w:val="Option"/><w:basedOn w:val="Normal"/><w:pPr><w:keepLines/><w:ind w:left="420"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="AnswerLine"><w:name w:val="Answer line"/><w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="right" w:leader="underscore" w:pos="10092"/></w:tabs><w:spacing w:before="160" w:after="0"/><w:ind w:left="420"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Cell"><w:name w:val="Cell"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Spacer"><w:name w:val="Spacer"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="120" w:lineRule="exact"/></w:pPr></w:style>
        <w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:tblPr><w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
        </w:styles>
        """
}
