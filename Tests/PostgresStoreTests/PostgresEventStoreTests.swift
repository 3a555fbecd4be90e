import Foundation
import Ingest
import MetricRegistry
import Postgres
import PostgresStore
import Synchronization
import Testing
import TestSupport

/// The PostgreSQL event store against a real server: dedup shared by instances, each instance
/// replaying only its own events, dispute state kept in the database, and no secret in any log.
struct PostgresEventStoreTests {
    /// A pipeline on its own registry storing into PostgreSQL as `instance`.
    struct Instance {
        let registry = MetricRegistry()
        let processor: EventProcessor
        let store: PostgresEventStore
        let pipeline: IngestPipeline

        init(_ instance: String, url: String) throws {
            processor = EventProcessor(registry: registry, window: IdempotencyWindow(capacity: 1000), now: { 1_800_000_000 })
            store = PostgresEventStore(url: url, options: .init(instance: instance), processor: processor) { _, _, _ in }
            _ = try store.prepare()
            try store.restore()
            pipeline = IngestPipeline(processor: processor, hasher: PersonalDataHasher(key: [7]), registry: registry, store: store)
        }

        func ingest(_ lines: String...) throws -> IngestReport { try pipeline.ingestNDJSONWaiting(Array(lines.joined(separator: "\n").utf8)) }
    }

    static func delivered(_ id: String, region: String = "eu") -> String {
        #"{"event":"chat_message_delivered","properties":{"message_id":"\#(id)","delivery_latency_ms":5,"delivery_channel":"ws","region":"\#(region)"}}"#
    }

    static func deliveries(_ instance: Instance) -> UInt64 {
        var total: UInt64 = 0
        for family in instance.registry.snapshot() where family.name == "chat_ws_delivery_latency_ms" {
            for case .histogram(let histogram) in family.series.map(\.value) { total += histogram.count }
        }
        return total
    }

    @Test func instancesSharingTheDatabaseShareDedupAndReplayTheirOwnEvents() throws {
        let server = try PostgresServer()
        let a = try Instance("a", url: server.url), b = try Instance("b", url: server.url)
        #expect(try a.ingest(Self.delivered("m1"), Self.delivered("m2")).accepted == 2)
        let fromB = try b.ingest(Self.delivered("m2"), Self.delivered("m3"))
        #expect(fromB.accepted == 1 && fromB.duplicates == 1, "m2 was stored by instance a")
        #expect(Self.deliveries(b) == 1)
        #expect(try server.psql("SELECT instance, count(*) FROM events GROUP BY instance ORDER BY instance") == "a|2\nb|1\n")
        #expect(try server.psql("SELECT properties->>'region', (properties->'delivery_latency_ms')::float8 FROM events WHERE idempotency_key = 'chat_message_delivered:m3'") == "eu|5\n")

        // Quotes, backslashes, braces, commas, non-ASCII and control characters survive the array and JSON literals.
        let awkward = #"q\"\\{x}, ü\n\t\u0001"#
        #expect(try a.ingest(Self.delivered(awkward)).accepted == 1)
        let stored = try server.psql(
            "SELECT encode(convert_to(properties->>'message_id', 'UTF8'), 'hex') FROM events WHERE name = 'chat_message_delivered' ORDER BY id DESC LIMIT 1")
        #expect(stored == Array("q\"\\{x}, ü\n\t\u{1}".utf8).map { String(format: "%02x", $0) }.joined() + "\n")

        let restartedA = try Instance("a", url: server.url)
        #expect(Self.deliveries(restartedA) == 3, "a replays its own three events, not b's")
        #expect(try restartedA.ingest(Self.delivered("m1"), Self.delivered("m3"), Self.delivered(awkward)).duplicates == 3)
    }

    @Test func disputeStateIsKeptInTheDatabase() throws {
        let server = try PostgresServer()
        let instance = try Instance("a", url: server.url)
        _ = try instance.ingest(
            #"{"event":"dispute_opened","timestamp":"2027-01-04T10:00:00Z","properties":{"dispute_id":"d1","contract_id":"c1","initiator_role":"client","reason_category":"quality","owner":"ops","sla_remaining_sec":86400}}"#,
            #"{"event":"dispute_opened","timestamp":"2027-01-04T11:00:00Z","properties":{"dispute_id":"d2","contract_id":"c2","initiator_role":"client","reason_category":"quality"}}"#,
            #"{"event":"dispute_state_updated","timestamp":"2027-01-04T12:00:00Z","properties":{"dispute_id":"d1","state":"mediation","sla_remaining_sec":3600}}"#,
            #"{"event":"dispute_resolved","timestamp":"2027-01-05T09:00:00Z","properties":{"dispute_id":"d2","resolution":"split"}}"#
        )
        let rows = try server.psql(
            "SELECT dispute_id, contract_id, owner, state, sla_deadline AT TIME ZONE 'UTC', resolution FROM disputes ORDER BY dispute_id")
        #expect(rows == "d1|c1|ops|mediation|2027-01-04 13:00:00|\nd2|c2||resolved||split\n")
    }

    @Test func theConnectionStringsPasswordIsNeverLoggedOrAnswered() throws {
        let port = try FreePort.find()
        let url = "postgresql://commswatch:hunter2-secret@127.0.0.1:\(port)/commswatch"
        let lines = Mutex<[String]>([])
        let registry = MetricRegistry()
        let processor = EventProcessor(registry: registry, window: IdempotencyWindow(capacity: 10), now: { 1_800_000_000 })
        var options = PostgresEventStore.Options(instance: "a")
        options.maxRetryDelay = .milliseconds(100)
        let store = PostgresEventStore(url: url, options: options, processor: processor) { _, message, fields in
            lines.withLock { $0.append("\(message) \(fields)") }
        }
        let started = Thread { _ = try? store.prepare() }
        started.start()
        let deadline = Date().addingTimeInterval(10)
        while lines.withLock({ $0.isEmpty }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let pipeline = IngestPipeline(processor: processor, hasher: PersonalDataHasher(key: [7]), registry: registry, store: store)
        let error = #expect(throws: IngestPipeline.RequestError.self) { try pipeline.ingestNDJSONWaiting(Array(Self.delivered("m1").utf8)) }
        store.close()
        #expect(error?.code == "database_unavailable")
        #expect(store.phase != .ready)
        let logged = lines.withLock { $0 }
        #expect(!logged.isEmpty && logged.allSatisfy { !$0.contains("hunter2") }, "\(logged)")
        #expect(!(error?.message.contains("hunter2") ?? true))
    }
}
