import Foundation
import QuizModel

/// JSON files decoded with Foundation's JSONDecoder, every problem located (a `TableProblem` whose row is the
/// line): the syntax (and keys given twice) by `JSONReader`, a value of the wrong kind or a missing field at the
/// value or object in question, in words rather than a Swift dump of `DecodingError`.
public enum LocatedJSON {
    /// `T` from `bytes`, and the located tree it was read from.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(TableProblem) -> (value: T, tree: JSONValue) {
        let tree: JSONValue
        do {
            tree = try JSONReader.parse(bytes)
        } catch {
            throw TableProblem(row: error.line, column: error.column, chinese: error.chinese, english: error.english)
        }
        do {
            return (try JSONDecoder().decode(T.self, from: Data(bytes)), tree)
        } catch {
            throw problem(error, in: tree)
        }
    }

    /// The value at `path` (object keys and array indices) in `tree`, or the deepest one on the way.
    public static func value(at path: [any CodingKey], in tree: JSONValue) -> JSONValue {
        var current = tree
        for key in path {
            switch current.node {
            case .array(let items):
                guard let index = key.intValue, items.indices.contains(index) else { return current }
                current = items[index]
            case .object:
                guard let member = current[key.stringValue] else { return current }
                current = member
            default:
                return current
            }
        }
        return current
    }

    /// `error` from decoding `tree`, located and in words.
    public static func problem(_ error: any Error, in tree: JSONValue) -> TableProblem {
        func name(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : text
        }
        func at(_ keys: [any CodingKey], _ chinese: String, _ english: String) -> TableProblem {
            let found = value(at: keys, in: tree)
            return TableProblem(row: found.line, column: found.column, chinese: chinese, english: english)
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            let field = name(context.codingPath + [key])
            return at(context.codingPath, "缺少字段“\(field)”", "the field \(field) is missing")
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            let field = name(context.codingPath)
            return at(context.codingPath, "字段“\(field)”的值类型不对", "the field \(field) has a value of the wrong kind")
        case .dataCorrupted(let context)? where !context.codingPath.isEmpty:
            let field = name(context.codingPath)
            return at(context.codingPath, "字段“\(field)”的值无效", "the value of \(field) is not valid")
        default:
            return TableProblem(row: tree.line, column: tree.column, chinese: "无法解析", english: "cannot be decoded")
        }
    }
}
