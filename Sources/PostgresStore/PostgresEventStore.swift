import Foundation
public import Ingest
import Postgres
import PrometheusModel
import Synchronization

/// Accepted events in PostgreSQL, as the pipeline's event store when `DATABASE_URL` is set. Each
/// batch is one transaction; the unique idempotency key makes an event stored before a restart, or
/// by another instance sharing the database, a duplicate. While the database cannot be reached,
/// batches fail at once (the sender gets 503 and retries) and one thread reconnects with back-off.
public final class PostgresEventStore: EventStore {
    public struct Options: Sendable {
        /// Connections used side by side; batches from concurrent requests commit in parallel.
        public var connections = 4
        /// Names this instance's events, which it replays into its own metrics at start-up.
        public var instance: String
        public var connectTimeoutSeconds = 5
        public var firstRetryDelay: Duration = .milliseconds(100)
        public var maxRetryDelay: Duration = .seconds(2)

        public init(instance: String) {
            self.instance = instance
        }
    }

    /// Where the store is in its life, as `/readyz` reports it.
    public enum Phase: Sendable, Equatable {
        case connecting
        case replaying
        case ready
        /// The database went away (or never came); the reason is libpq's message.
        case unreachable(String)
    }

    /// Reports connection trouble (`problem`) and recovery; never given the connection string.
    static let maxUncertainKeys = 1_000_000

    public typealias Log = @Sendable (_ message: String, _ fields: [String: String], _ problem: Bool) -> Void

    private let url: String
    private let options: Options
    private let log: Log
    private let rows: EventRows
    private let slots: [Slot]
    private let nextSlot = Atomic<Int>(0)
    /// Bumped when the database goes away: a slot whose connection is older reconnects.
    private let generation = Atomic<Int>(0)
    private let state = Mutex(State())

    /// One connection, used by one batch at a time.
    private final class Slot: Sendable {
        struct Held {
            var connection: PostgresConnection?
            var generation = 0
        }

        let held = Mutex(Held())
    }

    private struct State {
        var phase = Phase.connecting
        var reconnecting = false
        var stopped = false
        /// Keys of batches whose commit went unanswered: they may be in the database although this
        /// instance never counted them, so a later conflict on one of them is checked, not trusted.
        /// A key leaves when a later batch stores or settles it; the set is emptied past
        /// `maxUncertainKeys` (keys of events nobody sends again), after which such an event would
        /// count at the next start's replay instead.
        var uncertainKeys: Set<String> = []
    }

    public init(url: String, options: Options, processor: EventProcessor, log: @escaping Log) {
        self.url = url
        self.options = options
        self.log = log
        rows = EventRows(catalog: processor.catalog, instance: options.instance, key: processor.idempotencyKey(of:))
        slots = (0..<max(1, options.connections)).map { _ in Slot() }
    }

    public var phase: Phase { state.withLock { $0.phase } }

    /// Ends reconnection attempts: `start` throws if still waiting for the database.
    public func stop() {
        state.withLock { $0.stopped = true }
    }

    /// Connects (retrying with back-off until the database answers) and applies the schema
    /// migrations this database lacks; returns their versions.
    public func prepare() throws -> [Int] {
        guard let connection = connectRetrying() else { throw PostgresError(message: "stopped before PostgreSQL was reachable") }
        return try Migration.apply(StoreMigrations.bundled(), on: connection)
    }

    /// Replays this instance's events into `processor`; events are taken from then on.
    public func replay(into processor: EventProcessor) throws -> PostgresReplay.Outcome {
        state.withLock { $0.phase = .replaying }
        guard let connection = connectRetrying() else { throw PostgresError(message: "stopped before PostgreSQL was reachable") }
        let outcome = try PostgresReplay.replay(instance: options.instance, from: connection, into: processor)
        state.withLock { $0.phase = .ready }
        return outcome
    }

    /// `prepare`, then `replay`.
    public func start(into processor: EventProcessor) throws -> (migrations: [Int], replay: PostgresReplay.Outcome) {
        (try prepare(), try replay(into: processor))
    }

