/// How long the store keeps each metric's samples. Rules read most metrics over a few minutes and a
/// few over a day; keeping every series for the longest range would cost a day of samples for each
/// of thousands of histogram buckets, so each metric keeps what the selectors naming it need.
public struct RetentionPolicy: Sendable, Equatable {
    /// Kept for every series (what selectors without a literal metric name need).
    public var minimum: Int64
    /// Longer retentions for the metrics that need them.
    public var byName: [String: Int64]

    public init(minimum: Int64, byName: [String: Int64] = [:]) {
        precondition(minimum > 0, "retention must be positive")
        self.minimum = minimum
        self.byName = byName.filter { $0.value > minimum }
    }

    /// Milliseconds of samples kept for series of metric `name`.
    public func retention(for name: String) -> Int64 {
        byName[name] ?? minimum
    }
}
