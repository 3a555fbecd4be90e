public import EventJournal
public import Ingest

/// Reads the event journal back into a processor, as start-up and `commswatch replay` do.
public enum JournalReplay {
    public struct Outcome: Sendable {
        public var report: ReplayReport
        /// Records of events the catalog no longer has, skipped.
        public var unknownEvents: Int
        public var duration: Duration
        public var events: Int { report.records - unknownEvents }
    }

    /// Restores the newest intact snapshot into `processor` (warning through `skipped` about newer
    /// ones that are damaged), then replays the records after it.
    public static func rebuild(
        _ journal: Journal, into processor: EventProcessor, skipped: (String) -> Void = { _ in }
    ) throws -> (snapshot: JournalPosition?, outcome: Outcome) {
        var snapshot: JournalPosition?
        if let newest = try SnapshotFile(directory: journal.directory).newest() {
            newest.skipped.forEach(skipped)
            do {
                try processor.restoreState(from: newest.payload)
            } catch {
                throw JournalError("the snapshot at \(newest.position) does not restore: \(error)")
            }
            snapshot = newest.position
        }
        return (snapshot, try replay(journal, from: snapshot, into: processor))
    }

    /// Replays `journal` into `processor`, from `start` (where a restored snapshot ends) or from the
    /// beginning: every event applied in order, its idempotency key retaken.
    public static func replay(_ journal: Journal, from start: JournalPosition? = nil, into processor: EventProcessor) throws -> Outcome {
        let started = ContinuousClock.now
        var unknown = 0
        let records = EventRecord(catalog: processor.catalog)
        let report = try journal.replay(from: start) { bytes in
            guard let (event, receivedAt) = try records.decode(bytes) else {
                unknown += 1
                return
            }
            processor.replay(event, receivedAt: receivedAt)
        }
        return Outcome(report: report, unknownEvents: unknown, duration: ContinuousClock.now - started)
    }
}
