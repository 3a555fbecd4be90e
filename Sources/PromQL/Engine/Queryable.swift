public import PrometheusModel

/// One stored series and its samples inside a requested time range.
public struct StoredSeries: Sendable {
    public var labels: Labels
    /// A view of the store's own buffer: selectors that keep samples copy only what they keep.
    public var samples: ArraySlice<Sample>

    public init(labels: Labels, samples: ArraySlice<Sample>) {
        self.labels = labels
        self.samples = samples
    }
}

/// The only way the evaluator reads data, so the engine runs over the in-memory history, a test
/// store or anything else that can list series by matcher and time range.
public protocol Queryable: Sendable {
    /// Calls `body`, in `Labels` order, with each series whose labels satisfy `matches` and its
    /// samples (stale markers included) in `range` (milliseconds, inclusive); series without samples
    /// there are skipped. `name` narrows the search when the selector names a metric. Visiting in
    /// place lets a range function read thousands of windows without collecting them first.
    func forEachSeries(
        name: String?, in range: ClosedRange<Int64>, where matches: (Labels) -> Bool,
        _ body: (Labels, ArraySlice<Sample>) -> Void
    )
}

extension Queryable {
    /// The series `forEachSeries` visits, collected.
    public func select(name: String?, in range: ClosedRange<Int64>, where matches: (Labels) -> Bool) -> [StoredSeries] {
        var found: [StoredSeries] = []
        forEachSeries(name: name, in: range, where: matches) { found.append(StoredSeries(labels: $0, samples: $1)) }
        return found
    }
}
