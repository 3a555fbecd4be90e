import Ingest
import Synchronization

/// An event store that keeps the records it takes, as the journal does, answering at once. It fails
/// while `failing` is set, and reports the event ids in `heldElsewhere` as already stored (as
/// another instance sharing a database would have).
final class RecordingStore: EventStore {
    let failing = Atomic<Bool>(false)
    let records = Mutex<[[UInt8]]>([])
    let heldElsewhere: Set<String>
    private let codec = EventRecord(catalog: .standard)

    init(heldElsewhere: Set<String> = []) {
        self.heldElsewhere = heldElsewhere
    }

    func store(
        _ events: [ValidatedEvent], receivedAt: Double,
        completion: @escaping @Sendable (Result<[Bool], EventStoreUnavailable>) -> Void
    ) {
        if failing.load(ordering: .relaxed) {
            return completion(.failure(EventStoreUnavailable(code: "disk_full", message: "no space left")))
        }
        let new = events.map { !heldElsewhere.contains($0.eventID ?? "") }
        records.withLock { records in
            for (event, isNew) in zip(events, new) where isNew { records.append(codec.encode(event, receivedAt: receivedAt)) }
        }
        completion(.success(new))
    }

    var unavailability: EventStoreUnavailable? { nil }
    func restore() {}
    func close() {}
}
