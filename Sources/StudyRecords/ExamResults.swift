import Crypto
import Foundation
import GRDB
import StudySession

/// An exam result as the store keeps it: one row per candidate and paper, with the signed JSON.
public struct ExamResultRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "examResult"
    public var candidate: String
    /// SHA-256 of `paper.json`.
    public var paper: String
    public var version: String
    public var score: Double
    public var maxScore: Double
    public var startedAt: String
    public var submittedAt: String
    /// The signed result, as written with `--result`.
    public var json: String
}

extension StudyStore {
    /// Keeps `result` (already signed). A second submission of the same paper by the same candidate keeps the first:
    /// results are not overwritten.
    public func save(_ result: ExamResult) throws(StoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        do {
            let json = String(decoding: try encoder.encode(result), as: UTF8.self)
            let record = ExamResultRecord(
                candidate: result.candidate, paper: result.paper.sha256, version: result.version, score: result.score,
                maxScore: result.maxScore, startedAt: result.startedAt, submittedAt: result.submittedAt, json: json)
            try database.write { db in try record.insert(db, onConflict: .ignore) }
        } catch {
            throw StoreError(error)
        }
    }

    /// The stored result of `candidate` for the paper whose `paper.json` hashes to `paper`.
    public func examResult(candidate: String, paper: String) throws(StoreError) -> ExamResult? {
        do {
            guard let record = try database.read({ db in try ExamResultRecord.fetchOne(db, key: ["candidate": candidate, "paper": paper]) }) else {
                return nil
            }
            return try JSONDecoder().decode(ExamResult.self, from: Data(record.json.utf8))
        } catch {
            throw StoreError(error)
        }
    }

    /// The store's own signing key: 256 random bits made on first use and kept in the store.
    /// The key results are signed with here, or nil when this store never signed one (nothing is written).
    public func existingSigningKey() throws(StoreError) -> SymmetricKey? {
        do {
            return try database.read { db in try Data.fetchOne(db, sql: "SELECT value FROM secret WHERE name = 'result-signing'") }.map { SymmetricKey(data: $0) }
        } catch {
            throw StoreError(error)
        }
    }

    public func signingKey() throws(StoreError) -> SymmetricKey {
        do {
            let data = try database.write { db -> Data in
                let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
                try db.execute(sql: "INSERT OR IGNORE INTO secret (name, value) VALUES ('result-signing', ?)", arguments: [fresh])
                return try Data.fetchOne(db, sql: "SELECT value FROM secret WHERE name = 'result-signing'") ?? fresh
            }
            return SymmetricKey(data: data)
        } catch {
            throw StoreError(error)
        }
    }
}

/// Signs exam results with HMAC-SHA256 and checks them, so that a changed score or answer is detected.
///
/// The key is `KAOXUE_SECRET` when set (an organization shares it between the machines that run exams and the one
/// that verifies), else the store's own key (verification then works with that store only).
public struct ResultSigner: Sendable {
    /// The key's bytes (`SymmetricKey` is not `Sendable`).
    let keyBytes: Data

    public init(key: SymmetricKey) { keyBytes = key.withUnsafeBytes { Data($0) } }

    var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// The key from `KAOXUE_SECRET` (its UTF-8 bytes), or nil when it is not set or empty.
    public static func shared(environment: [String: String] = ProcessInfo.processInfo.environment) -> ResultSigner? {
        guard let secret = environment["KAOXUE_SECRET"], !secret.isEmpty else { return nil }
        return ResultSigner(key: SymmetricKey(data: Data(secret.utf8)))
    }

    /// `KAOXUE_SECRET` (its UTF-8 bytes) when set and not empty, else the store's key.
    public static func standard(store: StudyStore, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) -> ResultSigner {
        if let shared = shared(environment: environment) { return shared }
        return ResultSigner(key: try store.signingKey())
    }

    /// The first 16 hex digits of SHA-256 of the key.
    public var keyID: String {
        SHA256.hash(data: keyBytes).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public func sign(_ result: ExamResult) -> ExamResult {
        var signed = result
        let code = HMAC<SHA256>.authenticationCode(for: result.canonicalJSON, using: key)
        signed.signature = ExamResult.Signature(algorithm: "HMAC-SHA256", keyID: keyID, value: Data(code).base64EncodedString())
        return signed
    }

    /// What checking a result's signature found.
    public enum Verdict: Equatable, Sendable {
        case valid
        /// The signature does not match the content: something was changed after signing.
        case altered
        /// Signed with a key other than this one.
        case otherKey(String)
        case unsigned
    }

    public func verify(_ result: ExamResult) -> Verdict {
        guard let signature = result.signature else { return .unsigned }
        guard signature.keyID == keyID else { return .otherKey(signature.keyID) }
        guard signature.algorithm == "HMAC-SHA256", let code = Data(base64Encoded: signature.value) else { return .altered }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: result.canonicalJSON, using: key) ? .valid : .altered
    }
}
