import Ingest
import TestSupport
import Testing

/// Drives a window and a plain-array model of its documented behaviour with the same random
/// operations and compares every answer: eviction order, expiry and `remove` must match exactly.
struct EvictionOrderTests {
    @Test(arguments: [1, 2, 8, 33])
    func answersMatchTheModel(capacity: Int) {
        var random = SeededRandom(seed: UInt64(capacity))
        let maxAge = 50.0
        let window = IdempotencyWindow(capacity: capacity, maxAge: .seconds(maxAge))
        var model = ModelWindow(capacity: capacity, maxAge: maxAge)
        let keys = (0..<(3 * capacity + 2)).map { "chat_thread_created:t-\($0)" }
        var now = 1_700_000_000.0
        var mismatches: [String] = []
        for step in 0..<20_000 {
            let key = keys[Int(random.next() % UInt64(keys.count))]
            switch random.next() % 10 {
            case 0:
                window.remove(key)
                model.remove(key)
            case 1, 2:
                now += Double(random.next() % 20)
            default:
                let answer = window.insert(key, now: now)
                let expected = model.insert(key, now: now)
                if answer != expected { mismatches.append("step \(step): insert \(key) answered \(answer)") }
            }
            #expect(window.count <= capacity)
        }
        let firstMismatches = mismatches.prefix(3)
        #expect(mismatches.count == 0, "\(firstMismatches)")
    }
}

/// The documented behaviour of a one-shard window, written as simply as possible: a list in
/// insertion order whose removed keys stay as vacant entries until they reach the front, unless
/// they are at the back.
private struct ModelWindow {
    let capacity: Int
    let maxAge: Double
    var entries: [(key: String?, seenAt: Double)] = []

    mutating func insert(_ key: String, now: Double) -> Bool {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            if now - entries[index].seenAt < maxAge { return false }
            entries[index].key = nil
        }
        if entries.count == capacity { entries.removeFirst() }
        entries.append((key, now))
        return true
    }

    mutating func remove(_ key: String) {
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return }
        entries[index].key = nil
        while let last = entries.last, last.key == nil { entries.removeLast() }
    }
}
