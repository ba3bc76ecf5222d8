import QuizModel
import TextMatching

/// Stable ids for questions that have no explicit `编号`.
///
/// The id is `q` followed by 14 hex digits (the top 56 bits) of a 64-bit FNV-1a hash of the question's identity:
/// its family (choice, true/false, fill, short), its stem and its option texts, each folded for width, white space,
/// punctuation and letter case (`TextFolding`, options `.all`). Option texts are hashed as a set, so shuffled
/// options keep the id. Answers, explanations, topics and points are left out: correcting an answer key
/// or adding a 解析 does not turn a question into another one. Numbering, layout, field order and the
/// position in the file never enter the id, nor does the script: ideographs are hashed in their Simplified form
/// (`ScriptFolding`), so a question in Traditional characters has the id of its Simplified text, and converting a
/// bank with `bank convert --script` keeps every derived id.
public enum QuestionIdentity {
    /// The derived id of a question with this stem and content.
    public static func derivedID(stem: String, content: QuestionContent) -> String {
        derivedID(stem: stem, content: content, foldScript: true)
    }

    /// The id kaoxue before 0.3 derived, with Traditional characters hashed as they are; nil when it is the same
    /// as today's. Stored history under such an id is carried over to the new one (`StudyStore.carryHistory`).
    public static func idBeforeScriptFolding(of question: Question) -> String? {
        guard !question.hasExplicitID else { return nil }
        // Only Traditional-only characters hash differently: without one in the stem or options, nothing changed.
        guard ScriptFolding.hasTraditional(question.stem) || question.content.options.contains(where: ScriptFolding.hasTraditional)
        else { return nil }
        let old = derivedID(stem: question.stem, content: question.content, foldScript: false)
        return old == question.id ? nil : old
    }

    static func derivedID(stem: String, content: QuestionContent, foldScript: Bool) -> String {
        var hasher = FNV1a()
        hasher.add(byte: family(content))
        hasher.addFolded(stem, foldScript: foldScript)
        let options = content.options.map { option -> UInt64 in
            var optionHasher = FNV1a()
            optionHasher.addFolded(option, foldScript: foldScript)
            return optionHasher.value
        }
        for optionHash in options.sorted() { hasher.add(optionHash) }
        // 15 characters: Swift keeps such a string inline, without a heap allocation per question.
        return "q" + hex(hasher.value >> 8)
    }

    private static func family(_ content: QuestionContent) -> UInt8 {
        switch content {
        case .single, .multiple: 1
        case .trueFalse: 2
        case .fill: 3
        case .short: 4
        }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 14 - digits.count) + digits
    }
}

/// 64-bit FNV-1a, a simple hash whose result is the same on every machine and in every run.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// The hash of `text`'s UTF-8 bytes.
    public static func hash(_ text: String) -> UInt64 {
        var hasher = FNV1a()
        for byte in text.utf8 { hasher.add(byte: byte) }
        return hasher.value
    }

    public mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    mutating func add(_ word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { add(byte: UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }

    /// Adds the UTF-8 bytes of `text` folded with `FoldingOptions.all`, then a separator.
    ///
    /// ASCII letters and digits are their own folding and go straight into the hash, CJK ideographs
    /// (U+3400–U+9FFF) in their Simplified form (`ScriptFolding`); everything else goes through `TextFolding.fold`.
    mutating func addFolded(_ text: String, foldScript: Bool = true) {
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x30...0x39, 0x61...0x7A:
                    add(byte: byte)
                    index += 1
                    continue
                case 0x41...0x5A:
                    add(byte: byte | 0x20)
                    index += 1
                    continue
                case 0xE3...0xE9 where index + 2 < bytes.count && (byte != 0xE3 || bytes[index + 1] >= 0x90):
                    // An ideograph (U+3400–U+9FFF), in its Simplified form: one id for both scripts.
                    let value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                    let simple = foldScript ? ScriptFolding.simplified(value) : value
                    if simple == value {
                        add(byte: byte)
                        add(byte: bytes[index + 1])
                        add(byte: bytes[index + 2])
                    } else {
                        add(byte: 0xE0 | UInt8(simple >> 12))
                        add(byte: 0x80 | UInt8((simple >> 6) & 0x3F))
                        add(byte: 0x80 | UInt8(simple & 0x3F))
                    }
                    index += 3
                    continue
                default:
                    break
                }
                // Decode one scalar and fold it the general way.
                let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                var decoder = UTF8()
                var iterator = UnsafeBufferPointer(rebasing: bytes[index..<min(index + length, bytes.count)]).makeIterator()
                if case .scalarValue(let scalar) = decoder.decode(&iterator),
                    let folded = TextFolding.fold(scalar, options: .all)
                {
                    for foldedByte in UTF8.encode(folded)! { add(byte: foldedByte) }
                }
                index += length
            }
        }
        add(byte: 0)
    }
}
