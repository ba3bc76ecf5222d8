import Foundation
import StudyLedger

extension LedgerStore {
    /// Imports activities as `importActivities(source:rules:policy:dryRun:streaming:)` does, with the reading and
    /// checking on a second thread: `produce` runs there and hands each checked activity to `emit`, while this thread
    /// writes them into the transaction (two cores: a million rows are parsed while the previous ones are stored).
    /// At most a few thousand activities are in flight, so memory stays bounded. `emit` returns false once writing
    /// has failed (`produce` may stop early); `produce` returns whether the file was good (false rolls back). The
    /// producer thread has always ended when this returns or throws.
    public func importActivities(
        source: ImportSource, rules: LedgerRules, policy: ConflictPolicy, dryRun: Bool,
        readingOnAnotherThread produce: @escaping (_ emit: (Activity) -> Bool) -> Bool
    ) throws(StoreError) -> ImportOutcome? {
        let handoff = BatchHandoff<Activity>(depth: 4)
        let producer = ProducerBox(produce)
        let ended = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var batch: [Activity] = []
            batch.reserveCapacity(BatchHandoff<Activity>.batchSize)
            var open = true
            let good = producer.body { activity in
                guard open else { return false }
                batch.append(activity)
                if batch.count == BatchHandoff<Activity>.batchSize {
                    open = handoff.put(batch)
                    batch.removeAll(keepingCapacity: true)
                }
                return open
            }
            if open, !batch.isEmpty { _ = handoff.put(batch) }
            handoff.finish(good: good)
            ended.signal()
        }
        defer {
            // Whatever happened on this side, let the producer run out and wait for it: nothing outlives the call.
            handoff.stopTaking()
            ended.wait()
        }
        return try importActivities(source: source, rules: rules, policy: policy, dryRun: dryRun) { write in
            while let batch = handoff.take() {
                for activity in batch { try write(activity) }
            }
            return handoff.producedGood
        }
    }
}

/// The producer closure, carried to its thread; only that thread calls it, and the caller waits for it to end.
private final class ProducerBox: @unchecked Sendable {
    let body: (_ emit: (Activity) -> Bool) -> Bool
    init(_ body: @escaping (_ emit: (Activity) -> Bool) -> Bool) { self.body = body }
}

/// Batches passed from one producing thread to one consuming thread, at most `depth` waiting at a time.
final class BatchHandoff<Item>: @unchecked Sendable {
    static var batchSize: Int { 2048 }

    private let condition = NSCondition()
    private var ready: [[Item]] = []
    private var produced = false
    private var good = false
    private var stopped = false
    private let depth: Int

    init(depth: Int) { self.depth = depth }

    /// Producer: queues `batch`, waiting while `depth` batches are queued; false when the consumer has stopped.
    func put(_ batch: [Item]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= depth, !stopped { condition.wait() }
        guard !stopped else { return false }
        ready.append(batch)
        condition.broadcast()
        return true
    }

    /// Producer: nothing more will come; `good` is what the producer returned.
    func finish(good: Bool) {
        condition.lock()
        defer { condition.unlock() }
        self.good = good
        produced = true
        condition.broadcast()
    }

    /// Consumer: the next batch in order, or nil once the producer has finished and every batch was taken.
    func take() -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty, !produced { condition.wait() }
        guard !ready.isEmpty else { return nil }
        condition.broadcast()
        return ready.removeFirst()
    }

    /// Consumer: what the producer returned (read after `take` gave nil).
    var producedGood: Bool {
        condition.lock()
        defer { condition.unlock() }
        return good
    }

    /// Consumer: takes nothing more; a waiting or later `put` returns false.
    func stopTaking() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        ready.removeAll()
        condition.broadcast()
    }
}
