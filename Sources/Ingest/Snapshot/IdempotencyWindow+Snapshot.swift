import Synchronization

/// The `window` section: the idempotency window's hasher secrets and each shard's ring, so that keys
/// taken before the snapshot are still duplicates after it and are forgotten when they would have
/// been. A fingerprint is only meaningful with the secrets it was made with (KeyFingerprint.swift
/// says why saving them in a local snapshot is safe), so the restored window takes them too.
///
/// Body: the eight secret words (UInt64 each), a shard count, then per shard its capacity (UInt32),
/// an entry count (UInt32) and its ring entries, oldest first, 24 bytes each: the fingerprint (two
/// UInt64s; both 0 for the entry of a removed key, which still holds its place in the ring) and the
/// time the key was seen (Float64). A window of a million keys takes 24 MB.
///
/// Restored into a window with the same shard capacities, every ring is put back as it was, so the
/// window answers and evicts exactly as the saved one. When the capacity has changed in between, the
/// saved keys are inserted again in the order they were seen, each with its time, which keeps their
/// ages and (within what the new capacity holds) their order, but not the places removed keys held.
extension IdempotencyWindow: SnapshotSection {
    typealias Entry = (fingerprint: KeyFingerprint, seenAt: Double)

    struct Saved {
        var hasher: KeyHasher
        var shards: [(capacity: Int, entries: [Entry])]
    }

    static let sectionName = "window"
    private static let entrySize = 24

    func save(into out: inout [UInt8]) {
        let secrets = hasher.current.secrets
        for index in secrets.indices { out.appendUInt64(secrets[index]) }
        out.appendUInt32(UInt32(shards.count))
        // Reserved once: a million entries copied at every shard's growth would cost more than writing them.
        let entries = shards.reduce(0) { total, shard in total + shard.table.withLock { $0.length } }
        out.reserveCapacity(out.count + shards.count * 8 + entries * Self.entrySize)
        for shard in shards {
            shard.table.withLock { table in
                out.appendUInt32(UInt32(table.capacity))
                out.appendUInt32(UInt32(table.length))
                table.forEachEntry { fingerprint, seenAt in
                    out.appendUInt64(fingerprint.high)
                    out.appendUInt64(fingerprint.low)
                    out.appendDouble(seenAt)
                }
            }
        }
    }

    static func read(_ reader: inout SectionReader) throws(SnapshotError) -> Saved {
        var secrets = InlineArray<8, UInt64>(repeating: 0)
        for index in secrets.indices { secrets[index] = try reader.uint64() }
        var shards: [(capacity: Int, entries: [Entry])] = []
        for number in 0..<(try reader.count(ofItemsAtLeast: 8)) {
            let capacity = Int(try reader.uint32())
            let count = try reader.count(ofItemsAtLeast: entrySize)
            guard count <= capacity else {
                throw damaged("shard \(number) holds \(count) entries but only has room for \(capacity)")
            }
            let block = try reader.take(count * entrySize)
            func word(_ offset: Int) -> UInt64 {
                UInt64(littleEndian: block.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            }
            let entries = (0..<count).map { index in
                let offset = index * entrySize
                return (KeyFingerprint(high: word(offset), low: word(offset + 8)), Double(bitPattern: word(offset + 16)))
            }
            shards.append((capacity, entries))
        }
        return Saved(hasher: KeyHasher(secrets: secrets), shards: shards)
    }

    func restore(_ saved: Saved) {
        hasher.replace(with: saved.hasher)
        let capacities = shards.map { $0.table.withLock { $0.capacity } }
        if saved.shards.map(\.capacity) == capacities {
            for (shard, savedShard) in zip(shards, saved.shards) { shard.table.withLock { $0.restore(savedShard.entries) } }
            return
        }
        for shard in shards { shard.table.withLock { $0.restore([]) } }
        let keys = saved.shards.flatMap(\.entries).enumerated()
            .filter { $0.element.fingerprint != .vacant }
            .sorted { ($0.element.seenAt, $0.offset) < ($1.element.seenAt, $1.offset) }
        for (_, key) in keys {
            _ = shard(for: key.fingerprint).table.withLock { $0.insert(key.fingerprint, now: key.seenAt) }
        }
    }
}
