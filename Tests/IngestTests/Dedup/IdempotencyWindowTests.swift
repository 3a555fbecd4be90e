import Dispatch
import Ingest
import Synchronization
import Testing

struct IdempotencyWindowTests {
    @Test func aRepeatedKeyIsADuplicateAndChangesNothing() {
        let window = IdempotencyWindow(capacity: 8)
        #expect(window.insert("chat_message_sent:m-1", now: 100))
        #expect(!window.insert("chat_message_sent:m-1", now: 101))
        #expect(window.insert("chat_message_delivered:m-1", now: 102))
        #expect(!window.insert("chat_message_delivered:m-1", now: 103))
        #expect(window.insert("", now: 104))
        #expect(!window.insert("", now: 105))
        #expect(window.count == 3)
    }

    @Test func keysDifferingInOneByteAnywhereAreDistinct() {
        let window = IdempotencyWindow(capacity: 10_000)
        let base = Array("dispute_state_updated:d-7f1e2a9c-0b44-4d2e-8a11-5c3b9e0f7d21:in_review".utf8)
        #expect(window.insert(String(decoding: base, as: UTF8.self), now: 0))
        for length in 0...base.count {
            #expect(window.insert(String(decoding: base[..<length], as: UTF8.self) + "#", now: 0), "prefix \(length)")
        }
        for index in base.indices {
            var changed = base
            changed[index] ^= 0x01
            #expect(window.insert(String(decoding: changed, as: UTF8.self), now: 0), "byte \(index)")
        }
        #expect(window.count == 1 + (base.count + 1) + base.count)
    }

    @Test func whenFullTheOldestKeyIsForgottenFirst() {
        let window = IdempotencyWindow(capacity: 3)
        for key in ["a", "b", "c", "d"] { #expect(window.insert(key, now: 0)) }
        #expect(window.count == 3)
        #expect(!window.insert("b", now: 0), "b, c and d are held")
        #expect(!window.insert("c", now: 0))
        #expect(!window.insert("d", now: 0))
        #expect(window.insert("a", now: 0), "a was evicted first; inserting it again evicts b")
        #expect(window.insert("b", now: 0), "which now evicts c")
        #expect(!window.insert("d", now: 0))
        #expect(window.insert("c", now: 0))
        #expect(window.count == 3)
    }

    @Test func aKeyIsForgottenOnceItIsMaxAgeOld() {
        let window = IdempotencyWindow(capacity: 100, maxAge: .seconds(10))
        #expect(window.insert("a", now: 1000))
        #expect(window.insert("b", now: 1004))
        #expect(!window.insert("a", now: 1009.999))
        #expect(window.insert("a", now: 1010), "10 s old: forgotten, and new again")
        #expect(!window.insert("a", now: 1011))
        #expect(!window.insert("b", now: 1013.5))
        #expect(window.insert("b", now: 1014))
    }

    @Test func anExpiredKeyComesBackIntoAFullWindow() {
        let window = IdempotencyWindow(capacity: 1, maxAge: .seconds(10))
        #expect(window.insert("a", now: 0))
        #expect(window.insert("a", now: 10))
        #expect(window.count == 1)
        #expect(window.insert("b", now: 10))
        #expect(window.insert("a", now: 10))
        #expect(!window.insert("a", now: 19))
        #expect(window.count == 1)
    }

    @Test func expiredKeysAreSweptAsNewOnesArrive() {
        let window = IdempotencyWindow(capacity: 100, maxAge: .milliseconds(1500))
        for index in 0..<10 { #expect(window.insert("old-\(index)", now: 0)) }
        #expect(window.count == 10)
        for index in 0..<10 { #expect(window.insert("new-\(index)", now: 2)) }
        #expect(window.count == 10, "each insert sweeps up to two expired keys")
    }

    @Test func aClockThatStepsBackDoesNotForgetKeys() {
        let window = IdempotencyWindow(capacity: 100, maxAge: .seconds(60))
        #expect(window.insert("a", now: 1000))
        #expect(!window.insert("a", now: 900))
        #expect(window.insert("b", now: 900))
        #expect(!window.insert("b", now: 959))
    }

    @Test func removeForgetsOneKey() {
        let window = IdempotencyWindow(capacity: 4)
        for key in ["a", "b", "c"] { #expect(window.insert(key, now: 0)) }
        window.remove("c")
        window.remove("never-seen")
        #expect(window.count == 2)
        #expect(window.insert("c", now: 0), "the event can be sent again")
        window.remove("a")
        #expect(window.count == 2)
        #expect(window.insert("a", now: 0))
        #expect(!window.insert("b", now: 0))
        #expect(!window.insert("c", now: 0))
    }

    @Test func theDefaultWindowHoldsKeys() {
        let window = IdempotencyWindow()
        #expect(window.insert("contract_started:c-1", now: 1.7e9))
        #expect(!window.insert("contract_started:c-1", now: 1.7e9 + 23 * 3600))
        #expect(window.insert("contract_started:c-1", now: 1.7e9 + 24 * 3600))
    }

    /// 65 536 keys and up are split into 16 shards that each hold 4 096 of the newest keys they were
    /// given: the window never holds more than its capacity, never mistakes a new key for an old one,
    /// and still holds every recent key (the newest half is far inside every shard's share).
    @Test func aShardedWindowIsBoundedAndHasNoFalseDuplicates() {
        let capacity = 65_536
        let window = IdempotencyWindow(capacity: capacity)
        let keys = (0..<(3 * capacity)).map { "chat_message_sent:m-\($0)" }
        var falseDuplicates = 0
        for key in keys where !window.insert(key, now: 0) { falseDuplicates += 1 }
        #expect(falseDuplicates == 0)
        #expect(window.count == capacity)
        var forgotten = 0
        for key in keys.suffix(capacity / 2) where window.insert(key, now: 0) { forgotten += 1 }
        #expect(forgotten == 0)
        #expect(window.insert(keys[0], now: 0))
        #expect(window.count == capacity)
    }

    /// Four threads insert the same keys in different orders: each key is reported new exactly once.
    @Test func concurrentInsertsReportEachKeyNewExactlyOnce() {
        let keyCount = 20_000
        let threads = 4
        let window = IdempotencyWindow(capacity: 65_536)
        let keys = (0..<keyCount).map { "notification_delivered:n-\($0)" }
        let reportedNew = Mutex([Int](repeating: 0, count: keyCount))
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var mine: [Int] = []
            for step in 0..<keyCount {
                let index = (thread * 7919 + step * (thread % 2 == 0 ? 1 : keyCount - 1)) % keyCount
                if window.insert(keys[index], now: Double(step)) { mine.append(index) }
            }
            reportedNew.withLock { counts in
                for index in mine { counts[index] += 1 }
            }
        }
        let counts = reportedNew.withLock { $0 }
        #expect(counts.allSatisfy { $0 == 1 })
        #expect(window.count == keyCount)
    }
}
