import Synchronization

/// The series of one family, found by label values without taking a lock.
///
/// Ingest looks a series up by label values on every event, so lookups of existing series must be
/// as lock-free as the increments that follow them. The table is insert-only open addressing over
/// atomic slots, each holding an unretained reference to an immutable-keyed series:
///
/// - A reader loads the current slot array (acquire), hashes the values and probes linearly until
///   it finds the series or an empty slot. It never writes and never waits.
/// - A miss takes the mutex, looks again in the current array, and inserts: the series is fully
///   initialized before its slot is stored with release ordering, so a reader that sees the slot
///   sees the whole series.
/// - At load factor 1/2 the writer copies every series into an array twice the size and publishes
///   it with one release store. Readers still probing the old array find what was in it, or miss
///   and take the slow path, which searches the new one. Old arrays are never written again and
///   are kept until the table is deallocated, so a reader can never probe freed memory; they
///   add up to less than the current array (geometric growth).
///
/// Series are never removed (counters must not vanish). The table's `members` array, guarded by
/// the mutex and kept sorted by label values, owns the series; slots only borrow them, so nothing
/// is retained or released by hand.
final class LabelTable<Series: LabeledSeries>: Sendable {
    private let published: Atomic<Unmanaged<Slots>>
    private let state: Mutex<State>

    private struct State: Sendable {
        /// Every slot array ever published; the last one is current.
        var generations: [Slots]
        /// All series, sorted by label values.
        var members: [Series]
    }

    init(initialCapacity: Int = 16) {
        let slots = Slots(capacity: initialCapacity)
        published = Atomic(Unmanaged.passUnretained(slots))
        state = Mutex(State(generations: [slots], members: []))
    }

    /// The series with `values`, if present. Lock-free.
    func lookup(_ values: [String], hash: Int) -> Series? {
        // The slot array is alive: `state.generations` keeps every published array until deinit.
        published.load(ordering: .acquiring).takeUnretainedValue().find(values, hash: hash)
    }

    /// The series with `values`, inserting `make()` when it is missing and fewer than `limit`
    /// series exist; nil when the table is full. Takes the mutex.
    func insert(_ values: [String], hash: Int, limit: Int, make: () -> Series) -> Series? {
        state.withLock { state in
            var slots = state.generations[state.generations.count - 1]
            if let existing = slots.find(values, hash: hash) { return existing }
            guard state.members.count < limit else { return nil }
            let series = make()
            if (state.members.count + 1) * 2 > slots.capacity {
                slots = Slots(capacity: slots.capacity * 2)
                for member in state.members { slots.insert(member) }
                slots.insert(series)
                state.generations.append(slots)
                published.store(Unmanaged.passUnretained(slots), ordering: .releasing)
            } else {
                slots.insert(series)
            }
            state.members.insert(series, at: Self.insertionIndex(of: values, in: state.members))
            return series
        }
    }

    /// All series, sorted by label values.
    var members: [Series] {
        state.withLock { $0.members }
    }

    /// The first index whose series' label values sort after `values`.
    private static func insertionIndex(of values: [String], in members: [Series]) -> Int {
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            if members[middle].labels.values.lexicographicallyPrecedes(values) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    /// A power-of-two run of atomic slots holding unretained series references (nil = empty).
    private final class Slots: Sendable {
        let slots: AtomicArray<Unmanaged<Series>?>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            slots = AtomicArray(count: capacity, initialValue: nil)
        }

        func find(_ values: [String], hash: Int) -> Series? {
            var index = hash & (capacity - 1)
            while let slot = slots[index].load(ordering: .acquiring) {
                let series = slot.takeUnretainedValue()
                if series.matches(values, hash: hash) { return series }
                index = (index + 1) & (capacity - 1)
            }
            return nil
        }

        /// Stores `series` in its first free slot. Callers hold the table's mutex and keep the
        /// load factor at or below 1/2, so a free slot exists and writers never race each other.
        func insert(_ series: Series) {
            var index = series.labelHash & (capacity - 1)
            while slots[index].load(ordering: .relaxed) != nil {
                index = (index + 1) & (capacity - 1)
            }
            slots[index].store(Unmanaged.passUnretained(series), ordering: .releasing)
        }
    }
}
