/// One shard of the idempotency window: fingerprints in insertion order, plus an index to find them.
///
/// The ring holds `capacity` entries of (fingerprint, time seen), oldest at `head`; it is both the
/// storage and the eviction order. The index is an open-addressing table with linear probing whose
/// 8-byte slots hold 32 bits of the fingerprint (the tag, which also picks the home slot) and the
/// entry's ring position, so a probe for a new key reads one or two cache lines and touches the ring
/// only when a tag matches. It has at least two slots per entry, so probe runs stay short. Deletion
/// shifts the rest of the run back instead of leaving tombstones, so the table never degrades.
///
/// An insert does a fixed amount of work besides those short probes: it sweeps at most two expired
/// entries, and an expired key that is looked up before it is swept counts as absent.
///
/// Both arrays are allocated once, in `init`, and indexed only with ring positions below
/// `ringCapacity` and slot numbers masked with `mask`, which is what makes raw pointers safe here.
/// They spare every access the uniqueness and bounds checks of `Array`, which profiles showed to be
/// the largest part of an insert into a window that fits in cache.
struct FingerprintTable: ~Copyable {
    private struct Entry {
        var fingerprint: KeyFingerprint
        var seenAt: Double
    }

    private static let sweepPerInsert = 2

    private let maxAge: Double
    private let ring: UnsafeMutablePointer<Entry>
    private let ringCapacity: Int
    private var head = 0
    /// Ring entries from `head` on, including vacant ones (keys removed, or expired and inserted again).
    private(set) var length = 0
    /// Keys held: ring entries that are not vacant (expired ones not yet swept included).
    private(set) var count = 0
    /// 0 is empty; otherwise `tag << 32 | (ring position + 1)`.
    private let slots: UnsafeMutablePointer<UInt64>
    private let mask: Int

    init(capacity: Int, maxAge: Double) {
        precondition(capacity > 0 && capacity < 1 << 31, "capacity \(capacity) out of range")
        self.maxAge = maxAge
        ringCapacity = capacity
        ring = .allocate(capacity: capacity)
        ring.initialize(repeating: Entry(fingerprint: .vacant, seenAt: 0), count: capacity)
        let slotCount = max(8, (2 * capacity).nextPowerOfTwo)
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        mask = slotCount - 1
    }

    deinit {
        ring.deallocate()
        slots.deallocate()
    }

    /// The most ring entries the table holds.
    var capacity: Int { ringCapacity }

    /// Calls `body` with the `length` ring entries, oldest first, vacant ones included (as `.vacant`):
    /// with their order, that is everything that decides what the table answers and when it evicts,
    /// which is what a snapshot saves.
    func forEachEntry(_ body: (_ fingerprint: KeyFingerprint, _ seenAt: Double) -> Void) {
        for offset in 0..<length {
            var position = head + offset
            if position >= ringCapacity { position -= ringCapacity }
            body(ring[position].fingerprint, ring[position].seenAt)
        }
    }

    /// Replaces the contents with `entries`, oldest first, as `forEachEntry` listed them, so the table
    /// answers and evicts exactly as the one they were saved from. At most `capacity` entries.
    mutating func restore(_ entries: [(fingerprint: KeyFingerprint, seenAt: Double)]) {
        precondition(entries.count <= ringCapacity, "\(entries.count) entries do not fit a ring of \(ringCapacity)")
        ring.update(repeating: Entry(fingerprint: .vacant, seenAt: 0), count: ringCapacity)
        slots.update(repeating: 0, count: mask + 1)
        head = 0
        length = entries.count
        count = 0
        for (position, (fingerprint, seenAt)) in entries.enumerated() {
            ring[position] = Entry(fingerprint: fingerprint, seenAt: seenAt)
            guard fingerprint != .vacant else { continue }
            count += 1
            index(fingerprint, at: position)
        }
    }

