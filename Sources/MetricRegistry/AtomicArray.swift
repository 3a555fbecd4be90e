import Synchronization

/// A fixed-size run of atomics in one allocation.
///
/// `Atomic` is `~Copyable` and needs a stable address, so it cannot be an `Array` element; one
/// class per element (`final class AtomicCell`) would cost an allocation and a pointer chase per
/// slot. This keeps the atomics contiguous, which matters for hash-table probing and histogram
/// buckets alike.
final class AtomicArray<Value: AtomicRepresentable & Sendable>: @unchecked Sendable {
    // Safety of @unchecked Sendable: `elements` and `count` are immutable after init. The memory is
    // fully initialized in init, before `self` can be shared, and deinitialized in deinit, when no
    // other reference exists. In between, every element is accessed only through `Atomic`'s own
    // methods, which are safe to call concurrently from any thread.
    private let elements: UnsafeMutablePointer<Atomic<Value>>
    let count: Int
    private static var cacheLineBytes: Int { 64 }

    init(count: Int, initialValue: Value) {
        precondition(count > 0, "AtomicArray needs at least one element")
        self.count = count
        // Cache-line alignment: arrays that are written concurrently (histogram shards) then start on
        // a line of their own instead of sharing one with a neighbouring allocation.
        elements = UnsafeMutableRawPointer.allocate(
            byteCount: count * MemoryLayout<Atomic<Value>>.stride,
            alignment: max(Self.cacheLineBytes, MemoryLayout<Atomic<Value>>.alignment)
        ).bindMemory(to: Atomic<Value>.self, capacity: count)
        for index in 0..<count {
            (elements + index).initialize(to: Atomic(initialValue))
        }
    }

    deinit {
        elements.deinitialize(count: count)
        UnsafeMutableRawPointer(elements).deallocate()
    }

    /// The atomic at `index`, which must be in `0..<count`.
    subscript(index: Int) -> Atomic<Value> {
        unsafeAddress {
            precondition(index >= 0 && index < count, "AtomicArray index \(index) out of 0..<\(count)")
            return UnsafePointer(elements + index)
        }
    }
}
