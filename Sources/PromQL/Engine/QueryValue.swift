public import PrometheusModel

/// What an expression evaluates to. Vector elements carry a pending "drop `__name__`" flag because
/// Prometheus 3 removes metric names only at the end of evaluation (delayed name removal).
public enum QueryValue: Sendable {
    case scalar(Double)
    case string(String)
    case vector([VectorSample])
    case matrix([MatrixSeries])
}

/// One element of an instant vector.
public struct VectorSample: Sendable {
    public var labels: Labels
    public var value: Double
    /// Set by operators and functions that drop the metric name; applied when evaluation ends.
    public var dropsName: Bool

    public init(labels: Labels, value: Double, dropsName: Bool = false) {
        self.labels = labels
        self.value = value
        self.dropsName = dropsName
    }

    /// The labels as they will be returned, with a pending name removal applied.
    var visibleLabels: Labels { dropsName ? labels.removing(["__name__"]) : labels }
}

/// One series of a range vector: its samples in the window, in time order, stale markers removed.
public struct MatrixSeries: Sendable {
    public var labels: Labels
    /// Usually a view of the store's buffer, so reading a window copies nothing.
    public var samples: ArraySlice<Sample>
    public var dropsName: Bool

    public init(labels: Labels, samples: ArraySlice<Sample>, dropsName: Bool = false) {
        self.labels = labels
        self.samples = samples
        self.dropsName = dropsName
    }
}

/// One series of a range query's result: a value at some of the evaluation steps.
public struct SeriesPoints: Sendable {
    public var labels: Labels
    public var points: [Sample]

    public init(labels: Labels, points: [Sample]) {
        self.labels = labels
        self.points = points
    }
}
