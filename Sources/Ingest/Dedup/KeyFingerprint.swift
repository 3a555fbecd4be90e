import Synchronization

/// The 128 bits the idempotency window keeps in place of a key string.
struct KeyFingerprint: Equatable, Sendable {
    var high: UInt64
    var low: UInt64

    /// Marks a ring entry whose key was removed. `KeyHasher` never produces it.
    static let vacant = KeyFingerprint(high: 0, low: 0)
}

/// A seeded 128-bit hash of short strings.
///
/// Two 64-bit lanes with independent secrets read the same 8-byte words; each word is folded into a
/// lane with a 64×64→128-bit multiply whose halves are xor-ed together (wyhash's "mum" step), which
/// spreads every input bit across the lane in one multiply. The secrets are drawn from the system's
/// random source when the hasher is made, so a sender cannot precompute keys that collide (this is
/// not a MAC: it resists senders who cannot see the secrets, which is all a window needs). The same
/// key therefore has a different fingerprint in every process, and a fingerprint means nothing without
/// its secrets. A state snapshot (`EventProcessor.snapshotState()`) saves both, so the restored window
/// answers as the saved one did; that is safe because the snapshot is a local file only the service
/// can read (mode 0600), which keeps the secrets from senders as well as memory does. Never put them
/// (or fingerprints) anywhere a sender could read them: logs, metrics, answers.
struct KeyHasher: Sendable {
    /// One lane's secrets: where its state starts, what each word and the chained state are xor-ed
    /// with before the multiply, and what the length is xor-ed with at the end.
    private struct Lane: Sendable {
        var start: UInt64
        var word: UInt64
        var chain: UInt64
        var finish: UInt64

        init(using generator: inout some RandomNumberGenerator) {
            start = generator.next()
            word = generator.next()
            chain = generator.next()
            finish = generator.next()
        }

        init(_ secrets: InlineArray<8, UInt64>, from index: Int) {
            start = secrets[index]
            word = secrets[index + 1]
            chain = secrets[index + 2]
            finish = secrets[index + 3]
        }
    }

    private let first: Lane
    private let second: Lane

    /// A hasher with fresh secrets.
    init() {
        var generator = SystemRandomNumberGenerator()
        first = Lane(using: &generator)
        second = Lane(using: &generator)
    }

    /// The hasher whose `secrets` these are: it gives every key the fingerprint that one did.
    init(secrets: InlineArray<8, UInt64>) {
        first = Lane(secrets, from: 0)
        second = Lane(secrets, from: 4)
    }

    /// The eight secret words, both lanes' in declaration order.
    var secrets: InlineArray<8, UInt64> {
        [first.start, first.word, first.chain, first.finish, second.start, second.word, second.chain, second.finish]
    }

    func fingerprint(_ key: String) -> KeyFingerprint {
        if let fingerprint = key.utf8.withContiguousStorageIfAvailable({ fingerprint(UnsafeRawBufferPointer($0)) }) {
            return fingerprint
        }
        return Array(key.utf8).withUnsafeBytes { fingerprint($0) }
    }

    /// Hashes `bytes` as whole 8-byte words; the last word is the final 8 bytes (overlapping the one
    /// before when the length is not a multiple of 8), or the zero-padded bytes of a key shorter than
    /// 8. Together with the length, which is mixed in last, these words determine the key exactly.
    func fingerprint(_ bytes: UnsafeRawBufferPointer) -> KeyFingerprint {
        let count = bytes.count
        var a = first.start
        var b = second.start
        var offset = 0
        while offset + 8 < count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            a = Self.mix(word ^ first.word, a ^ first.chain)
            b = Self.mix(word ^ second.word, b ^ second.chain)
            offset += 8
        }
        let last: UInt64
        if count >= 8 {
            last = bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else {
            var packed: UInt64 = 0
            for index in 0..<count { packed |= UInt64(bytes[index]) << (8 * UInt64(index)) }
            last = packed
        }
        a = Self.mix(last ^ first.word, a ^ first.chain)
        b = Self.mix(last ^ second.word, b ^ second.chain)
        a = Self.mix(a ^ first.word, UInt64(count) ^ first.finish)
        b = Self.mix(b ^ second.word, UInt64(count) ^ second.finish)
        if a == 0 && b == 0 { b = 1 }
        return KeyFingerprint(high: a, low: b)
    }

    @inline(__always)
    private static func mix(_ x: UInt64, _ y: UInt64) -> UInt64 {
        let product = x.multipliedFullWidth(by: y)
        return product.high ^ product.low
    }
}

/// The window's `KeyHasher`, replaceable without putting a lock on the hot path: its eight secrets
/// sit in relaxed atomics and are read into a `KeyHasher` value per key, which costs eight plain loads.
/// They are replaced only when a snapshot is restored into a window that does not serve yet; whatever
/// then hands the window to the threads that serve it (a lock, starting a thread) orders that write
/// before their reads.
final class SharedKeyHasher: Sendable {
    private let secrets: InlineArray<8, Atomic<UInt64>>

    init(_ hasher: KeyHasher) {
        let words = hasher.secrets
        secrets = InlineArray { Atomic(words[$0]) }
    }

    var current: KeyHasher {
        func word(_ index: Int) -> UInt64 { secrets[index].load(ordering: .relaxed) }
        return KeyHasher(secrets: [word(0), word(1), word(2), word(3), word(4), word(5), word(6), word(7)])
    }

    func replace(with hasher: KeyHasher) {
        let words = hasher.secrets
        for index in 0..<8 { secrets[index].store(words[index], ordering: .relaxed) }
    }
}
