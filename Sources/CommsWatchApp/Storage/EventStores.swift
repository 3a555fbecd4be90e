import Ingest
import JournalStore
import MetricRegistry
import PostgresStore

/// The one place that chooses where accepted events are kept: PostgreSQL when `DATABASE_URL` is
/// set, else the embedded journal in the data directory, or nothing with `--no-journal`.
enum EventStores {
    /// Opens the chosen store: the journal's directory, or a PostgreSQL connection (waiting until it
    /// answers) with the schema migrations it lacks applied, so the outbox and the replay find their
    /// tables. `restore()` comes later, once the server answers `/readyz`.
    static func open(
        _ configuration: AppConfiguration, processor: EventProcessor, gate: IngestGate, registry: MetricRegistry, log: EventLog
    ) throws -> (any EventStore)? {
        let storeLog: StoreLog = { level, message, fields in log.log(EventLog.Level(level), message, fields) }
        if let url = configuration.databaseURL {
            var options = PostgresEventStore.Options(instance: configuration.instance)
            options.connections = configuration.databaseConnections
            let store = PostgresEventStore(url: url, options: options, processor: processor, log: storeLog)
            do {
                let applied = try store.prepare()
                log.log(
                    .info, "PostgreSQL schema up to date",
                    ["instance": configuration.instance, "migrations_applied": applied.map(String.init).joined(separator: ",")])
            } catch {
                throw ConfigurationError(setting: "DATABASE_URL", message: "PostgreSQL schema: \(error)")
            }
            return store
        }
        guard configuration.journal else {
            log.log(.warning, "the event journal is off (--no-journal): metrics start from zero after every restart")
            return nil
        }
        var options = JournalEventStore.Options(directory: configuration.journalDirectory)
        options.segmentBytes = configuration.journalSegmentBytes
        options.snapshotInterval = configuration.snapshotInterval
        options.snapshotBytes = configuration.snapshotBytes
        do {
            let store = try JournalEventStore(options: options, processor: processor, gate: gate, log: storeLog)
            store.registerMetrics(in: registry)
            return store
        } catch {
            throw ConfigurationError(setting: "data-dir", message: "event journal in \(configuration.journalDirectory): \(error)")
        }
    }
}

extension EventLog.Level {
    init(_ level: StoreLogLevel) {
        switch level {
        case .info: self = .info
        case .warning: self = .warning
        case .error: self = .error
        }
    }
}
