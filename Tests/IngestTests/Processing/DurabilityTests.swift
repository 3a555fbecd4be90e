import Foundation
import Ingest
import MetricRegistry
import Synchronization
import Testing

/// Ingest with an event store: events count only after the store took them; when it fails nothing
/// counts, the keys are given back so the retry is new; an event the store already held is a
/// duplicate; and every event round-trips through its record.
struct DurabilityTests {
    static let body = Array("""
        {"event": "chat_message_delivered", "event_id": "a", "properties": {"message_id": "a", "delivery_latency_ms": 10, "delivery_channel": "ws", "region": "eu"}}
        {"event": "chat_message_delivered", "event_id": "b", "properties": {"message_id": "b", "delivery_latency_ms": 20, "delivery_channel": "sse", "region": "us", "thread_id": 7}}
        """.utf8)

    func pipeline(_ store: RecordingStore, registry: MetricRegistry) -> IngestPipeline {
        let processor = EventProcessor(registry: registry, window: IdempotencyWindow(capacity: 100), now: { 1_800_000_000 })
        return IngestPipeline(processor: processor, hasher: PersonalDataHasher(key: [1]), registry: registry, store: store)
    }

    /// Observations in the delivery-latency histogram, over all its series.
    func delivered(_ registry: MetricRegistry) -> UInt64 {
        var total: UInt64 = 0
        for family in registry.snapshot() where family.name == "chat_ws_delivery_latency_ms" {
            for series in family.series {
                if case .histogram(let histogram) = series.value { total += histogram.count }
            }
        }
        return total
    }

    @Test func aFailedPersistCountsNothingAndTheRetryIsNew() throws {
        let store = RecordingStore()
        let registry = MetricRegistry()
        let ingest = pipeline(store, registry: registry)
        store.failing.store(true, ordering: .relaxed)
        let error = #expect(throws: IngestPipeline.RequestError.self) { try ingest.ingestNDJSONWaiting(Self.body) }
        #expect(error?.code == "disk_full" && error?.isUnavailable == true)
        #expect(delivered(registry) == 0)

        store.failing.store(false, ordering: .relaxed)
        let report = try ingest.ingestNDJSONWaiting(Self.body)
        #expect(report.accepted == 2 && report.duplicates == 0, "the failed attempt left no keys behind")
        #expect(delivered(registry) == 2)
        #expect(try ingest.ingestNDJSONWaiting(Self.body).duplicates == 2)
        #expect(store.records.withLock { $0.count } == 2, "duplicates are not journaled")
    }

    @Test func anEventTheStoreAlreadyHeldIsADuplicateAndCountsNothing() throws {
        let store = RecordingStore(heldElsewhere: ["b"])
        let registry = MetricRegistry()
        let report = try pipeline(store, registry: registry).ingestNDJSONWaiting(Self.body)
        #expect(report.accepted == 1 && report.duplicates == 1)
        #expect(delivered(registry) == 1)
        let duplicates = registry.snapshot().first { $0.name == "commswatch_events_duplicate_total" }?.series
            .first { $0.labels.values == ["chat_message_delivered"] }?.value
        #expect(duplicates == .scalar(1))
    }

    /// A store whose first write is answered only after `release`, and then fails, as a disk or
    /// database failing mid-write would; later writes succeed.
    final class FirstWriteFails: EventStore {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let writes = Atomic<Int>(0)
        let stored = RecordingStore()

        func store(
            _ events: [ValidatedEvent], receivedAt: Double,
            completion: @escaping @Sendable (Result<[Bool], EventStoreUnavailable>) -> Void
        ) {
            guard writes.add(1, ordering: .relaxed).oldValue > 0 else {
                entered.signal()
                Thread.detachNewThread { [release] in
                    release.wait()
                    completion(.failure(EventStoreUnavailable(code: "disk_failed", message: "the write failed")))
                }
                return
            }
            stored.store(events, receivedAt: receivedAt, completion: completion)
        }

        var unavailability: EventStoreUnavailable? { nil }
        func restore() {}
        func close() {}
    }

    @Test func aDuplicateOfAnEventStillBeingStoredIsNotAcknowledgedBeforeItsOutcome() throws {
        let store = FirstWriteFails()
        let registry = MetricRegistry()
        let processor = EventProcessor(registry: registry, window: IdempotencyWindow(capacity: 100), now: { 1_800_000_000 })
        let ingest = IngestPipeline(processor: processor, hasher: PersonalDataHasher(key: [1]), registry: registry, store: store)
        let outcomes = Mutex<[String: Result<IngestReport, IngestPipeline.RequestError>]>([:])
        func send(_ name: String) -> Thread {
            let thread = Thread {
                let outcome = Result { () throws(IngestPipeline.RequestError) in try ingest.ingestNDJSONWaiting(Self.body) }
                outcomes.withLock { $0[name] = outcome }
            }
            thread.start()
            return thread
        }
        _ = send("first")
        store.entered.wait()
        _ = send("retry")
        // The retry finds both keys taken by the first request, whose write has not answered yet.
        Thread.sleep(forTimeInterval: 0.3)
        #expect(outcomes.withLock { $0["retry"] } == nil, "no answer for the retry while the first write is pending")
        store.release.signal()
        while outcomes.withLock({ $0.count }) < 2 { Thread.sleep(forTimeInterval: 0.01) }

        let first = outcomes.withLock { $0["first"] }, retry = outcomes.withLock { $0["retry"] }
        guard case .failure(let error) = first else { Issue.record("the first request should fail: \(String(describing: first))"); return }
        #expect(error.isUnavailable)
        let report = try #require(try retry?.get())
        #expect(report.accepted == 2 && report.duplicates == 0, "the first write failed, so the retry's events are new: \(report)")
        #expect(store.stored.records.withLock { $0.count } == 2, "and stored by the retry")
        #expect(delivered(registry) == 2)
    }

