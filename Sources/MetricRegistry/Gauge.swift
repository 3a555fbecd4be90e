import Synchronization

/// A value for one label set that can go up and down.
///
/// One atomic holding a `Double`'s bits: `set` is a store, `add` a compare-and-swap loop. No lock.
public final class Gauge: Sendable, LabeledSeries {
    public let labels: SeriesLabels
    let labelHash: Int
    private let bits = Atomic<UInt64>(0)  // bit pattern of a Double; 0 is +0.0

    init(labels: SeriesLabels, labelHash: Int) {
        self.labels = labels
        self.labelHash = labelHash
    }

    /// Replaces the value.
    public func set(_ value: Double) {
        bits.store(value.bitPattern, ordering: .relaxed)
    }

    /// Adds `amount` (negative to subtract).
    public func add(_ amount: Double) {
        bits.add(double: amount)
    }

    /// Adds one.
    public func increment() {
        add(1)
    }

    /// Subtracts one.
    public func decrement() {
        add(-1)
    }

    /// The current value.
    public var value: Double {
        bits.loadDouble()
    }
}
