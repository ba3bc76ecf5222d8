import BankFormats
import Foundation
import PaperAssembly
import QuizModel

/// The answer to one item as the candidate sees it: letters after option shuffling, 对/错, blanks, keywords.
public struct ItemKey: Hashable, Sendable {
    public var item: Paper.Item
    public var question: Question

    public init(item: Paper.Item, question: Question) {
        self.item = item
        self.question = question
    }

    /// Printed positions of the correct options, ascending (A = 0).
    public var correctPositions: [Int] {
        let correct: [Int]
        switch question.content {
        case .single(_, let answer): correct = [answer]
        case .multiple(_, let answers): correct = answers
        default: return []
        }
        let order = item.optionOrder ?? Array(question.content.options.indices)
        return correct.compactMap { order.firstIndex(of: $0) }.sorted()
    }

    /// The answer in `key.csv` form: `ACD`, `对`/`错`, `甲;甲'|乙` for blanks, `词(2);词` for keywords.
    public var csvAnswer: String {
        switch question.content {
        case .single, .multiple:
            return correctPositions.map(optionLabel).joined()
        case .trueFalse(let answer):
            return answer ? "对" : "错"
        case .fill(let blanks, _):
            return blanks.map { $0.alternatives.joined(separator: ";") }.joined(separator: "|")
        case .short(let reference, let keywords):
            if keywords.isEmpty { return reference ?? "" }
            return keywords.map { $0.weight == 1 ? $0.text : "\($0.text)(\(formatPoints($0.weight)))" }.joined(separator: ";")
        }
    }

    /// The answer in a key's compact grid: letters, √/×, the first accepted text of each blank, `见下` for a short
    /// answer.
    public var gridAnswer: String {
        switch question.content {
        case .single, .multiple: return csvAnswer
        case .trueFalse(let answer): return answer ? "√" : "×"
        case .fill(let blanks, _): return blanks.map { $0.alternatives.first ?? "" }.joined(separator: "；")
        case .short: return "见下"
        }
    }

    /// The answer as printed in the organizer's key.
    public var displayAnswer: String {
        switch question.content {
        case .single, .multiple: return csvAnswer
        case .trueFalse(let answer): return answer ? "对" : "错"
        case .fill(let blanks, let unordered):
            let text = blanks.enumerated().map { index, blank in
                "(\(index + 1)) " + blank.alternatives.joined(separator: " / ")
            }.joined(separator: "；")
            return unordered ? text + "（顺序不限）" : text
        case .short(let reference, let keywords):
            var parts: [String] = []
            if let reference { parts.append(reference) }
            if !keywords.isEmpty {
                parts.append("关键词：" + keywords.map { $0.weight == 1 ? $0.text : "\($0.text)（\(formatPoints($0.weight))）" }.joined(separator: "、"))
            }
            return parts.joined(separator: "\n")
        }
    }
}

/// `key.csv`: `version,number,id,type,answer,points,rule,order`, one row per item of every version. `rule` makes the
/// file enough to score with: the multiple-choice rule (`all`, `half`, `per-option:0.5`, `net`) or `any-order`
/// for blanks that may be answered in any order, `by-hand` for short answers without keywords; empty otherwise.
/// `order` is the bank's option behind each printed letter of a choice question (`CADB`). `AnswerKey` reads it back.
public func keyCSV(_ paper: Paper, questions: [String: Question]) -> String {
    var lines = [AnswerKey.header.joined(separator: ",")]
    for version in paper.versions {
        for item in version.items {
            guard let question = questions[item.id] else { continue }
            let key = ItemKey(item: item, question: question)
            var rule = item.rule?.text ?? ""
            if case .fill(_, true) = question.content { rule = AnswerKey.anyOrder }
            if case .short(_, let keywords) = question.content, keywords.isEmpty { rule = AnswerKey.byHand }
            let order = item.type == .single || item.type == .multiple
                ? (item.optionOrder ?? Array(question.content.options.indices)).map(optionLabel).joined() : ""
            lines.append(
                [version.name, String(item.number), item.id, keyTypeName(item.type), key.csvAnswer, formatPoints(item.points), rule, order]
                    .map(csvField).joined(separator: ","))
        }
    }
    return lines.joined(separator: "\r\n") + "\r\n"
}

/// `sheet-template.csv`: the header of the answer sheets the scorer reads, `id,name,unit,version,1,2,…,N`.
public func sheetTemplateCSV(_ paper: Paper) -> String {
    let count = paper.versions.map(\.items.count).max() ?? 0
    return (["id", "name", "unit", "version"] + (1...max(count, 1)).map(String.init)).joined(separator: ",") + "\r\n"
}
