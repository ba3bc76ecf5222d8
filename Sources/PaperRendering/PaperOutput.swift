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

    /// A paper's files in two folders: what is handed out and what stays with the organizer.
    public struct Folders: Sendable {
        /// `handout/`: `paper.json` (without option positions), `paper-V.{md,html,docx}`, `sheet-template.csv`.
        public var handout: [(String, Data)]
        /// `organizer/`: `key.csv` (with each item's option order), `key-V.{md,html,docx}` (an answer grid first),
        /// `blueprint-report.{md,html}`.
        public var organizer: [(String, Data)]
    }

    /// The folder names under `--out`.
    public static let handoutFolder = "handout"
    public static let organizerFolder = "organizer"

    /// The files of both folders, name → bytes, in a stable order; `csv` gives the bytes of the CSV files (UTF-8
    /// with a BOM for Excel, GB18030, …).
    public static func files(
        _ paper: Paper, questions: [String: Question], formats: Set<Format>, csv: (String) -> Data = { Data($0.utf8) }
    ) throws(Failure) -> Folders {
        var handout: [(String, Data)] = []
        var organizer: [(String, Data)] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let json = try? encoder.encode(handedOut(paper)) else { throw Failure(path: "paper.json", reason: "cannot encode") }
        handout.append(("paper.json", json + Data("\n".utf8)))
        handout.append(("sheet-template.csv", csv(sheetTemplateCSV(paper))))
        organizer.append(("key.csv", csv(keyCSV(paper, questions: questions))))
        organizer.append(("blueprint-report.md", Data(BlueprintReport.markdown(paper).utf8)))
        organizer.append(("blueprint-report.html", Data(BlueprintReport.html(paper).utf8)))
        for version in paper.versions {
            let name = version.name
            if formats.contains(.md) {
                handout.append(("paper-\(name).md", Data(MarkdownRenderer.paper(paper, version: version, questions: questions).utf8)))
            }
            if formats.contains(.html) {
                handout.append(("paper-\(name).html", Data(HTMLRenderer.paper(paper, version: version, questions: questions).utf8)))
                organizer.append(("key-\(name).html", Data(HTMLRenderer.key(paper, version: version, questions: questions).utf8)))
            }
            if formats.contains(.docx) {
                do {
                    handout.append(("paper-\(name).docx", try DocxWriter.paper(paper, version: version, questions: questions)))
                    organizer.append(("key-\(name).docx", try DocxWriter.key(paper, version: version, questions: questions)))
                } catch {
                    throw Failure(path: "paper-\(name).docx", reason: error.reason)
                }
            }
            organizer.append(("key-\(name).md", Data(MarkdownRenderer.key(paper, version: version, questions: questions).utf8)))
        }
        return Folders(handout: handout, organizer: organizer)
    }

    /// The paper as handed out: no item carries its option order.
    public static func handedOut(_ paper: Paper) -> Paper {
        var copy = paper
        for v in copy.versions.indices {
            for i in copy.versions[v].items.indices { copy.versions[v].items[i].optionOrder = nil }
        }
        return copy
    }
}
