import EventJournal
import Foundation
import Ingest
import JournalStore
import MetricRegistry
import Synchronization

/// The embedded journal's cost: batched ingest through the pipeline with and without it (same run,
/// same events), and how fast a journal of millions of events replays into a fresh processor.
enum JournalBenchmark {
    struct Throughput {
        var withJournal: Double
        var withoutJournal: Double
    }

    /// Events per second through the pipeline, NDJSON batches of 1 000, `threads` threads, with a
    /// journal in a temporary directory (group commit, fdatasync per write) and without one.
    static func pipeline(threads: Int, batchesPerThread: Int) throws -> Throughput {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-bench-journal-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journaled = try run(threads: threads, batchesPerThread: batchesPerThread, prefix: "j") { processor, gate in
            try JournalEventStore(options: .init(directory: directory), processor: processor, gate: gate) { _, _, _ in }
        }
        let plain = try run(threads: threads, batchesPerThread: batchesPerThread, prefix: "p") { _, _ in nil }
        return Throughput(withJournal: journaled, withoutJournal: plain)
    }

    /// Events per second through a pipeline storing into what `store` makes for the processor (and
    /// restores: an empty start), each thread with one batch in flight at a time.
    static func run(
        threads: Int, batchesPerThread: Int, prefix: String, store: (EventProcessor, IngestGate) throws -> (any EventStore)?
    ) throws -> Double {
        let registry = MetricRegistry()
        let processor = EventProcessor(registry: registry, window: IdempotencyWindow(capacity: 1_000_000), now: { Date().timeIntervalSince1970 })
        let gate = IngestGate()
        let eventStore = try store(processor, gate)
        try eventStore?.restore()
        defer { eventStore?.close() }
        let pipeline = IngestPipeline(processor: processor, hasher: .withRandomKey(), registry: registry, store: eventStore, gate: gate)
        let work = (0..<threads).map { IngestBenchmark.batches(count: batchesPerThread, size: 1000, prefix: "\(prefix)\($0)") }
        let failures = Failures()
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for body in work[thread] where (try? pipeline.ingestNDJSONWaiting(body))?.accepted != 1000 {
                failures.count.add(1, ordering: .relaxed)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard failures.count.load(ordering: .relaxed) == 0 else { throw BenchmarkError(description: "a benchmark batch was not fully accepted") }
        return Double(threads * batchesPerThread * 1000) / seconds
    }

    /// Writes `events` journal records (chat_message_delivered with unique ids) and replays them into a
    /// fresh processor; returns events per second of the replay and the journal's size.
    static func replay(events: Int) throws -> (eventsPerSecond: Double, bytes: Int, readOnly: Double, decodeOnly: Double) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-bench-replay-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try Journal(directory: directory)
        try writer.replay { _ in }
        let codec = EventRecord(catalog: .standard)
        let event = try delivered()
        for batch in stride(from: 0, to: events, by: 10_000) {
            let records = (batch..<min(events, batch + 10_000)).map { n in
                codec.encode(event(n, 1.7e9 + Double(n)), receivedAt: 1.7e9 + Double(n))
            }
            try writer.append(records)
        }
        let registry = MetricRegistry()
        let processor = EventProcessor(registry: registry, window: IdempotencyWindow(capacity: 1_000_000), now: { 1.7e9 })
        let readStart = DispatchTime.now().uptimeNanoseconds
        _ = try Journal(directory: directory).verify()
        let readSeconds = Double(DispatchTime.now().uptimeNanoseconds - readStart) / 1e9
        let decodeStart = DispatchTime.now().uptimeNanoseconds
        try Journal(directory: directory).replay { bytes in
            _ = try codec.decode(bytes)
        }
        let decodeSeconds = Double(DispatchTime.now().uptimeNanoseconds - decodeStart) / 1e9
        let start = DispatchTime.now().uptimeNanoseconds
        let report = try Journal(directory: directory).replay { bytes in
            guard let (event, receivedAt) = try codec.decode(bytes) else { return }
            processor.replay(event, receivedAt: receivedAt)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard report.records == events else { throw BenchmarkError(description: "replayed \(report.records) of \(events) events") }
        return (Double(events) / seconds, report.bytes, Double(events) / readSeconds, Double(events) / decodeSeconds)
    }

    /// A processor whose idempotency window holds `keys` keys (1 000 000 fills it), snapshotted and
    /// restored into a fresh one: the snapshot's size, and seconds to take it and to restore it.
    static func snapshot(keys: Int) throws -> (bytes: Int, takeSeconds: Double, restoreSeconds: Double) {
        let event = try delivered()
        let processor = EventProcessor(registry: MetricRegistry(), window: IdempotencyWindow(capacity: 1_000_000), now: { 1.7e9 })
        for n in 0..<keys { processor.replay(event(n, 1.7e9), receivedAt: 1.7e9) }
        let takeStart = DispatchTime.now().uptimeNanoseconds
        let snapshot = processor.snapshotState()
        let takeSeconds = Double(DispatchTime.now().uptimeNanoseconds - takeStart) / 1e9
        let restored = EventProcessor(registry: MetricRegistry(), window: IdempotencyWindow(capacity: 1_000_000), now: { 1.7e9 })
        let restoreStart = DispatchTime.now().uptimeNanoseconds
        try restored.restoreState(from: snapshot)
        return (snapshot.count, takeSeconds, Double(DispatchTime.now().uptimeNanoseconds - restoreStart) / 1e9)
    }

    /// Makes the `n`th `chat_message_delivered` event (its own message id), at `time`.
    private static func delivered() throws -> @Sendable (_ n: Int, _ time: Double) -> ValidatedEvent {
        let catalog = Catalog.standard
        guard let spec = catalog.events.firstIndex(where: { $0.name == "chat_message_delivered" }) else {
            throw BenchmarkError(description: "the catalog has no chat_message_delivered")
        }
        let names = catalog.events[spec].properties.map(\.name)
        return { n, time in
            func value(_ name: String) -> PropertyValue? {
                switch name {
                case "message_id": .string("m-5f2c9a1e-7b3d-4e8a-9c6f-\(n)")
                case "thread_id": .string("t-42")
                case "delivery_latency_ms": .number(Double(n % 2000))
                case "delivery_channel": .string("ws")
                case "region": .string("eu")
                default: nil
                }
            }
            return ValidatedEvent(
                specIndex: spec, name: "chat_message_delivered", eventID: nil, timestamp: time, timestampWasSent: true,
                distinctID: nil, values: names.map(value))
        }
    }

    private final class Failures: Sendable {
        let count = Atomic<Int>(0)
    }
}
