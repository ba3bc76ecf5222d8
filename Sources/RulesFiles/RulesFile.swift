import QuizModel
import Yams

/// A problem in a rules file (ledger rules, contest rules, game rules), at the YAML value it concerns, worded in
/// both languages.
public struct RulesDiagnostic: Error, Hashable, Sendable {
    public var line: Int
    public var column: Int
    /// The key path of the value, such as `kinds[3].capPerYear`.
    public var path: String
    public var chinese: String
    public var english: String

    public init(line: Int, column: Int, path: String, chinese: String, english: String) {
        self.line = line
        self.column = column
        self.path = path
        self.chinese = chinese
        self.english = english
    }

    /// `file:line:column: error: path: message`.
    public func rendered(file: String, language: DisplayLanguage) -> String {
        "\(file):\(line):\(column): " + language.pick("错误：", "error: ") + (path.isEmpty ? "" : "\(path): ")
            + language.pick(chinese, english)
    }
}

/// Every problem found in a rules file.
public struct RulesReadFailure: Error, Sendable {
    public var diagnostics: [RulesDiagnostic]

    public init(diagnostics: [RulesDiagnostic]) { self.diagnostics = diagnostics }
}

/// Reading a YAML rules file: the node tree with line and column kept, and checked values whose problems are
/// collected (one pass reports them all) instead of stopping at the first.
public struct RulesNodeReader {
    public private(set) var diagnostics: [RulesDiagnostic] = []

    public init() {}

    /// The YAML tree of `yaml`; a syntax error or an empty file is a located failure.
    public static func compose(yaml: String) throws(RulesReadFailure) -> Node {
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw RulesReadFailure(diagnostics: [RulesDiagnostic(line: 1, column: 1, path: "", chinese: "文件为空", english: "the file is empty")])
            }
            return node
        } catch let failure as RulesReadFailure {
            throw failure
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _),
            let YamlError.composer(_, problem, mark, _)
        {
            throw RulesReadFailure(diagnostics: [RulesDiagnostic(line: mark.line, column: mark.column, path: "", chinese: "YAML：\(problem)", english: "YAML: \(problem)")])
        } catch {
            throw RulesReadFailure(diagnostics: [RulesDiagnostic(line: 1, column: 1, path: "", chinese: "YAML：\(error)", english: "YAML: \(error)")])
        }
    }

    /// Records a problem at `node` (the file's start when nil).
    public mutating func fail(_ node: Node?, _ path: String, _ chinese: String, _ english: String) {
        diagnostics.append(RulesDiagnostic(line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, path: path, chinese: chinese, english: english))
    }

    /// The mapping's values by key; unknown keys are reported.
    public mutating func mapping(_ node: Node, _ path: String, allowed: Set<String>) -> [String: Node]? {
        guard let mapping = node.mapping else {
            fail(node, path, "应为映射（键: 值）", "expected a mapping (key: value)")
            return nil
        }
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                let known = allowed.sorted().joined(separator: ", ")
                let keyPath = path.isEmpty ? key.string ?? "" : "\(path).\(key.string ?? "")"
                if let near = key.string.flatMap({ closestName(to: $0, in: allowed) }) {
                    fail(key, keyPath, "未知的键（是不是 \(near)？）", "unknown key (did you mean \(near)?)")
                } else {
                    fail(key, keyPath, "未知的键（可用：\(known)）", "unknown key (known: \(known))")
                }
                continue
            }
            values[name] = value
        }
        return values
    }

    /// Reports `key` missing from `values` (read from `node`) when it is.
    public mutating func require(_ key: String, in values: [String: Node], of node: Node, _ path: String) {
        if values[key] == nil { fail(node, path.isEmpty ? key : "\(path).\(key)", "缺少 \(key)", "\(key) is missing") }
    }

    public mutating func text(_ node: Node?, _ path: String) -> String? {
        guard let node else { return nil }
        guard let text = node.scalar?.string, !text.isEmpty else {
            fail(node, path, "应为非空文字", "expected non-empty text")
            return nil
        }
        return text
    }

    /// A number written as a plain decimal (no exponent, `inf` or hexadecimal), at least 0 (above 0 when
    /// `positive`), at most `maximum` and with at most `decimals` decimals — a value past any of these is a typo
    /// or would overflow the arithmetic that uses it.
    public mutating func number(
        _ node: Node?, _ path: String, positive: Bool = false, maximum: Double = 1_000_000, decimals: Int = 4
    ) -> Double? {
        guard let node else { return nil }
        guard let scalar = node.scalar, let written = writtenDecimals(scalar.string), let value = Double(scalar.string),
            value >= 0, !(positive && value == 0), value <= maximum
        else {
            let bound = maximum.rounded() == maximum ? String(Int(maximum)) : String(maximum)
            fail(
                node, path, positive ? "应为不超过 \(bound) 的正数" : "应为 0 到 \(bound) 之间的数",
                positive ? "expected a positive number up to \(bound)" : "expected a number from 0 to \(bound)")
            return nil
        }
        guard written <= decimals else {
            fail(node, path, "最多 \(decimals) 位小数：“\(scalar.string)”", "at most \(decimals) decimals: \"\(scalar.string)\"")
            return nil
        }
        return value
    }

    /// A whole number in `range` (1…100 unless told).
    public mutating func integer(_ node: Node?, _ path: String, in range: ClosedRange<Int> = 1...100) -> Int? {
        guard let node else { return nil }
        guard let value = node.scalar.flatMap({ Int($0.string) }), range.contains(value) else {
            fail(node, path, "应为 \(range.lowerBound)–\(range.upperBound) 的整数", "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    public mutating func flag(_ node: Node?, _ path: String) -> Bool? {
        guard let node else { return nil }
        guard let value = node.bool else {
            fail(node, path, "应为 true 或 false", "expected true or false")
            return nil
        }
        return value
    }

    public mutating func names(_ node: Node?, _ path: String) -> [String] {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            fail(node, path, "应为列表", "expected a list")
            return []
        }
        return sequence.enumerated().compactMap { text($0.element, "\(path)[\($0.offset)]") }
    }

    /// The items of a non-empty list; nothing when `node` is absent.
    public mutating func sequence(_ node: Node?, _ path: String) -> [Node] {
        guard let node else { return [] }
        guard let sequence = node.sequence, !sequence.isEmpty else {
            fail(node, path, "应为非空列表", "expected a non-empty list")
            return []
        }
        return Array(sequence)
    }
}

