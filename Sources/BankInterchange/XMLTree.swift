import BankFormats
import Foundation
import Spreadsheets
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML element read into memory with the line it starts on and its path (`/quiz/question[3]/answer[2]`),
/// so that every problem in an XML bank names the element a person can find.
final class XMLNode {
    let name: String
    let attributes: [String: String]
    let line: Int
    let path: String
    var children: [XMLNode] = []
    /// Character data directly inside the element (CDATA included), in order.
    var text = ""
    /// Text and child elements in document order (mixed content such as a QTI item body).
    var pieces: [XMLPiece] = []

    init(name: String, attributes: [String: String], line: Int, path: String) {
        self.name = name
        self.attributes = attributes
        self.line = line
        self.path = path
    }

    /// The name without a namespace prefix (`w:p` → `p`).
    var localName: String { name.split(separator: ":").last.map(String.init) ?? name }

    func child(_ name: String) -> XMLNode? { children.first { $0.localName == name } }

    /// Whether an element called one of `names` is anywhere below this one.
    func containsElement(named names: Set<String>) -> Bool {
        children.contains { names.contains($0.localName) || $0.containsElement(named: names) }
    }
    func children(_ name: String) -> [XMLNode] { children.filter { $0.localName == name } }

    /// The text of `<name><text>…</text></name>` (Moodle's way of holding texts), or of `<name>…</name>`.
    func textOf(_ name: String) -> String? {
        guard let element = child(name) else { return nil }
        return element.child("text")?.text ?? element.text
    }

    /// All text inside the element and its descendants, in document order.
    var allText: String {
        var out = text
        for child in children { out += child.allText }
        return out
    }

    var location: ConversionLocation { .element(path: path, line: line) }
}

/// A piece of mixed content.
enum XMLPiece {
    case text(String)
    case element(XMLNode)
}

/// Why XML could not be read: the line and column the parser stopped at, and libxml2's error code.
struct XMLReadError: Error {
    var line: Int
    var column: Int
    /// libxml2's `xmlParserErrors` value; nil when the document has no root element.
    var code: Int?
    /// `code` of bytes that are not UTF-8, found before libxml2 sees them.
    static let notUTF8 = -1
    /// `code` of elements nested deeper than `XMLTreeReader.deepest`.
    static let tooDeep = -2
    /// `code` of an entity declaration (`<!ENTITY`), which libxml2 would expand or silently drop.
    static let entityDeclaration = -3
    /// `code` of a Unicode noncharacter (`codePoint`), which XML cannot carry.
    static let noncharacter = -4
    var codePoint: UInt32?

    /// The common errors in words (both languages), the others by their libxml2 code.
    var reason: (chinese: String, english: String) {
        switch code {
        case nil, 4?: ("文档是空的", "the document is empty")
        case 5?: ("文档提前结束，或根元素之后还有内容", "the document ends early or has content after its root element")
        case 9?: ("有 XML 不允许的字符", "a character XML does not allow")
        case Self.notUTF8?: ("有不是 UTF-8 的字节（文件可能损坏，或以其他编码保存）", "bytes that are not UTF-8 (the file is damaged or saved in another encoding)")
        case Self.noncharacter?:
            (BankProblem.noncharacter(codePoint: codePoint ?? 0xFFFE).message(in: .zhHans), BankProblem.noncharacter(codePoint: codePoint ?? 0xFFFE).message(in: .en))
        case Self.entityDeclaration?:
            ("声明了实体（<!ENTITY …>）：kaoxue 不展开自定义实体，请直接写出文字", "an entity declaration (<!ENTITY …>): kaoxue expands no entities of a file's own; write the text out")
        case Self.tooDeep?:
            ("元素嵌套超过 \(XMLTreeReader.deepest) 层（题库不会这样深，文件可能损坏或是恶意构造）",
                "elements nested more than \(XMLTreeReader.deepest) deep (no bank is; the file is damaged or crafted)")
        case 23?, 24?, 26?, 68?: ("& 或 < 用法不对（文字中的 & 应写作 &amp;，< 应写作 &lt;）", "a stray & or < (write &amp; and &lt; in text)")
        case 73?, 77?: ("标签没有结束", "a tag is not closed")
        case 76?: ("开始标签与结束标签不匹配", "an opening and an ending tag do not match")
        case let other?: ("libxml2 错误 \(other)", "libxml2 error \(other)")
        }
    }

    /// The problem at `location`, worded for a bank file.
    func message(at location: ConversionLocation) -> LocatedMessage {
        LocatedMessage(location: location, chinese: "XML 格式错误：" + reason.chinese, english: "malformed XML: " + reason.english)
    }
}

/// Reads XML into `XMLNode`s with Foundation's XMLParser (libxml2).
enum XMLTreeReader {
    /// The deepest nesting read (a Moodle question is 5 deep, a Word table in a table about 12): deeper documents
    /// are refused as they are read, before a tree of them (and its paths) grows without bound.
    static let deepest = 256

