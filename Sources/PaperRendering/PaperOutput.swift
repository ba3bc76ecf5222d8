import Foundation
import PaperAssembly
import QuizModel

/// Writes a generated paper's folder: every version in the chosen formats, the answer keys, `paper.json`,
/// `key.csv` and `sheet-template.csv` (written into the folder by `FileIO.OutputFolder`).
public enum PaperOutput {
    public enum Format: String, Sendable, CaseIterable {
        case md, html, docx
    }

    public struct Failure: Error, Sendable {
        public var path: String
        public var reason: String
    }

    /// The files of the folder, name → bytes, in a stable order; `csv` gives the bytes of the CSV files (UTF-8 with
    /// a BOM for Excel, GB18030, …).
    public static func files(
        _ paper: Paper, questions: [String: Question], formats: Set<Format>, csv: (String) -> Data = { Data($0.utf8) }
    ) throws(Failure) -> [(String, Data)] {
        var files: [(String, Data)] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let json = try? encoder.encode(paper) else { throw Failure(path: "paper.json", reason: "cannot encode") }
        files.append(("paper.json", json + Data("\n".utf8)))
        files.append(("key.csv", csv(keyCSV(paper, questions: questions))))
        files.append(("sheet-template.csv", csv(sheetTemplateCSV(paper))))
        for version in paper.versions {
            let name = version.name
            if formats.contains(.md) {
                files.append(("paper-\(name).md", Data(MarkdownRenderer.paper(paper, version: version).utf8)))
            }
            if formats.contains(.html) {
                files.append(("paper-\(name).html", Data(HTMLRenderer.paper(paper, version: version).utf8)))
                files.append(("key-\(name).html", Data(HTMLRenderer.key(paper, version: version, questions: questions).utf8)))
            }
            if formats.contains(.docx) {
                do {
                    files.append(("paper-\(name).docx", try DocxWriter.paper(paper, version: version)))
                } catch {
                    throw Failure(path: "paper-\(name).docx", reason: error.reason)
                }
            }
            files.append(("key-\(name).md", Data(MarkdownRenderer.key(paper, version: version, questions: questions).utf8)))
        }
        return files
    }
}