extension RulesNodeReader {
    /// Reads a whole rules file: its YAML tree, then `body` over the root; every problem found is thrown, located.
    public static func read<Rules>(yaml: String, _ body: (inout RulesNodeReader, Node) -> Rules?) throws(RulesReadFailure) -> Rules {
        let root = try compose(yaml: yaml)
        var reader = RulesNodeReader()
        let rules = body(&reader, root)
        if let rules, reader.diagnostics.isEmpty { return rules }
        throw RulesReadFailure(diagnostics: reader.diagnostics)
    }

    /// A preset built into kaoxue: it must read, or the program itself is broken.
    public static func builtIn<Rules>(_ yaml: String, _ read: (String) throws(RulesReadFailure) -> Rules) -> Rules {
        do {
            return try read(yaml)
        } catch {
            fatalError("a built-in rules preset does not read: \(error.diagnostics)")
        }
    }
}

/// The number of decimals written in `text` (`12` → 0, `0.25` → 2), or nil when it is not a plain decimal
/// (an exponent, `inf`, hexadecimal).
public func writtenDecimals(_ text: String) -> Int? {
    var seenPoint = false
    var decimals = 0
    var digits = 0
    for (index, byte) in text.utf8.enumerated() {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            digits += 1
            if seenPoint { decimals += 1 }
        case UInt8(ascii: "."):
            if seenPoint { return nil }
            seenPoint = true
        case UInt8(ascii: "-"), UInt8(ascii: "+"):
            if index != 0 { return nil }
        default: return nil
        }
    }
    return digits > 0 ? decimals : nil
}
