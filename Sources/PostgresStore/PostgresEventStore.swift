import Foundation
public import Ingest
import Postgres
import PrometheusModel
import Synchronization

/// Accepted events in PostgreSQL, as the event store when `DATABASE_URL` is set. A few connection
/// threads, each with its own connection, take the waiting requests together and store them as one
/// transaction (group commit: one WAL flush for all of them), so the callers never wait and many
/// concurrent requests cost few commits. The unique idempotency key makes an event stored before a
/// restart, or by another instance sharing the database, a duplicate. While the database cannot be
/// reached, requests fail at once (the sender gets 503 and retries) and one thread reconnects with
/// back-off.
public final class PostgresEventStore: EventStore {
    public struct Options: Sendable {
        /// Connection threads; each stores one group of requests at a time.
        public var connections = 4
        /// Events one transaction takes at most when it groups waiting requests (a larger request
        /// goes alone).
        public var eventsPerTransaction = 5_000
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

    static let maxUncertainKeys = 1_000_000

    private let url: String
    private let options: Options
    private let processor: EventProcessor
    /// Reports connection trouble and recovery; never given the connection string.
    private let log: StoreLog
    private let rows: EventRows
    private let requests = RequestQueue()
    private let connectionThreads = DispatchGroup()
    /// Bumped when the database goes away: a connection thread whose connection is older reconnects.
    private let generation = Atomic<Int>(0)
    private let state = Mutex(State())

    private struct State {
        var phase = Phase.connecting
        var reconnecting = false
        var stopped = false
        var threadsStarted = false
        /// Keys of batches whose commit went unanswered: they may be in the database although this
        /// instance never counted them, so a later conflict on one of them is checked, not trusted.
        /// A key leaves when a later batch stores or settles it; the set is emptied past
        /// `maxUncertainKeys` (keys of events nobody sends again), after which such an event would
        /// count at the next start's replay instead.
        var uncertainKeys: Set<String> = []
    }

    public init(url: String, options: Options, processor: EventProcessor, log: @escaping StoreLog) {
        self.url = url
        self.options = options
        self.processor = processor
        self.log = log
        rows = EventRows(catalog: processor.catalog, instance: options.instance, key: processor.idempotencyKey(of:))
    }

    public var phase: Phase { state.withLock { $0.phase } }

    /// Connects (retrying with back-off until the database answers) and applies the schema
    /// migrations this database lacks; returns their versions.
    public func prepare() throws -> [Int] {
        guard let connection = connectRetrying() else { throw PostgresError(message: "stopped before PostgreSQL was reachable") }
        return try Migration.apply(StoreMigrations.bundled(), on: connection)
    }

    /// Replays this instance's events into the processor, then starts the connection threads:
    /// events are taken from then on.
    public func restore() throws {
        state.withLock { $0.phase = .replaying }
        guard let connection = connectRetrying() else { throw PostgresError(message: "stopped before PostgreSQL was reachable") }
        let outcome = try PostgresReplay.replay(instance: options.instance, from: connection, into: processor)
        var fields = ["instance": options.instance, "events": String(outcome.events), "duration": "\(outcome.duration)"]
        if outcome.unknownEvents > 0 { fields["unknown_events"] = String(outcome.unknownEvents) }
        log(.info, "PostgreSQL ready; events replayed", fields)
        let start = state.withLock { state -> Bool in
            state.phase = .ready
            defer { state.threadsStarted = true }
            return !state.threadsStarted && !state.stopped
        }
        guard start else { return }
        for index in 0..<max(1, options.connections) {
            connectionThreads.enter()
            let thread = Thread { [self] in
                storeRequests()
                connectionThreads.leave()
            }
            thread.name = "postgres-\(index)"
            thread.start()
        }
    }

    /// Stores what is queued, then ends the connection threads and any reconnection attempts
    /// (`prepare` and `restore` throw if still waiting for the database).
    public func close() {
        let started = state.withLock { state in
            state.stopped = true
            return state.threadsStarted
        }
        requests.stop(threads: max(1, options.connections))
        if started { connectionThreads.wait() }
    }

    public var unavailability: EventStoreUnavailable? {
        switch phase {
        case .connecting: EventStoreUnavailable(code: "database_unreachable", message: "connecting to PostgreSQL")
        case .replaying: EventStoreUnavailable(code: "replaying", message: "events are being replayed from PostgreSQL")
        case .unreachable(let reason): EventStoreUnavailable(code: "database_unreachable", message: "PostgreSQL is unreachable: \(reason)")
        case .ready: nil
        }
    }