    /// Adds `fingerprint` unless it is held and younger than `maxAge`; true when it was added.
    mutating func insert(_ fingerprint: KeyFingerprint, now: Double) -> Bool {
        sweepExpired(now: now)
        if let slot = find(fingerprint) {
            if !isExpired(ring[position(slots[slot])], now: now) { return false }
            erase(slot: slot)
        }
        if length == ringCapacity { dropOldest() }
        var position = head + length
        if position >= ringCapacity { position -= ringCapacity }
        ring[position] = Entry(fingerprint: fingerprint, seenAt: now)
        length += 1
        count += 1
        index(fingerprint, at: position)
        return true
    }

    /// Forgets `fingerprint` if held. When it is the newest entry (the usual case: an event that was
    /// just inserted could not be applied) its ring entry is reclaimed at once; otherwise the entry
    /// stays, vacant, until it reaches the head of the ring.
    mutating func remove(_ fingerprint: KeyFingerprint) {
        guard let slot = find(fingerprint) else { return }
        erase(slot: slot)
        while length > 0 {
            var last = head + length - 1
            if last >= ringCapacity { last -= ringCapacity }
            guard ring[last].fingerprint == .vacant else { break }
            length -= 1
        }
    }

    /// Adds the slot that finds `fingerprint` at ring `position`.
    private mutating func index(_ fingerprint: KeyFingerprint, at position: Int) {
        let tag = Self.tag(fingerprint)
        var slot = Int(tag) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = UInt64(tag) << 32 | UInt64(position + 1)
    }

    private func isExpired(_ entry: Entry, now: Double) -> Bool {
        now - entry.seenAt >= maxAge
    }

    private mutating func sweepExpired(now: Double) {
        var budget = Self.sweepPerInsert
        while budget > 0 && length > 0 {
            let oldest = ring[head]
            guard oldest.fingerprint == .vacant || isExpired(oldest, now: now) else { return }
            dropOldest()
            budget -= 1
        }
    }

    /// Removes the entry at the head of the ring, and its slot when it still holds a key.
    private mutating func dropOldest() {
        let fingerprint = ring[head].fingerprint
        if fingerprint != .vacant {
            let tag = Self.tag(fingerprint)
            let wanted = UInt64(tag) << 32 | UInt64(head + 1)
            var slot = Int(tag) & mask
            while slots[slot] != wanted { slot = (slot + 1) & mask }
            deleteSlot(slot)
            count -= 1
        }
        head += 1
        if head == ringCapacity { head = 0 }
        length -= 1
    }

    /// Forgets the key in `slot`, leaving its ring entry vacant.
    private mutating func erase(slot: Int) {
        ring[position(slots[slot])].fingerprint = .vacant
        deleteSlot(slot)
        count -= 1
    }

    private func find(_ fingerprint: KeyFingerprint) -> Int? {
        let tag = Self.tag(fingerprint)
        var slot = Int(tag) & mask
        while true {
            let value = slots[slot]
            if value == 0 { return nil }
            if UInt32(truncatingIfNeeded: value >> 32) == tag && ring[position(value)].fingerprint == fingerprint {
                return slot
            }
            slot = (slot + 1) & mask
        }
    }

    /// Backward-shift deletion: moves each later entry of the probe run into the hole when its home
    /// slot does not lie between the hole and where it sits, so every run stays contiguous.
    private mutating func deleteSlot(_ start: Int) {
        var hole = start
        var slot = start
        while true {
            slot = (slot + 1) & mask
            let value = slots[slot]
            if value == 0 { break }
            let home = Int(value >> 32) & mask
            if (slot - home) & mask >= (slot - hole) & mask {
                slots[hole] = value
                hole = slot
            }
        }
        slots[hole] = 0
    }

    private func position(_ slotValue: UInt64) -> Int {
        Int(truncatingIfNeeded: slotValue & 0xFFFF_FFFF) - 1
    }

    private static func tag(_ fingerprint: KeyFingerprint) -> UInt32 {
        UInt32(truncatingIfNeeded: fingerprint.low >> 32)
    }
}

extension Int {
    fileprivate var nextPowerOfTwo: Int {
        self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount)
    }
}
