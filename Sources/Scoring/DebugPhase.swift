import Foundation
nonisolated(unsafe) var debugStart = Date()
public func debugPhase(_ name: String) {
    guard ProcessInfo.processInfo.environment["KAOXUE_PHASES"] != nil else { return }
    let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
    let pages = Int(statm.split(separator: " ")[1]) ?? 0
    FileHandle.standardError.write(Data("\(name): \(Int(Date().timeIntervalSince(debugStart) * 1000)) ms, RSS \((pages * 4096) >> 20) MB\n".utf8))
}
