import Foundation
import StudySession

/// The time of a practice or exam session: the real clock, or a fixed instant (`--now`) advanced by the real elapsed time.
struct SessionClock {
    let started = Date()
    let fixed: Instant?

    /// The time the session's random choices derive from: `--now` when given, so a scripted run repeats.
    var seedTime: Instant { fixed ?? Instant(started) }

    func now() -> Instant {
        guard let fixed else { return Instant(Date()) }
        return fixed.adding(microseconds: Int64(Date().timeIntervalSince(started) * 1_000_000))
    }
}
