public import PrometheusModel

/// One stored series and its samples inside a requested time range.
public struct StoredSeries: Sendable {
    public var labels: Labels
    public var samples: [Sample]

    public init(labels: Labels, samples: [Sample]) {
        self.labels = labels
        self.samples = samples
    }
}

/// The only way the evaluator reads data, so the engine runs over the in-memory history, a test
/// store or anything else that can list series by matcher and time range.
public protocol Queryable: Sendable {
    /// Series whose labels satisfy `matches`, with their samples (stale markers included) in `range`
    /// (milliseconds, inclusive). `name` narrows the search when the selector names a metric.
    func select(name: String?, in range: ClosedRange<Int64>, where matches: (Labels) -> Bool) -> [StoredSeries]
}