    /// - Parameter topLevel: when given, each child of the root is handed to it as soon as it is complete and not kept
    ///   in the tree, so that a large document (a Moodle export of 100,000 questions) is never whole in memory.
    static func parse(_ data: Data, topLevel: ((XMLNode) -> Void)? = nil) throws(XMLReadError) -> XMLNode {
        if let place = PackageSafety.invalidUTF8(inXML: data) {
            throw XMLReadError(line: place.line, column: place.column, code: XMLReadError.notUTF8)
        }
        // U+FFFE and the other noncharacters are not XML characters; libxml2 lets some through (in CDATA). An
        // entity of the file's own is refused where it is declared: libxml2 would expand it (a billion laughs) or,
        // not expanding it, drop every use of it without a word.
        if !data.starts(with: [0xFE, 0xFF]), !data.starts(with: [0xFF, 0xFE]) {
            let bytes = [UInt8](data)
            if let declaration = bytes.indices.first(where: { bytes[$0] == 0x3C && bytes[$0...].starts(with: Array("<!ENTITY".utf8)) }) {
                let place = TextDecoder.lineAndColumn(of: declaration, in: bytes)
                throw XMLReadError(line: place.line, column: place.column, code: XMLReadError.entityDeclaration)
            }
            if TextDecoder.firstInvalidUTF8(bytes) == nil, let bad = TextDecoder.firstNoncharacter(bytes) {
                let place = TextDecoder.lineAndColumn(of: bad.offset, in: bytes)
                throw XMLReadError(line: place.line, column: place.column, code: XMLReadError.noncharacter, codePoint: bad.codePoint)
            }
        }
        let builder = Builder()
        builder.topLevel = topLevel
        let parser = XLSXReader.parser(data)
        parser.delegate = builder
        builder.parser = parser
        let finished = parser.parse()
        // swift-corelibs-foundation's parse() can return true after an error: parserError is what tells.
        if let depth = builder.tooDeepAt {
            throw XMLReadError(line: depth.line, column: depth.column, code: XMLReadError.tooDeep)
        }
        if !finished || parser.parserError != nil || builder.root == nil {
            let code = parser.parserError.map { ($0 as NSError).code }
            throw XMLReadError(line: max(1, parser.lineNumber), column: max(1, parser.columnNumber), code: code)
        }
        return builder.root!
    }

    final class Builder: NSObject, XMLParserDelegate {
        weak var parser: XMLParser?
        var topLevel: ((XMLNode) -> Void)?
        var root: XMLNode?
        var stack: [XMLNode] = []
        /// Per open element, how many children of each name it has had so far (for `[n]` in paths).
        var counts: [[String: Int]] = [[:]]
        /// Where an element opened deeper than `deepest` (the parse was aborted there).
        var tooDeepAt: (line: Int, column: Int)?

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            guard stack.count < XMLTreeReader.deepest else {
                if tooDeepAt == nil { tooDeepAt = (max(1, parser.lineNumber), max(1, parser.columnNumber)) }
                parser.abortParsing()
                return
            }
            let index = (counts[counts.count - 1][element] ?? 0) + 1
            counts[counts.count - 1][element] = index
            let parentPath = stack.last?.path ?? ""
            let node = XMLNode(name: element, attributes: attributes, line: parser.lineNumber, path: parentPath + "/" + element + (stack.isEmpty ? "" : "[\(index)]"))
            stack.last?.children.append(node)
            stack.last?.pieces.append(.element(node))
            if root == nil { root = node }
            stack.append(node)
            counts.append([:])
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            guard tooDeepAt == nil, !stack.isEmpty else { return }
            let node = stack.removeLast()
            counts.removeLast()
            if stack.count == 1, let topLevel, let parent = stack.last {
                topLevel(node)
                parent.children.removeLast()
                parent.pieces.removeLast()
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { add(string) }

        func parser(_ parser: XMLParser, foundCDATA block: Data) { add(String(decoding: block, as: UTF8.self)) }

        func add(_ string: String) {
            guard let node = stack.last else { return }
            node.text += string
            if case .text(let previous) = node.pieces.last {
                node.pieces[node.pieces.count - 1] = .text(previous + string)
            } else {
                node.pieces.append(.text(string))
            }
        }
    }
}

/// Text in CDATA (a `]]>` inside split across two sections), control characters XML forbids left out.
func cdata(_ text: String) -> String {
    // The common case: nothing to leave out or split.
    if !text.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }), !text.contains("]]>") {
        return "<![CDATA[" + text + "]]>"
    }
    var clean = ""
    for scalar in text.unicodeScalars where !(scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") {
        clean.unicodeScalars.append(scalar)
    }
    return "<![CDATA[" + clean.replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
}

/// The parts of a ZIP package (a .docx, a QTI content package) by name.
struct PackageParts {
    private let archive: Archive
    /// Entries by name, found once (the archive's subscript searches them all every time).
    private var entries: [String: Entry] = [:]

    /// nil when `data` is not a ZIP archive.
    init?(_ data: Data) {
        guard PackageSafety.zipProblem(in: data) == nil, let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil) else { return nil }
        self.archive = archive
        for entry in archive where entries[entry.path] == nil { entries[entry.path] = entry }
    }

    /// The bytes of part `name`; nil when there is no such part or it cannot be inflated.
    func data(_ name: String) -> Data? {
        guard let entry = entries[name] else { return nil }
        var bytes = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { bytes.append($0) }
        } catch {
            return nil
        }
        return bytes
    }

    /// Part `name` read as XML, or the problem (located in the part) why it cannot be.
    func xml(_ name: String) -> Result<XMLNode, LocatedMessage>? {
        guard let bytes = data(name) else { return nil }
        do throws(XMLReadError) {
            return .success(try XMLTreeReader.parse(bytes))
        } catch {
            return .failure(error.message(at: .part(name: name, path: "", line: error.line)))
        }
    }
}
