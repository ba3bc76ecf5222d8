import Dispatch
import Foundation
import Synchronization
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
        // paper.json (task 0) and every version's files (task v + 1) are rendered on all cores; each task's files
        // land in its own slot, so the order is the same whatever finishes first.
        let slots = Mutex([Result<(handout: [(String, Data)], organizer: [(String, Data)]), Failure>?](repeating: nil, count: paper.versions.count + 1))
        DispatchQueue.concurrentPerform(iterations: paper.versions.count + 1) { task in
            let result: Result<(handout: [(String, Data)], organizer: [(String, Data)]), Failure>
            if task == 0 {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                if let json = try? encoder.encode(handedOut(paper)) {
                    result = .success(([("paper.json", json + Data("\n".utf8))], []))
                } else {
                    result = .failure(Failure(path: "paper.json", reason: "cannot encode"))
                }
            } else {
                result = Result { () throws(Failure) in try versionFiles(paper, version: paper.versions[task - 1], questions: questions, formats: formats) }
            }
            slots.withLock { $0[task] = result }
        }
        var handout: [(String, Data)] = []
        var organizer: [(String, Data)] = [
            ("key.csv", csv(keyCSV(paper, questions: questions))),
            ("blueprint-report.md", Data(BlueprintReport.markdown(paper).utf8)),
            ("blueprint-report.html", Data(BlueprintReport.html(paper).utf8)),
        ]
        for (task, slot) in slots.withLock({ $0 }).enumerated() {
            guard case .success(let files)? = slot else {
                if case .failure(let failure)? = slot { throw failure }
                continue
            }
            handout += files.handout
            organizer += files.organizer
            if task == 0 { handout.append(("sheet-template.csv", csv(sheetTemplateCSV(paper)))) }
        }
        return Folders(handout: handout, organizer: organizer)
    }

    /// One version's papers and keys in `formats` (its Markdown key always).
    static func versionFiles(
        _ paper: Paper, version: Paper.Version, questions: [String: Question], formats: Set<Format>
    ) throws(Failure) -> (handout: [(String, Data)], organizer: [(String, Data)]) {
        var handout: [(String, Data)] = []
        var organizer: [(String, Data)] = []
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
        return (handout, organizer)
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
