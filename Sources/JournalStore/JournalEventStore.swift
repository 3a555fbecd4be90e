public import EventJournal
public import Ingest
public import MetricRegistry
import PrometheusModel

/// The embedded journal as the event store, the default: each request's events are one append,
/// group-committed with whatever else arrived during the previous sync. Deduplication is the
/// idempotency window's job alone, so every event it admitted is new here. Replays the journal at
/// start-up (from the newest snapshot), and keeps replays short by taking snapshots on a schedule.
public final class JournalEventStore: EventStore {
    public struct Options: Sendable {
        public var directory: String
        /// A segment is closed and a new one started once it holds this many bytes.
        public var segmentBytes = 64 << 20
        /// A snapshot of the processor's state is taken this often, and after `snapshotBytes` of journal.
        public var snapshotInterval: Duration = .seconds(300)
        public var snapshotBytes = 256 << 20

        public init(directory: String) {
            self.directory = directory
        }
    }

    public let journal: Journal
    private let processor: EventProcessor
    private let records: EventRecord
    private let snapshots: JournalSnapshots
    private let log: StoreLog

    /// Opens the journal's directory; `gate` is the pipeline's, paused while a snapshot copies the state.
    public init(options: Options, processor: EventProcessor, gate: IngestGate, log: @escaping StoreLog) throws(JournalError) {
        journal = try Journal(directory: options.directory, segmentLimit: options.segmentBytes)
        self.processor = processor
        self.log = log
        records = EventRecord(catalog: processor.catalog)
        snapshots = JournalSnapshots(
            journal: journal, processor: processor, gate: gate, interval: options.snapshotInterval, bytesBetween: options.snapshotBytes,
            log: log)
    }

    /// Counts syncs and appends, so an operator sees how many requests one `fdatasync` carried.
    public func registerMetrics(in registry: MetricRegistry) {
        registry.register(collector: JournalCollector(journal: journal))
    }

    public func store(
        _ events: [ValidatedEvent], receivedAt: Double,
        completion: @escaping @Sendable (Result<[Bool], EventStoreUnavailable>) -> Void
    ) {
        let count = events.count
        let answer: Journal.Completion = { result in
            switch result {
            case .success:
                completion(.success(Array(repeating: true, count: count)))
            case .failure(let error):
                completion(.failure(EventStoreUnavailable(code: "journal_unavailable", message: "the event journal: \(error)")))
            }
        }
        // Encoded in place from the array's storage: no copy of an event per record.
        events.withUnsafeBufferPointer { events in
            journal.append(records: count, encode: { index, out in records.encode(events[index], receivedAt: receivedAt, into: &out) }, completion: answer)
        }
    }

    public var unavailability: EventStoreUnavailable? {
        if !journal.isReplayed { return EventStoreUnavailable(code: "replaying", message: "the event journal is being replayed") }
        return journal.failureReason.map {
            EventStoreUnavailable(code: "journal_failed", message: "the event journal stopped taking writes: \($0)")
        }
    }

    /// Restores the newest snapshot, replays the journal after it, and starts the snapshot schedule.
    public func restore() throws {
        let started = ContinuousClock.now
        let (snapshot, outcome): (JournalPosition?, JournalReplay.Outcome)
        do {
            (snapshot, outcome) = try JournalReplay.rebuild(journal, into: processor) { [log] problem in
                log(.warning, "snapshot skipped: an older one is used", ["problem": problem])
            }
        } catch {
            throw JournalError("event journal in \(journal.directory): \(error)")
        }
        var fields = [
            "path": journal.directory, "events": String(outcome.events), "bytes": String(outcome.report.bytes),
            "duration": "\(ContinuousClock.now - started)", "snapshot": snapshot.map { "\($0)" } ?? "none",
        ]
        if outcome.unknownEvents > 0 { fields["unknown_events"] = String(outcome.unknownEvents) }
        if let truncation = outcome.report.truncation {
            fields["truncated_bytes"] = String(outcome.report.truncatedBytes)
            log(.warning, "journal ended in a torn record, cut off (a crash mid-write)", fields.merging(["problem": truncation]) { $1 })
        }
        log(.info, "journal replayed", fields)
        snapshots.start(restoredAt: snapshot)
    }

    /// Takes a last snapshot, so the next start replays almost nothing, and closes the journal.
    /// Call it once no request is in flight any more (after the HTTP server drained).
    public func close() {
        snapshots.finish()
        journal.close()
    }
}

/// The journal's group-commit counters, read at scrape time.
struct JournalCollector: MetricCollector {
    let journal: Journal

    func collect() -> [MetricFamilySnapshot] {
        let statistics = journal.statistics
        return [
            MetricFamilySnapshot(
                name: "commswatch_journal_syncs_total", help: "Journal writes made durable by one fdatasync each.", type: .counter,
                samples: [([], Double(statistics.syncs))]),
            MetricFamilySnapshot(
                name: "commswatch_journal_appends_total",
                help: "Requests whose events were appended to the journal; divided by syncs, how many requests one sync carried.",
                type: .counter, samples: [([], Double(statistics.appends))]),
            MetricFamilySnapshot(
                name: "commswatch_journal_appended_bytes_total", help: "Bytes appended to the journal since the start.", type: .counter,
                samples: [([], Double(statistics.appendedBytes))]),
        ]
    }
}
