/// A JSON value with the line and column it starts at, so that a problem in a JSON file (a bank, a paper, a
/// result) is reported where a person finds it (Foundation's JSONSerialization and JSONDecoder tell neither).
public indirect enum JSONNode: Sendable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
}

public struct JSONValue: Sendable {
    public var node: JSONNode
    public var line: Int
    public var column: Int
    /// A number as written in the file (`8`, `8.0`, `1e1`), for readers that must tell spellings apart.
    public var literal: String?

    /// The member `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = node else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var kindName: (chinese: String, english: String) {
        switch node {
        case .object: ("对象", "an object")
        case .array: ("数组", "an array")
        case .string: ("字符串", "a string")
        case .number: ("数字", "a number")
        case .bool: ("true/false", "true/false")
        case .null: ("null", "null")
        }
    }
}

/// A syntax error in JSON text, at a line and column.
public struct JSONSyntaxError: Error, Sendable {
    public var line: Int
    public var column: Int
    public var chinese: String
    public var english: String
}

/// RFC 8259 JSON, read byte by byte with positions (columns count Unicode scalars). A key given twice in one
/// object is an error (readers disagree on which one counts: JSONDecoder the first, jq, Python and JavaScript the
/// last), as are the noncharacters no other file kaoxue writes can carry.
public struct JSONReader {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var lineStart = 0
    var depth = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            index = 3
            lineStart = 3
        }
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONReader(bytes)
        if let bad = TextDecoder.firstInvalidUTF8(bytes) {
            reader.index = bad
            var position = 0
            while position < bad {
                if bytes[position] == 0x0A {
                    reader.line += 1
                    reader.lineStart = position + 1
                }
                position += 1
            }
            throw reader.error("文件不是 UTF-8 编码", "the file is not UTF-8")
        }
        if let bad = TextDecoder.firstNoncharacter(bytes) {
            let place = TextDecoder.lineAndColumn(of: bad.offset, in: bytes)
            throw JSONSyntaxError(
                line: place.line, column: place.column, chinese: BankProblem.noncharacter(codePoint: bad.codePoint).message(in: .zhHans),
                english: BankProblem.noncharacter(codePoint: bad.codePoint).message(in: .en))
        }
        reader.skipSpace()
        let value = try reader.value()
        reader.skipSpace()
        if reader.index < bytes.count { throw reader.error("JSON 值之后还有多余内容", "unexpected text after the JSON value") }
        return value
    }

    var column: Int {
        // Columns in scalars: count the bytes that start a scalar.
        var count = 1
        var position = lineStart
        while position < index {
            if bytes[position] & 0xC0 != 0x80 { count += 1 }
            position += 1
        }
        return count
    }

    func error(_ chinese: String, _ english: String) -> JSONSyntaxError {
        JSONSyntaxError(line: line, column: column, chinese: "JSON 语法错误：" + chinese, english: "JSON syntax error: " + english)
    }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw error("文件意外结束", "unexpected end of the file") }
        let (startLine, startColumn) = (line, column)
        func made(_ node: JSONNode) -> JSONValue { JSONValue(node: node, line: startLine, column: startColumn) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            depth += 1
            defer { depth -= 1 }
            guard depth < 512 else { throw error("嵌套过深", "nested too deeply") }
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return made(.object(members))
            }
            var keys: [String: Int] = [:]
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("应为用引号括起的键名", "expected a quoted key") }
                let keyLine = line
                let keyStart = index
                let key = try string()
                if let first = keys[key] {
                    index = keyStart
                    throw error("键“\(key)”重复（第 \(first) 行已有）", "the key \"\(key)\" repeats (first on line \(first))")
                }
                keys[key] = keyLine
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("键名之后应为冒号", "expected ':' after the key") }
                index += 1
                skipSpace()
                members.append((key, try value()))
                skipSpace()
                guard index < bytes.count else { throw error("对象没有结束（缺少 }）", "the object is not closed (missing '}')") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return made(.object(members))
                }
                throw error("应为逗号或 }", "expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            depth += 1
            defer { depth -= 1 }
            guard depth < 512 else { throw error("嵌套过深", "nested too deeply") }
            index += 1
            var items: [JSONValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return made(.array(items))
            }
            while true {
                skipSpace()
                items.append(try value())
                skipSpace()
                guard index < bytes.count else { throw error("数组没有结束（缺少 ]）", "the array is not closed (missing ']')") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return made(.array(items))
                }
                throw error("应为逗号或 ]", "expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return made(.string(try string()))
        case UInt8(ascii: "t"):
            try literal("true")
            return made(.bool(true))
        case UInt8(ascii: "f"):
            try literal("false")
            return made(.bool(false))
        case UInt8(ascii: "n"):
            try literal("null")
            return made(.null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let number = Double(text), number.isFinite else {
                index = start
                throw error("“\(text)”不是数字", "\"\(text)\" is not a number")
            }
            var written = made(.number(number))
            written.literal = text
            return written
        default:
            throw error("此处不能出现“\(String(decoding: bytes[index..<min(index + 1, bytes.count)], as: UTF8.self))”", "unexpected character")
        }
    }

    mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<(index + expected.count)]) == expected else {
            throw error("应为 \(word)", "expected \(word)")
        }
        index += expected.count
    }

    /// A string at `index` (which holds the opening quote).
    mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("字符串没有结束（缺少引号）", "the string is not closed (missing '\"')") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else { throw error("字符串没有结束", "the string is not closed") }
                let escape = bytes[index + 1]
                index += 2
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("无效的 UTF-16 代理对", "invalid UTF-16 surrogate pair") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("无效的 \\u 转义", "invalid \\u escape") }
                    out += Array(String(Character(scalar)).utf8)
                default:
                    index -= 2
                    throw error("无效的转义", "invalid escape")
                }
            case 0x00..<0x20:
                throw error("字符串中有未转义的控制字符（换行应写作 \\n）", "a control character in a string (write a line break as \\n)")
            default:
                out.append(byte)
                index += 1
            }
        }
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - index >= 4, let code = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
            throw error("\\u 之后应为 4 位十六进制数", "\\u needs 4 hex digits")
        }
        index += 4
        return code
    }
}

/// JSON text for a string: quotes, backslashes and control characters escaped; everything else as is (UTF-8).
public func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
