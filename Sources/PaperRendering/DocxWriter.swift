import Foundation
import PaperAssembly
import QuizModel
import Spreadsheets

/// Papers as Word `.docx` (Office Open XML, WordprocessingML), which Word, WPS and LibreOffice open: A4 pages,
/// a Chinese serif font, page numbers in the footer. The bytes depend only on the paper (fixed ZIP dates).
public enum DocxWriter {
    public struct Failure: Error, Sendable {
        public var reason: String
    }

    /// The candidate's paper for one version as `.docx` bytes. It contains no answers.
    public static func paper(_ paper: Paper, version: Paper.Version) throws(Failure) -> Data {
        var body = ""
        body += paragraph(paper.title, style: "Title")
        if let subtitle = paper.subtitle { body += paragraph(subtitle, style: "Subtitle") }
        body += paragraph(PaperLayout.candidateFields.map { "\($0)：＿＿＿＿＿＿＿＿" }.joined(separator: "　　"), style: "Fields")
        body += paragraph(PaperLayout.facts(paper, version: version.name), style: "Fields")
        if let instructions = paper.instructions { body += paragraph(instructions, style: "Instructions") }
        for (index, section) in paper.sections.enumerated() {
            let heading = PaperLayout.sectionHeading(section, index: index).split(separator: "\n").map(String.init)
            body += paragraph(heading[0], style: "Heading1")
            if heading.count > 1 { body += paragraph(heading[1], style: "Rule") }
            for item in PaperLayout.items(of: version, section: index) {
                body += paragraph("\(item.number). " + item.stem, style: "Stem")
                if !item.options.isEmpty {
                    let columns = PaperLayout.optionColumns(item.options)
                    let labelled = item.options.enumerated().map { "\(optionLabel($0)). \($1)" }
                    for start in stride(from: 0, to: labelled.count, by: columns) {
                        // Tab stops at quarters of the line: two columns skip every other stop.
                        let separator = columns == 2 ? "\t\t" : "\t"
                        body += paragraph(labelled[start..<min(start + columns, labelled.count)].joined(separator: separator), style: "Option")
                    }
                }
                if item.type == .trueFalse { body += paragraph("（　　）对\t\t（　　）错", style: "Option") }
                if item.type == .short {
                    for _ in 0..<4 { body += paragraph("", style: "Option") }
                }
            }
        }
        return try package(body: body, title: "\(paper.title) \(version.name)")
    }

    /// One paragraph; line breaks inside the text become `<w:br/>`, tabs `<w:tab/>`.
    static func paragraph(_ text: String, style: String) -> String {
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
        return "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/></w:pPr><w:r>\(runs)</w:r></w:p>\n"
    }

    static func package(body: String, title: String) throws(Failure) -> Data {
        let document = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            <w:body>
            \(body)<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1020" w:right="907" w:bottom="1134" w:left="907" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>
            </w:body>
            </w:document>
            """
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("docProps/core.xml", coreProperties(title: title)),
            ("word/document.xml", document),
            ("word/styles.xml", styles),
            ("word/footer1.xml", footer),
            ("word/_rels/document.xml.rels", documentRelationships),
        ]
        do {
            return try OfficePackage.zip(parts)
        } catch {
            throw Failure(reason: error.reason)
        }
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
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
        """

    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
        """

    static let documentRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>
        """

    /// Page number field: 第 N 页.
    static let footer = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">第 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p></w:ftr>
        """

    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体"/><w:sz w:val="22"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="320" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:after="120"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="36"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="24"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Fields"><w:name w:val="Fields"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:after="120"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Instructions"><w:name w:val="Instructions"/><w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:top w:val="single" w:sz="4" w:space="2" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="2" w:color="000000"/></w:pBdr></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="24"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Rule"><w:name w:val="Rule"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="19"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Stem"><w:name w:val="Stem"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="80"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Option"><w:name w:val="Option"/><w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="left" w:pos="2500"/><w:tab w:val="left" w:pos="5000"/><w:tab w:val="left" w:pos="7500"/></w:tabs><w:ind w:left="420"/></w:pPr></w:style>
        </w:styles>
        """
}