    public func store(_ events: [ValidatedEvent], receivedAt: Double) throws(EventStoreUnavailable) -> [Bool] {
        switch phase {
        case .ready: break
        case .connecting, .replaying:
            throw EventStoreUnavailable(code: "database_unavailable", message: "PostgreSQL is not ready yet (start-up)")
        case .unreachable(let reason):
            throw EventStoreUnavailable(code: "database_unavailable", message: "PostgreSQL is unreachable: \(reason)")
        }
        let keys = events.map(rows.key)
        let slot = slots[nextSlot.wrappingAdd(1, ordering: .relaxed).oldValue % slots.count]
        let current = generation.load(ordering: .acquiring)
        let outcome = slot.held.withLock { slot -> Result<[Bool], PostgresError> in
            do throws(PostgresError) {
                if slot.connection == nil || slot.generation != current {
                    slot.connection = try connect()
                    slot.generation = current
                }
                return .success(try insert(events, keys: keys, receivedAt: receivedAt, on: slot.connection!))
            } catch {
                if slot.connection?.isOpen != true { slot.connection = nil }
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let new):
            return new
        case .failure(let error):
            state.withLock { state in
                if state.uncertainKeys.count > Self.maxUncertainKeys { state.uncertainKeys = [] }
                for case let key? in keys { state.uncertainKeys.insert(key) }
            }
            if slot.held.withLock({ $0.connection == nil }) { lost(error) }
            throw EventStoreUnavailable(code: "database_unavailable", message: "PostgreSQL did not take the events: \(error.message)")
        }
    }

    /// One transaction: insert what is new, then settle the conflicts that an unanswered commit of
    /// this instance may have caused.
    private func insert(
        _ events: [ValidatedEvent], keys: [String?], receivedAt: Double, on connection: PostgresConnection
    ) throws(PostgresError) -> [Bool] {
        try connection.transaction { () throws(PostgresError) in
            let inserted = try connection.execute(
                EventRows.insertSQL, rows.insertParameters(for: events, keys: keys, receivedAt: receivedAt))
            let stored = Set(inserted.rows.compactMap { $0[0] })
            state.withLock { state in
                if !state.uncertainKeys.isEmpty { state.uncertainKeys.subtract(stored) }
            }
            var new = Array(repeating: true, count: events.count)
            var conflicts: [(index: Int, key: String)] = []
            for (index, key) in keys.enumerated() {
                guard let key, !stored.contains(key) else { continue }
                new[index] = false
                conflicts.append((index, key))
            }
            try settleUncertain(conflicts, into: &new, on: connection)
            return new
        }
    }

    /// A conflicting key this instance itself stored in a commit whose answer was lost was never
    /// counted here: it is new to the metrics after all.
    private func settleUncertain(
        _ conflicts: [(index: Int, key: String)], into new: inout [Bool], on connection: PostgresConnection
    ) throws(PostgresError) {
        let uncertain = state.withLock { state in conflicts.filter { state.uncertainKeys.contains($0.key) } }
        guard !uncertain.isEmpty else { return }
        let keys = uncertain.map(\.key)
        let ours = Set(
            try connection.execute(
                "SELECT idempotency_key FROM events WHERE idempotency_key = ANY($1::text[]) AND instance = $2",
                [PostgresArray.literal(keys), options.instance]
            ).rows.compactMap { $0[0] })
        for (index, key) in uncertain where ours.contains(key) { new[index] = true }
        state.withLock { state in state.uncertainKeys.subtract(keys) }
    }

    private func connect() throws(PostgresError) -> PostgresConnection {
        try PostgresConnection(
            url: url,
            defaults: [
                "connect_timeout": String(options.connectTimeoutSeconds), "application_name": "commswatch",
                "keepalives_idle": "10", "tcp_user_timeout": "10000",
            ])
    }

    /// The database went away: fail fast from now on and reconnect in the background.
    private func lost(_ error: PostgresError) {
        generation.add(1, ordering: .releasing)
        let startReconnecting = state.withLock { state in
            state.phase = .unreachable(error.message)
            defer { state.reconnecting = true }
            return !state.reconnecting
        }
        guard startReconnecting else { return }
        log("PostgreSQL connection lost; ingestion answers 503 until it is back", ["error": error.message], true)
        Thread.detachNewThread { [self] in
            guard connectRetrying() != nil else { return }
            state.withLock { state in
                state.phase = .ready
                state.reconnecting = false
            }
            log("PostgreSQL reachable again; ingestion resumed", [:], false)
        }
    }

    /// A working connection, after as many attempts as it takes (nil once stopped); waits double
    /// from the first delay to the maximum. Each failure is logged once per distinct message.
    private func connectRetrying() -> PostgresConnection? {
        var delay = options.firstRetryDelay
        var lastMessage: String?
        while !state.withLock({ $0.stopped }) {
            do throws(PostgresError) {
                let connection = try connect()
                try connection.execute("SELECT 1")
                return connection
            } catch {
                state.withLock { $0.phase = .unreachable(error.message) }
                if error.message != lastMessage {
                    log("cannot reach PostgreSQL; retrying", ["error": error.message, "retry_in": "\(delay)"], true)
                    lastMessage = error.message
                }
                Thread.sleep(forTimeInterval: delay.inSeconds)
                delay = min(delay * 2, options.maxRetryDelay)
            }
        }
        return nil
    }
}
