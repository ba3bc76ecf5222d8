import BankFormats
import Crypto
import Foundation
import QuizModel

/// The hashes a paper's manifest records, so that anyone can check which bank and blueprint made it.
public enum PaperHashes {
    /// SHA-256 (hex) of the questions in the native format's canonical form, ordered by id: the same questions
    /// give the same hash however the bank files are laid out or ordered.
    public static func bank(_ questions: [Question]) -> String {
        var canonical = questions.sorted { $0.id < $1.id }
        // Derived ids are re-derived from content; write every id so that an id change shows in the hash.
        for index in canonical.indices { canonical[index].hasExplicitID = true }
        return hex(SHA256.hash(data: Data(NativeBankWriter.write(canonical).utf8)))
    }

    /// SHA-256 (hex) of the blueprint as canonical JSON (sorted keys): YAML layout and comments do not count.
    public static func blueprint(_ blueprint: Blueprint) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return hex(SHA256.hash(data: (try? encoder.encode(blueprint)) ?? Data()))
    }

    /// The default seed of a blueprint: its hash's first 8 bytes, so the same blueprint gives the same paper.
    public static func defaultSeed(for blueprintHash: String) -> UInt64 {
        UInt64(blueprintHash.prefix(16), radix: 16) ?? 1
    }

    /// SHA-256 (hex) of a file's bytes: identifies a `paper.json` in exam journals and results.
    public static func file(_ bytes: some Sequence<UInt8>) -> String {
        hex(SHA256.hash(data: Data(bytes)))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
