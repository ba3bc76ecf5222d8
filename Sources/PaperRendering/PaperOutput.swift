import Foundation
import PaperAssembly
import QuizModel

/// Writes a generated paper's folder: every version in the chosen formats, the answer keys, `paper.json`,
/// `key.csv` and `sheet-template.csv`. All files appear together or not at all.
public enum PaperOutput {
    public enum Format: String, Sendable, CaseIterable {
        case md, html, docx
    }

    public struct Failure: Error, Sendable {
        public var path: String
        public var reason: String
    }

    /// The files of the folder, name → bytes, in a stable order.
    public static func files(_ paper: Paper, questions: [String: Question], formats: Set<Format>) throws(Failure) -> [(String, Data)] {
        var files: [(String, Data)] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let json = try? encoder.encode(paper) else { throw Failure(path: "paper.json", reason: "cannot encode") }
        files.append(("paper.json", json + Data("\n".utf8)))
        files.append(("key.csv", Data(keyCSV(paper, questions: questions).utf8)))
        files.append(("sheet-template.csv", Data(sheetTemplateCSV(paper).utf8)))
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

    /// Writes `files` as the folder `directory`, replacing an earlier folder of that name only once every file
    /// is written: a failure leaves no partial folder behind. `streamed` files are written by their closure
    /// (given the file's path) rather than held in memory.
    public static func write(_ files: [(String, Data)], streamed: [(String, (String) throws -> Void)] = [], to directory: URL) throws(Failure) {
        let manager = FileManager.default
        let parent = directory.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(directory.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            if manager.fileExists(atPath: staging.path) { try manager.removeItem(at: staging) }
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
            for (name, data) in files {
                try data.write(to: staging.appendingPathComponent(name), options: .atomic)
            }
            for (name, write) in streamed { try write(staging.appendingPathComponent(name).path) }
            if manager.fileExists(atPath: directory.path) { try manager.removeItem(at: directory) }
            try manager.moveItem(at: staging, to: directory)
        } catch {
            try? manager.removeItem(at: staging)
            throw Failure(path: directory.path, reason: error.localizedDescription)
        }
    }
}
