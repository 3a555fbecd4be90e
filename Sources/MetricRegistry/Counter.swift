import Synchronization

/// A monotonically increasing count for one label set.
///
/// Lock-free: an integral increment is one atomic add; a fractional one is a compare-and-swap loop
/// on a `Double`'s bits. The two parts are summed when read, as client_golang and swift-prometheus
/// do, so the common `increment()` never loops.
public final class Counter: Sendable, LabeledSeries {
    public let labels: SeriesLabels
    let labelHash: Int
    private let integral = Atomic<UInt64>(0)
    private let fractional = Atomic<UInt64>(0)  // bit pattern of a Double; 0 is +0.0

    init(labels: SeriesLabels, labelHash: Int) {
        self.labels = labels
        self.labelHash = labelHash
    }

    /// Adds one.
    public func increment() {
        integral.wrappingAdd(1, ordering: .relaxed)
    }

    /// Adds `amount`, which must not be negative (a counter that goes down breaks `rate()`).
    public func increment(by amount: Double) {
        precondition(amount >= 0, "counters only go up: increment(by: \(amount)) on \(labels.renderedText)")
        if amount < 0x1p63, amount == amount.rounded(.towardZero) {
            integral.wrappingAdd(UInt64(amount), ordering: .relaxed)
        } else {
            fractional.add(double: amount)
        }
    }

    /// The current total.
    public var value: Double {
        Double(integral.load(ordering: .relaxed)) + fractional.loadDouble()
    }

    /// The total as kept: the sum of whole increments and the sum of fractional ones, which `value`
    /// adds up. Saving both lets a restored counter go on exactly as this one would; its `value` alone
    /// could round differently once later increments are added.
    public var parts: (integral: UInt64, fractional: Double) {
        (integral.load(ordering: .relaxed), fractional.loadDouble())
    }

    /// Adds `parts` read from another counter: restoring saved state into a counter that starts at
    /// zero (or, when a smaller series limit folds saved series together, into the overflow series).
    /// Lock-free, like `increment`.
    public func restore(integral: UInt64, fractional: Double) {
        precondition(fractional >= 0, "counters only go up: restore(fractional: \(fractional)) on \(labels.renderedText)")
        self.integral.wrappingAdd(integral, ordering: .relaxed)
        self.fractional.add(double: fractional)
    }
}