    @Test func replayingTheRecordsRebuildsTheSameMetricsAndKeys() throws {
        let store = RecordingStore()
        let original = MetricRegistry()
        _ = try pipeline(store, registry: original).ingestNDJSONWaiting(Self.body)

        let rebuilt = MetricRegistry()
        let processor = EventProcessor(registry: rebuilt, window: IdempotencyWindow(capacity: 100), now: { 1_800_000_000 })
        for record in store.records.withLock({ $0 }) {
            let decoded = try record.withUnsafeBytes {
                try EventRecord(catalog: processor.catalog).decode($0)
            }
            let (event, receivedAt) = try #require(decoded)
            #expect(receivedAt == 1_800_000_000)
            processor.replay(event, receivedAt: receivedAt)
        }
        #expect(delivered(rebuilt) == 2)
        let ingest = IngestPipeline(processor: processor, hasher: PersonalDataHasher(key: [1]), registry: rebuilt, store: store)
        #expect(try ingest.ingestNDJSONWaiting(Self.body).duplicates == 2, "replay restored the idempotency keys")
    }

    @Test func aRecordKeepsEveryFieldOfTheEvent() throws {
        let catalog = Catalog.standard
        let index = try #require(catalog.events.firstIndex { $0.name == "chat_message_delivered" })
        let spec = catalog.events[index]
        var values = [PropertyValue?](repeating: nil, count: spec.properties.count)
        values[try #require(spec.propertyIndex("message_id"))] = .string("m-ü")
        values[try #require(spec.propertyIndex("delivery_latency_ms"))] = .number(12.5)
        values[try #require(spec.propertyIndex("thread_id"))] = .integer(-7)
        let event = ValidatedEvent(
            specIndex: index, name: spec.name, eventID: "id", timestamp: 1.5, timestampWasSent: true, distinctID: "hmac", values: values)
        let records = EventRecord(catalog: catalog)
        let bytes = records.encode(event, receivedAt: 2.5)
        let decoded = try bytes.withUnsafeBytes { try records.decode($0) }
        #expect(decoded?.event == event && decoded?.receivedAt == 2.5)
        #expect(throws: EventRecordError.self) {
            try Array(bytes.prefix(bytes.count - 3)).withUnsafeBytes {
                try records.decode($0)
            }
        }
    }

    /// The bytes docs/JOURNAL.md describes, field by field: journals written before keep replaying.
    @Test func aRecordIsLaidOutAsDocumented() throws {
        let catalog = Catalog.standard
        let index = try #require(catalog.events.firstIndex { $0.name == "chat_message_delivered" })
        let spec = catalog.events[index]
        var values = [PropertyValue?](repeating: nil, count: spec.properties.count)
        values[try #require(spec.propertyIndex("message_id"))] = .string("m")
        values[try #require(spec.propertyIndex("delivery_latency_ms"))] = .number(12.5)
        values[try #require(spec.propertyIndex("thread_id"))] = .integer(-7)
        let event = ValidatedEvent(
            specIndex: index, name: spec.name, eventID: "id", timestamp: 1.5, timestampWasSent: false, distinctID: nil, values: values)

        func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        func string(_ text: String) -> [UInt8] { le(UInt32(text.utf8.count)) + Array(text.utf8) }
        var expected: [UInt8] = [1] + le((2.5).bitPattern) + le((1.5).bitPattern) + [2] + string(spec.name) + string("id") + le(UInt64(3))
        for (position, property) in spec.properties.enumerated() {
            switch values[position] {
            case .string(let text)?: expected += string(property.name) + [UInt8(ascii: "s")] + string(text)
            case .number(let number)?: expected += string(property.name) + [UInt8(ascii: "n")] + le(number.bitPattern)
            case .integer(let number)?: expected += string(property.name) + [UInt8(ascii: "i")] + le(UInt64(bitPattern: number))
            default: break
            }
        }
        var out: [UInt8] = [9]
        EventRecord(catalog: catalog).encode(event, receivedAt: 2.5, into: &out)
        #expect(out == [9] + expected, "appended after what the buffer held, in the documented layout")
    }
}
