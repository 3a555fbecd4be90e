import Synchronization

/// The obvious locked implementations, measured in the same run as the registry's lock-free ones
/// so the comparison survives a noisy machine.
final class MutexCounter: Sendable {
    private let value = Mutex<Double>(0)

    func increment() { value.withLock { $0 += 1 } }
    var current: Double { value.withLock { $0 } }
}

/// A histogram behind one lock, as swift-prometheus 2 does it (cumulative counts written on observe).
final class MutexHistogram: Sendable {
    private struct State {
        var buckets: [(bound: Double, count: UInt64)]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    private let state: Mutex<State>

    init(buckets: [Double]) {
        state = Mutex(State(buckets: buckets.map { ($0, 0) }))
    }

    func observe(_ value: Double) {
        state.withLock { state in
            for i in state.buckets.indices where value <= state.buckets[i].bound {
                state.buckets[i].count += 1
            }
            state.sum += value
            state.count += 1
        }
    }

    var count: UInt64 { state.withLock { $0.count } }
}