    public func store(
        _ events: [ValidatedEvent], receivedAt: Double,
        completion: @escaping @Sendable (Result<[Bool], EventStoreUnavailable>) -> Void
    ) {
        let refusal: String? =
            switch phase {
            case .ready: nil
            case .connecting, .replaying: "PostgreSQL is not ready yet (start-up)"
            case .unreachable(let reason): "PostgreSQL is unreachable: \(reason)"
            }
        if let refusal {
            completion(.failure(EventStoreUnavailable(code: "database_unavailable", message: refusal)))
            return
        }
        let request = StoreRequest(events: events, keys: events.map(rows.key), receivedAt: receivedAt, completion: completion)
        guard requests.push(request) else {
            completion(.failure(EventStoreUnavailable(code: "database_unavailable", message: "the PostgreSQL store is closed")))
            return
        }
    }

    // MARK: - Connection threads

    /// One connection thread: takes the requests waiting, stores them in one transaction on its own
    /// connection, and answers each.
    private func storeRequests() {
        var connection: PostgresConnection?
        var connectionGeneration = 0
        while let group = requests.take(eventsAtMost: options.eventsPerTransaction) {
            let events = group.flatMap(\.events), keys = group.flatMap(\.keys)
            let receivedAt = group.flatMap { request in repeatElement(request.receivedAt, count: request.events.count) }
            let current = generation.load(ordering: .acquiring)
            let outcome: Result<[Bool], PostgresError>
            do throws(PostgresError) {
                if connection == nil || connectionGeneration != current {
                    connection = try connect()
                    connectionGeneration = current
                }
                outcome = .success(try insert(events, keys: keys, receivedAt: receivedAt, on: connection!))
            } catch {
                if connection?.isOpen != true { connection = nil }
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let new):
                var offset = 0
                for request in group {
                    request.completion(.success(Array(new[offset..<offset + request.events.count])))
                    offset += request.events.count
                }
            case .failure(let error):
                state.withLock { state in
                    if state.uncertainKeys.count > Self.maxUncertainKeys { state.uncertainKeys = [] }
                    for case let key? in keys { state.uncertainKeys.insert(key) }
                }
                if connection == nil { lost(error) }
                let unavailable = EventStoreUnavailable(
                    code: "database_unavailable", message: "PostgreSQL did not take the events: \(error.message)")
                for request in group { request.completion(.failure(unavailable)) }
            }
        }
    }

    /// One transaction: insert what is new, then settle the conflicts that an unanswered commit of
    /// this instance may have caused.
    private func insert(
        _ events: [ValidatedEvent], keys: [String?], receivedAt: [Double], on connection: PostgresConnection
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

    // MARK: - Connecting

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
        log(.warning, "PostgreSQL connection lost; ingestion answers 503 until it is back", ["error": error.message])
        Thread.detachNewThread { [self] in
            guard connectRetrying() != nil else { return }
            state.withLock { state in
                state.phase = .ready
                state.reconnecting = false
            }
            log(.info, "PostgreSQL reachable again; ingestion resumed", [:])
        }
    }

    /// A working connection, after as many attempts as it takes (nil once closed); waits double
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
                    log(.warning, "cannot reach PostgreSQL; retrying", ["error": error.message, "retry_in": "\(delay)"])
                    lastMessage = error.message
                }
                Thread.sleep(forTimeInterval: delay.inSeconds)
                delay = min(delay * 2, options.maxRetryDelay)
            }
        }
        return nil
    }
}

/// One request's events waiting for a connection thread.
struct StoreRequest: Sendable {
    let events: [ValidatedEvent]
    let keys: [String?]
    let receivedAt: Double
    let completion: @Sendable (Result<[Bool], EventStoreUnavailable>) -> Void
}

/// The requests waiting for a connection thread. A thread takes every request waiting (up to an
/// event budget) at once: that is what lets one transaction carry many requests.
final class RequestQueue: Sendable {
    private struct State {
        var waiting: [StoreRequest] = []
        var stopped = false
    }

    private let state = Mutex(State())
    /// Signalled once per request queued (a thread that takes several leaves the rest as wake-ups
    /// that find nothing) and once per thread at shutdown.
    private let available = DispatchSemaphore(value: 0)

    /// False once stopped.
    func push(_ request: StoreRequest) -> Bool {
        let queued = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.waiting.append(request)
            return true
        }
        if queued { available.signal() }
        return queued
    }

    /// The requests waiting, oldest first, as many as fit in `eventsAtMost` events (at least one);
    /// waits while there are none. Nil once stopped and emptied.
    func take(eventsAtMost budget: Int) -> [StoreRequest]? {
        while true {
            available.wait()
            let (taken, stopped) = state.withLock { state -> ([StoreRequest], Bool) in
                var count = 0, events = 0
                for request in state.waiting {
                    guard count == 0 || events + request.events.count <= budget else { break }
                    count += 1
                    events += request.events.count
                }
                defer { state.waiting.removeFirst(count) }
                return (Array(state.waiting.prefix(count)), state.stopped)
            }
            if !taken.isEmpty { return taken }
            if stopped { return nil }
        }
    }

    /// Refuses new requests and wakes `threads` threads so each finds the queue closed once it is empty.
    func stop(threads: Int) {
        state.withLock { $0.stopped = true }
        for _ in 0..<threads { available.signal() }
    }
}
