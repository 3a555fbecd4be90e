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

    /// Replays `journal` into `processor`: every event applied in order, its idempotency key retaken.
    public static func replay(_ journal: Journal, into processor: EventProcessor) throws -> Outcome {
        let started = ContinuousClock.now
        var unknown = 0
        let records = EventRecord(catalog: processor.catalog)
        let report = try journal.replay { bytes in
            guard let (event, receivedAt) = try records.decode(bytes) else {
                unknown += 1
                return
            }
            processor.replay(event, receivedAt: receivedAt)
        }
        return Outcome(report: report, unknownEvents: unknown, duration: ContinuousClock.now - started)
    }
}
