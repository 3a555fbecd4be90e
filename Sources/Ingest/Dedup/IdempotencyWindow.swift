import PrometheusModel
import Synchronization

/// The idempotency keys (`event_name:event_id`) seen recently, so that a repeated event is
/// acknowledged as a duplicate and changes no metric, in bounded memory.
///
/// - Bound: at most `capacity` keys. When the window is full the oldest key is forgotten (first in,
///   first out, by insertion; a duplicate does not refresh its key), and a key is forgotten once it
///   is `maxAge` old by the callers' clock. Expired keys are swept two per insert, and an expired
///   key that has not been swept yet already counts as new.
/// - Memory: keys are kept as 128-bit fingerprints, never as strings: a 24-byte ring entry
///   (fingerprint and time seen) plus 2–4 index slots of 8 bytes per key, all allocated in `init`.
///   The default window (1 000 000 keys, 2.1 slots per key) is 42 MB: the resident set of a
///   process that inserted 1 000 000 distinct keys like
///   `chat_message_sent:m-5f2c9a1e-7b3d-4e8a-9c6f-000000123456` grew by 42 bytes per key, to 50 MB.
/// - False duplicates: two distinct keys share a fingerprint with probability 2⁻¹²⁸, so the chance
///   that any two of the n keys in a full window collide is about n²/2¹²⁹ (1.5 × 10⁻²⁷ for
///   n = 10⁶), and each new key is wrongly called a duplicate with probability at most n/2¹²⁸
///   (3 × 10⁻³³). The hash is seeded per window from the system's random source, so senders cannot
///   construct collisions; it also means fingerprints mean nothing to another process, unless it
///   restores them with their secrets from a state snapshot (Snapshot/IdempotencyWindow+Snapshot.swift).
/// - Concurrency: windows of 65 536 keys or more are split into 16 shards by fingerprint, each
///   behind its own `Mutex`, so concurrent inserts rarely wait for each other. Each shard holds
///   1/16 of the capacity and evicts its own oldest key, so in a full sharded window a key is
///   forgotten after `capacity` ± about 4·√capacity later keys (one standard deviation; 0.4 % at
///   the default size) rather than exactly `capacity`. Smaller windows are one shard and evict in
///   exact insertion order.
/// - Cost: hashing the key plus a constant amount of table work, whatever the number of keys held;
///   no allocation after `init`. In a window that fits in cache that is about 60 ns; in the default
///   window it is dominated by two cache misses to RAM (the new key's slot and the evicted key's).
public final class IdempotencyWindow: Sendable {
    final class Shard: Sendable {
        let table: Mutex<FingerprintTable>

        init(capacity: Int, maxAge: Double) {
            table = Mutex(FingerprintTable(capacity: capacity, maxAge: maxAge))
        }
    }

    private static let shardedCount = 16
    private static let smallestShardedCapacity = 65_536

    /// Internal, with `shards`, for state snapshots.
    let hasher = SharedKeyHasher(KeyHasher())
    let shards: [Shard]

    /// A window of at most `capacity` keys, each remembered for at most `maxAge`.
    public init(capacity: Int = 1_000_000, maxAge: Duration = .seconds(24 * 3600)) {
        precondition(capacity > 0 && capacity <= 1 << 30, "capacity must be in 1...2³⁰, not \(capacity)")
        precondition(maxAge > .zero, "maxAge must be positive")
        let maxAgeSeconds = maxAge.inSeconds
        let shardCount = capacity >= Self.smallestShardedCapacity ? Self.shardedCount : 1
        shards = (0..<shardCount).map { index in
            let share = capacity / shardCount + (index < capacity % shardCount ? 1 : 0)
            return Shard(capacity: share, maxAge: maxAgeSeconds)
        }
    }

    /// Records `key` seen at `now` (seconds since the epoch, from the caller's clock). True when it was
    /// not in the window (the event is new), false when it is a duplicate. Thread-safe.
    public func insert(_ key: String, now: Double) -> Bool {
        let fingerprint = hasher.current.fingerprint(key)
        return shard(for: fingerprint).table.withLock { $0.insert(fingerprint, now: now) }
    }

    /// `insert` for a key given as its UTF-8 bytes, so callers can build keys without allocating.
    public func insert(utf8 key: UnsafeRawBufferPointer, now: Double) -> Bool {
        let fingerprint = hasher.current.fingerprint(key)
        return shard(for: fingerprint).table.withLock { $0.insert(fingerprint, now: now) }
    }

    /// Forgets `key` (the caller could not apply the event after all).
    public func remove(_ key: String) {
        let fingerprint = hasher.current.fingerprint(key)
        shard(for: fingerprint).table.withLock { $0.remove(fingerprint) }
    }

    /// Keys held now, including expired ones not yet swept.
    public var count: Int {
        shards.reduce(0) { total, shard in total + shard.table.withLock { $0.count } }
    }

    func shard(for fingerprint: KeyFingerprint) -> Shard {
        shards[Int(truncatingIfNeeded: fingerprint.high.multipliedFullWidth(by: UInt64(shards.count)).high)]
    }
}
