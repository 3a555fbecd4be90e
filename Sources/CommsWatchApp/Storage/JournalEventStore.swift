public import EventJournal
public import Ingest

/// The embedded journal as the pipeline's event store: each batch is one group-committed append.
/// Deduplication is the idempotency window's job alone, so every event it admitted is new here.
public struct JournalEventStore: EventStore {
    public let journal: Journal
    private let records: EventRecord

    public init(journal: Journal, catalog: Catalog) {
        self.journal = journal
        records = EventRecord(catalog: catalog)
    }

    public func store(_ events: [ValidatedEvent], receivedAt: Double) throws(EventStoreUnavailable) -> [Bool] {
        do {
            try journal.append(events) { event, out in records.encode(event, receivedAt: receivedAt, into: &out) }
        } catch {
            throw EventStoreUnavailable(code: "journal_unavailable", message: "the event journal: \(error)")
        }
        return Array(repeating: true, count: events.count)
    }
}
