import BankFormats
import Foundation
import QuizModel
import Testing

@testable import PaperAssembly
@testable import PaperRendering

@Suite("Written papers: formats, keys, no answers for candidates, atomic folders")
struct PaperOutputTests {
    /// The shipped bank and blueprint, as `kaoxue paper generate` uses them.
    static func shipped() throws -> (Paper, [String: Question]) {
        let loaded = try BankLoader.load(paths: [repositoryURL().appendingPathComponent("QuestionBanks").path])
        let blueprint = try BlueprintReader.read(yaml: try fixtureText("monthly.yaml"))
        let paper = try PaperSolver(questions: loaded.bank.questions, blueprint: blueprint, seed: 11)
            .generate(bankHash: PaperHashes.bank(loaded.bank.questions), blueprintHash: PaperHashes.blueprint(blueprint), kaoxueVersion: "test")
            .get()
        return (paper, Dictionary(uniqueKeysWithValues: loaded.bank.questions.map { ($0.id, $0) }))
    }

    @Test func candidateFilesHoldNoAnswers() throws {
        let (paper, questions) = try Self.shipped()
        let folders = try PaperOutput.files(paper, questions: questions, formats: [.md, .html, .docx])
        #expect(folders.handout.map(\.0) == [
            "paper.json", "sheet-template.csv", "paper-A.md", "paper-A.html", "paper-A.docx", "paper-B.md", "paper-B.html", "paper-B.docx",
        ])
        #expect(folders.organizer.map(\.0) == [
            "key.csv", "blueprint-report.md", "blueprint-report.html", "key-A.html", "key-A.docx", "key-A.md", "key-B.html", "key-B.docx", "key-B.md",
        ])
        // Everything handed out is free of answers, explanations and option positions.
        for (name, data) in folders.handout where !name.hasSuffix(".docx") {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("答案："), "\(name)")
            #expect(!text.contains("解析"), "\(name)")
            for item in paper.versions.flatMap(\.items) {
                if let explanation = questions[item.id]?.explanation { #expect(!text.contains(explanation), "\(name)") }
            }
        }
        let json = String(decoding: folders.handout[0].1, as: UTF8.self)
        #expect(!json.contains("explanation"))
        #expect(!json.contains("\"answer"))
        #expect(!json.contains("optionOrder"))
        let handed = try JSONDecoder().decode(Paper.self, from: folders.handout[0].1)
        #expect(handed.versions.allSatisfy { $0.items.allSatisfy { $0.optionOrder == nil } })
        // The organizer's key.csv carries the order instead, and reads back.
        let key = try AnswerKey.parse(String(decoding: folders.organizer[0].1, as: UTF8.self)).get()
        for version in paper.versions {
            for item in version.items where item.type == .single || item.type == .multiple {
                #expect(key.entry(version: version.name, number: item.number)?.optionOrder == item.optionOrder)
            }
        }
    }

    @Test func aSealLineIsPrintedWhenAsked() throws {
        var (paper, questions) = try Self.shipped()
        let version = paper.versions[0]
        #expect(!HTMLRenderer.paper(paper, version: version).contains("class=\"seal\""))
        #expect(!DocxWriter.documentXML(body: "", sealed: paper.sealLine == true).contains("w:headerReference"))
        paper.sealLine = true
        #expect(HTMLRenderer.paper(paper, version: version, questions: questions).contains("class=\"seal\""))
        #expect(MarkdownRenderer.paper(paper, version: version).contains(PaperLayout.sealWords))
        // The sealed paper's pages use the header that holds the seal, in a wider left margin, and its option tab
        // stops fit the narrower column.
        let text = DocxWriter.documentXML(body: DocxWriter.paperBody(paper, version: version, questions: questions), sealed: paper.sealLine == true)
        #expect(text.contains("<w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>"))
        #expect(text.contains("w:left=\"1701\""))
        #expect(text.contains("<w:tab w:val=\"left\" w:pos=\"\(420 + (9298 - 420) / 4)\"/>"))
        #expect(DocxWriter.sealHeader.contains("密　封　线") && DocxWriter.sealHeader.contains("btLr"))
    }

    @Test func keyCSVFollowsTheShuffledOptions() throws {
        let (paper, questions) = try Self.shipped()
        let csv = keyCSV(paper, questions: questions)
        let rows = csv.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows[0] == ["version", "number", "id", "type", "answer", "points", "rule", "order"])
        #expect(rows.count == 1 + paper.versions.reduce(0) { $0 + $1.items.count })
        for row in rows.dropFirst() where row[3] == "single" || row[3] == "multiple" {
            let item = paper.version(named: row[0])!.items[Int(row[1])! - 1]
            let question = questions[row[2]]!
            let printed = row[4].unicodeScalars.map { item.options[Int($0.value) - 65] }
            let correct: [Int]
            switch question.content {
            case .single(_, let answer): correct = [answer]
            case .multiple(_, let answers): correct = answers
            default: correct = []
            }
            #expect(Set(printed) == Set(correct.map { question.content.options[$0] }))
            // order: the bank's option behind each printed letter.
            #expect(row[7].unicodeScalars.map { question.content.options[Int($0.value) - 65] } == item.options)
        }
        #expect(rows.dropFirst().allSatisfy { ["single", "multiple", "truefalse", "fill", "short"].contains($0[3]) })
        #expect(sheetTemplateCSV(paper) == "id,name,unit,version," + (1...23).map(String.init).joined(separator: ",") + "\r\n")
    }

    @Test func keyCSVReadsBackAsTheSameAnswers() throws {
        let (paper, questions) = try Self.shipped()
        let key = try AnswerKey.parse(keyCSV(paper, questions: questions)).get()
        #expect(key.versions == paper.versions.map(\.name))
        for version in paper.versions {
            for item in version.items {
                let entry = try #require(key.entry(version: version.name, number: item.number))
                let question = try #require(questions[item.id])
                #expect(entry.id == item.id && entry.type == item.type && entry.points == item.points)
                switch (question.content, entry.answer) {
                case (.single, .choices(let positions)), (.multiple, .choices(let positions)):
                    #expect(positions == ItemKey(item: item, question: question).correctPositions)
                    #expect(entry.rule == (item.type == .multiple ? item.rule ?? .allOrNothing : nil))
                case (.trueFalse(let value), .trueFalse(let read)): #expect(value == read)
                case (.fill(let blanks, let anyOrder), .blanks(let read, let readAnyOrder)): #expect(blanks == read && anyOrder == readAnyOrder)
                case (.short(_, let keywords), .keywords(let read)): #expect(keywords == read)
                case (.short(let reference, let keywords), .reference(let read)): #expect(keywords.isEmpty && (reference ?? "") == read)
                default: Issue.record("item \(item.number) of \(version.name) read back as \(entry.answer)")
                }
            }
        }
    }

    @Test func csvFieldsAreQuoted() {
        #expect(csvField("甲;乙|丙") == "甲;乙|丙")
        #expect(csvField("a,b") == "\"a,b\"")
        #expect(csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
    }

    @Test func docxIsAZipOfWordprocessingML() throws {
        let (paper, _) = try Self.shipped()
        let data = try DocxWriter.paper(paper, version: paper.versions[0])
        #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        // The same paper gives the same bytes (fixed dates inside the ZIP).
        #expect(try DocxWriter.paper(paper, version: paper.versions[0]) == data)
        #expect(DocxWriter.escape("a<b&\u{1}c") == "a&lt;b&amp;c")
    }

    @Test func hashesIgnoreLayoutButNotContent() throws {
        let (paper, questions) = try Self.shipped()
        let bank = Array(questions.values)
        #expect(PaperHashes.bank(bank) == PaperHashes.bank(bank.reversed()))
        var changed = bank
        changed[0].stem += "！"
        #expect(PaperHashes.bank(changed) != PaperHashes.bank(bank))
        #expect(paper.manifest.bankHash == PaperHashes.bank(bank))
        #expect(paper.manifest.bankHash.count == 64)
    }
}
