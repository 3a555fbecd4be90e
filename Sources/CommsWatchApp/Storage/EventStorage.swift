import EventJournal
import Ingest
import PostgresStore

/// Where accepted events are kept, chosen by configuration: PostgreSQL when `DATABASE_URL` is set,
/// else the embedded journal in the data directory, or nothing with `--no-journal`.
enum EventStorage: Sendable {
    case journal(JournalEventStore)
    case postgres(PostgresEventStore)
    case none

    /// Opens the journal's files, or connects to PostgreSQL (waiting until it answers) and applies
    /// the schema migrations it lacks, so the outbox and the replay find their tables.
    static func open(_ configuration: AppConfiguration, processor: EventProcessor, log: EventLog) throws -> EventStorage {
        if let url = configuration.databaseURL {
            var options = PostgresEventStore.Options(instance: configuration.instance)
            options.connections = configuration.databaseConnections
            let store = PostgresEventStore(url: url, options: options, processor: processor) { message, fields, problem in
                log.log(problem ? .warning : .info, message, fields)
            }
            do {
                let applied = try store.prepare()
                log.log(
                    .info, "PostgreSQL schema up to date",
                    ["instance": configuration.instance, "migrations_applied": applied.map(String.init).joined(separator: ",")])
            } catch {
                throw ConfigurationError(setting: "DATABASE_URL", message: "PostgreSQL schema: \(error)")
            }
            return .postgres(store)
        }
        guard configuration.journal else {
            log.log(.warning, "the event journal is off (--no-journal): metrics start from zero after every restart")
            return .none
        }
        do {
            let journal = try Journal(directory: configuration.journalDirectory, segmentLimit: configuration.journalSegmentBytes)
            return .journal(JournalEventStore(journal: journal, catalog: processor.catalog))
        } catch {
            throw ConfigurationError(setting: "data-dir", message: "event journal in \(configuration.journalDirectory): \(error)")
        }
    }

    var store: (any EventStore)? {
        switch self {
        case .journal(let store): store
        case .postgres(let store): store
        case .none: nil
        }
    }

    /// Why `/readyz` answers 503: the events are being replayed, or cannot be stored.
    var unready: (code: String, message: String)? {
        switch self {
        case .journal(let store):
            if !store.journal.isReplayed { return ("replaying", "the event journal is being replayed") }
            return store.journal.failureReason.map { ("journal_failed", "the event journal stopped taking writes: \($0)") }
        case .postgres(let store):
            switch store.phase {
            case .connecting: return ("database_unreachable", "connecting to PostgreSQL")
            case .replaying: return ("replaying", "events are being replayed from PostgreSQL")
            case .unreachable(let reason): return ("database_unreachable", "PostgreSQL is unreachable: \(reason)")
            case .ready: return nil
            }
        case .none:
            return nil
        }
    }

    /// Brings the processor back to where it was before the restart: restores the newest snapshot
    /// and replays the journal after it, or replays this instance's events from PostgreSQL. Returns
    /// the snapshot's position.
    @discardableResult
    func restore(into processor: EventProcessor, configuration: AppConfiguration, log: EventLog) throws -> JournalPosition? {
        switch self {
        case .journal(let store):
            return try Self.replay(store.journal, into: processor, log: log)
        case .postgres(let store):
            let outcome = try store.replay(into: processor)
            var fields = ["instance": configuration.instance, "events": String(outcome.events), "duration": "\(outcome.duration)"]
            if outcome.unknownEvents > 0 { fields["unknown_events"] = String(outcome.unknownEvents) }
            log.log(.info, "PostgreSQL ready; events replayed", fields)
        case .none:
            break
        }
        return nil
    }

    private static func replay(_ journal: Journal, into processor: EventProcessor, log: EventLog) throws -> JournalPosition? {
        let directory = journal.directory
        do {
            let started = ContinuousClock.now
            let (snapshot, outcome) = try JournalReplay.rebuild(journal, into: processor) { problem in
                log.log(.warning, "snapshot skipped: an older one is used", ["problem": problem])
            }
            var fields = [
                "path": directory, "events": String(outcome.events), "bytes": String(outcome.report.bytes),
                "duration": "\(ContinuousClock.now - started)", "snapshot": snapshot.map { "\($0)" } ?? "none",
            ]
            if outcome.unknownEvents > 0 { fields["unknown_events"] = String(outcome.unknownEvents) }
            if let truncation = outcome.report.truncation {
                fields["truncated_bytes"] = String(outcome.report.truncatedBytes)
                log.log(.warning, "journal ended in a torn record, cut off (a crash mid-write)", fields.merging(["problem": truncation]) { $1 })
            }
            log.log(.info, "journal replayed", fields)
            return snapshot
        } catch {
            throw ConfigurationError(setting: "data-dir", message: "event journal in \(directory): \(error)")
        }
    }
}
