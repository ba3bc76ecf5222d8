import Foundation

/// Runs `background` on another thread while `foreground` runs on this one, and returns both results (two cores:
/// reading the study store while the bank is parsed).
func inParallel<Background: Sendable, Foreground>(
    _ background: @escaping @Sendable () -> Background, _ foreground: () throws -> Foreground
) throws -> (Background, Foreground) {
    let slot = ResultSlot<Background>()
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        slot.value = background()
        done.signal()
    }
    // The background thread is waited for even when the foreground throws.
    let foregroundResult = Result { try foreground() }
    done.wait()
    return (slot.value!, try foregroundResult.get())
}

/// A value handed from one thread to another: written before a semaphore is signalled, read after the wait.
private final class ResultSlot<Value>: @unchecked Sendable {
    var value: Value?
}
