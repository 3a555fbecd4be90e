import Ingest
import MetricRegistry
import TestSupport
import Testing

/// A full default-size idempotency window survives a snapshot: compactly, with every key, its age
/// and its place in the eviction order.
struct WindowSnapshotTests {
    static let capacity = 1_000_000
    static let start = 1_800_000_000.0
    /// Key `i` is taken at `start + i · spacing`, so the keys span about 14 hours.
    static let spacing = 0.05

    /// A processor whose window took the keys `chat_message_sent:m-0` … `m-999999`.
    static func filled() -> (EventProcessor, IdempotencyWindow) {
        let (processor, window) = make()
        let taken = (0..<capacity).count { processor.admit(message($0), now: start + Double($0) * spacing) }
        #expect(taken == capacity, "every key is new")
        return (processor, window)
    }

    static func make() -> (EventProcessor, IdempotencyWindow) {
        let window = IdempotencyWindow(capacity: capacity)
        return (EventProcessor(registry: MetricRegistry(), window: window, now: { start }), window)
    }

    static let messageSpec = Catalog.standard.events.firstIndex { $0.name == "chat_message_sent" }!

    static func message(_ index: Int) -> ValidatedEvent {
        ValidatedEvent(
            specIndex: messageSpec, name: "chat_message_sent", eventID: "m-\(index)", timestamp: start, timestampWasSent: false,
            distinctID: nil, values: [])
    }

    @Test func aMillionKeysRoundTripCompactly() throws {
        let (original, originalWindow) = Self.filled()
        let bytes = original.snapshotState()
        #expect(bytes.count <= 24 * Self.capacity + 64 * 1024, "\(bytes.count) bytes")

        let (copy, copyWindow) = Self.make()
        try copy.restoreState(from: bytes)
        // Each of the 16 shards evicts on its own once full, so a little under a million are held.
        #expect(copyWindow.count == originalWindow.count && originalWindow.count > 990_000, "\(copyWindow.count) keys")

        // Probed a day after the middle key was taken, the older half has expired in both and the
        // newer half is still held; every probe takes the key, so both must also evict alike.
        let probeTime = Self.start + Double(Self.capacity / 2) * Self.spacing + 86_400
        var mismatches: [Int] = []
        for index in stride(from: 7, to: Self.capacity, by: 997) {
            let expected = index < Self.capacity / 2
            let answers = (original.admit(Self.message(index), now: probeTime), copy.admit(Self.message(index), now: probeTime))
            if answers != (expected, expected) { mismatches.append(index) }
        }
        // New keys evict the oldest ones still held, shard by shard, in both alike.
        for index in Self.capacity..<(Self.capacity + 700_000) {
            let answers = (original.admit(Self.message(index), now: probeTime), copy.admit(Self.message(index), now: probeTime))
            if answers != (true, true) { mismatches.append(index) }
        }
        for index in stride(from: Self.capacity / 2, to: Self.capacity, by: 101) {
            let answers = (original.admit(Self.message(index), now: probeTime), copy.admit(Self.message(index), now: probeTime))
            if answers.0 != answers.1 { mismatches.append(index) }
        }
        #expect(mismatches.isEmpty, "first mismatches at \(mismatches.prefix(5))")
        #expect(copyWindow.count == originalWindow.count)
    }

    /// Random takes, removals (keys given back) and waits on a window never restored and on one restored
    /// again and again from its own snapshots: removed keys hold their place in the ring until it
    /// reaches them, and keys expire, in the restored window as in the saved one, so every answer agrees.
    @Test(arguments: [1, 8, 33])
    func removalsAndExpiryAnswerAlike(capacity: Int) throws {
        func make() -> EventProcessor {
            EventProcessor(registry: MetricRegistry(), window: IdempotencyWindow(capacity: capacity, maxAge: .seconds(50)), now: { Self.start })
        }
        var random = SeededRandom(seed: UInt64(capacity))
        var now = Self.start
        /// Runs one random operation on each processor; returns their answers (nil for no answer).
        func step(_ processors: [EventProcessor]) -> [Bool?] {
            let event = Self.message(Int(random.next() % UInt64(3 * capacity + 2)))
            switch random.next() % 10 {
            case 0:
                processors.forEach { $0.release(event) }
                return processors.map { _ in nil }
            case 1:
                // Slowly enough that eviction, where removed keys' places matter, often comes before expiry.
                now += Double(random.next() % 5)
                return processors.map { _ in nil }
            default:
                return processors.map { $0.admit(event, now: now) }
            }
        }
        let original = make()
        for _ in 0..<1_000 { _ = step([original]) }
        var copy = original
        var mismatches: [Int] = []
        // A difference in the restored ring shows until the ring has turned over, so restore often.
        for cycle in 0..<300 {
            let restored = make()
            try restored.restoreState(from: copy.snapshotState())
            copy = restored
            for _ in 0..<20 {
                let answers = step([original, copy])
                if answers[0] != answers[1] { mismatches.append(cycle) }
            }
        }
        #expect(mismatches.isEmpty, "first mismatches after restores \(mismatches.prefix(5))")
    }
}
