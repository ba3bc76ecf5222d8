/// What `TextFolding.fold` erases before two texts are compared.
public struct FoldingOptions: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Full-width ASCII forms (ＡＢＣ１２３，) become half-width; the ideographic space becomes a space.
    public static let width = FoldingOptions(rawValue: 1 << 0)
    /// All white space is removed.
    public static let whitespace = FoldingOptions(rawValue: 1 << 1)
    /// Punctuation and symbols (，。、“”《》!?…) are removed.
    public static let punctuation = FoldingOptions(rawValue: 1 << 2)
    /// ASCII letters are lower-cased.
    public static let caseInsensitive = FoldingOptions(rawValue: 1 << 3)

    /// What answer matching and duplicate detection use by default: width, spaces and case.
    public static let standard: FoldingOptions = [.width, .whitespace, .caseInsensitive]
    /// Everything: width, spaces, case and punctuation.
    public static let all: FoldingOptions = [.width, .whitespace, .punctuation, .caseInsensitive]
}

/// Folding of the differences that do not change meaning in Chinese answers and stems:
/// full-/half-width forms, white space, punctuation, letter case. Defined on Unicode properties,
/// not on a hand-made table: width folding is the Unicode decomposition `<wide>` of the Halfwidth and
/// Fullwidth Forms block, punctuation is the general categories P* and S*.
public enum TextFolding {
    /// Returns `text` with the differences named in `options` erased.
    ///
    /// - Complexity: O(n) in the number of Unicode scalars.
    public static func fold(_ text: String, options: FoldingOptions = .standard) -> String {
        var result = String.UnicodeScalarView()
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let folded = fold(scalar, options: options) { result.append(folded) }
        }
        return String(result)
    }

    /// One scalar folded: nil when `options` erase it.
    ///
    /// ASCII letters and digits and CJK ideographs take a fast path without Unicode property look-ups.
    @inline(__always)
    public static func fold(_ scalar: UnicodeScalar, options: FoldingOptions) -> UnicodeScalar? {
        var value = scalar.value
        if (0x4E00...0x9FFF).contains(value) { return scalar }
        if options.contains(.width), (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }
        if value < 0x80 {
            // ASCII by its classes, with no property look-up (these are exactly Unicode's: white space 09–0D and 20,
            // every other printable non-alphanumeric a P* or S*, the rest controls).
            switch value {
            case 0x30...0x39, 0x61...0x7A: return UnicodeScalar(value)
            case 0x41...0x5A: return UnicodeScalar(options.contains(.caseInsensitive) ? value + 0x20 : value)
            case 0x09...0x0D, 0x20: return options.contains(.whitespace) ? nil : UnicodeScalar(value)
            case 0x21...0x7E: return options.contains(.punctuation) ? nil : UnicodeScalar(value)
            default: return UnicodeScalar(value)
            }
        }
        if (0x3000...0x303F).contains(value) {
            // CJK punctuation (、。「」…) from a table made once from the same properties.
            let kind = cjkSymbolsAndPunctuation[Int(value - 0x3000)]
            if kind == 1 { return options.contains(.whitespace) ? nil : (options.contains(.width) ? " " : scalar) }
            if kind == 2, options.contains(.punctuation) { return nil }
            return scalar
        }
        var folded = UnicodeScalar(value)!
        if options.contains(.width), value == 0x3000 { folded = " " }
        if options.contains(.whitespace), folded.properties.isWhitespace { return nil }
        if options.contains(.punctuation), isPunctuationOrSymbol(folded) { return nil }
        return folded
    }

    /// The half-width (or ordinary) form of a full-width character; other characters unchanged.
    public static func halfWidth(_ scalar: UnicodeScalar) -> UnicodeScalar {
        switch scalar.value {
        case 0xFF01...0xFF5E: UnicodeScalar(scalar.value - 0xFEE0)!
        case 0x3000: " "
        default: scalar
        }
    }

    /// U+3000…U+303F: 1 for white space (U+3000), 2 for punctuation and symbols, 0 for the rest.
    private static let cjkSymbolsAndPunctuation: [UInt8] = (0x3000...0x303F).map { value in
        let scalar = UnicodeScalar(UInt32(value))!
        return scalar.properties.isWhitespace ? 1 : isPunctuationOrSymbol(scalar) ? 2 : 0
    }

    /// True for Unicode punctuation (P*) and symbols (S*), which carry no meaning in a compared answer.
    public static func isPunctuationOrSymbol(_ scalar: UnicodeScalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            true
        default:
            false
        }
    }
}
