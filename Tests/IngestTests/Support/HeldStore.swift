import Ingest
import Synchronization

/// An event store that answers only when the test says so, as a journal waiting for its sync would:
/// each write waits in `pending` until `answerAll` succeeds or fails it.
final class HeldStore: EventStore {
    private let pending = Mutex<[(events: Int, completion: @Sendable (Result<[Bool], EventStoreUnavailable>) -> Void)]>([])

    func store(
        _ events: [ValidatedEvent], receivedAt: Double,
        completion: @escaping @Sendable (Result<[Bool], EventStoreUnavailable>) -> Void
    ) {
        pending.withLock { $0.append((events.count, completion)) }
    }

    /// Writes waiting for their answer.
    var waiting: Int { pending.withLock { $0.count } }

    /// Answers every write waiting: all stored (new), or all failed.
    func answerAll(failing: Bool = false) {
        let writes = pending.withLock { pending in
            defer { pending = [] }
            return pending
        }
        for write in writes {
            write.completion(
                failing
                    ? .failure(EventStoreUnavailable(code: "disk_failed", message: "the write failed"))
                    : .success(Array(repeating: true, count: write.events)))
        }
    }

    var unavailability: EventStoreUnavailable? { nil }
    func restore() {}
    func close() {}
}
