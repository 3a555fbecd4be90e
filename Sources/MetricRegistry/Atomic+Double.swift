import Synchronization

extension Atomic where Value == UInt64 {
    /// Adds `amount` to the `Double` whose bit pattern this atomic holds, with a relaxed
    /// compare-and-swap loop: atomics have no floating-point add, and client_golang and
    /// swift-prometheus do the same.
    func add(double amount: Double) {
        var current = load(ordering: .relaxed)
        while true {
            let desired = (Double(bitPattern: current) + amount).bitPattern
            let (exchanged, original) = compareExchange(expected: current, desired: desired, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// The `Double` whose bit pattern this atomic holds (relaxed load).
    func loadDouble() -> Double {
        Double(bitPattern: load(ordering: .relaxed))
    }
}
