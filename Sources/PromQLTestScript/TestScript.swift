public import PrometheusModel

/// One `.test` file read into values, so a runner can replay it against any engine without
/// re-reading text; the evaluator is deliberately not involved (queries stay unparsed strings).
public struct TestScript: Sendable {
    /// The name the file was read under, used in error messages and to find MANIFEST rows.
    public var file: String
    public var commands: [Command]

    public init(file: String, commands: [Command]) {
        self.file = file
        self.commands = commands
    }

    /// Every `eval` of the script, in file order.
    public var evals: [Eval] {
        commands.compactMap { command in
            if case .eval(let eval) = command { return eval }
            return nil
        }
    }
}

/// A top-level command of the script language (FORMAT.md §2–4).
public enum Command: Sendable {
    case load(Load)
    case clear
    case eval(Eval)
}

/// A problem in a script, MANIFEST or duration, located so a test author can fix it.
public struct ScriptError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// One point written in expanding notation. Gaps (`_`) are not values; they appear as `nil` in
/// the lists that keep one slot per step.
public enum SampleValue: Sendable, Equatable {
    case float(Double)
    /// Prometheus' stale marker, kept apart from ordinary NaN because it ends a series.
    case stale
    /// A `{{...}}` native-histogram sample; this project does not model them, so only the fact
    /// that one was written is kept and runners can skip what depends on it.
    case nativeHistogram

    /// The bit pattern Prometheus uses for stale markers (`value.StaleNaN`).
    public static let staleNaNBitPattern: UInt64 = 0x7ff0_0000_0000_0002

    /// The stale marker as a Double, for a store that keeps samples as floats.
    public static var staleNaN: Double { Double(bitPattern: staleNaNBitPattern) }

    /// Whether `value` is Prometheus' stale marker rather than an ordinary NaN.
    public static func isStaleNaN(_ value: Double) -> Bool { value.bitPattern == staleNaNBitPattern }

    /// Compares values as written, so `NaN` equals `NaN`; engine results go through `FloatComparison`.
    public static func == (lhs: SampleValue, rhs: SampleValue) -> Bool {
        switch (lhs, rhs) {
        case (.float(let a), .float(let b)): a == b || (a.isNaN && b.isNaN)
        case (.stale, .stale), (.nativeHistogram, .nativeHistogram): true
        default: false
        }
    }
}

/// A value placed at an explicit time (milliseconds since the epoch).
public struct SamplePoint: Sendable, Equatable {
    public var timestamp: Int64
    public var value: SampleValue

    public init(timestamp: Int64, value: SampleValue) {
        self.timestamp = timestamp
        self.value = value
    }
}

/// `load <step>`: series to add to the store, each value at `n × step` from t = 0.
public struct Load: Sendable {
    public var line: Int
    /// Step between consecutive values, in milliseconds.
    public var step: Int64
    /// `load_with_nhcb`: the reference runner also converts classic histograms to native ones.
    public var withNativeHistogramCustomBuckets: Bool
    /// One entry per label set; a label set written twice keeps its later definition.
    public var series: [LoadedSeries]

    public init(line: Int, step: Int64, withNativeHistogramCustomBuckets: Bool, series: [LoadedSeries]) {
        self.line = line
        self.step = step
        self.withNativeHistogramCustomBuckets = withNativeHistogramCustomBuckets
        self.series = series
    }
}

/// One series line of a `load` block.
public struct LoadedSeries: Sendable {
    public var line: Int
    public var labels: Labels
    /// Step of the owning `load`, in milliseconds.
    public var step: Int64
    /// One slot per step from t = 0; `nil` is a `_` gap.
    public var samples: [SampleValue?]

    public init(line: Int, labels: Labels, step: Int64, samples: [SampleValue?]) {
        self.line = line
        self.labels = labels
        self.step = step
        self.samples = samples
    }

    /// The non-gap samples with their timestamps (`n × step`).
    public var points: [SamplePoint] {
        samples.enumerated().compactMap { index, value in
            value.map { SamplePoint(timestamp: Int64(index) * step, value: $0) }
        }
    }

    /// Whether any sample is a native histogram, so a runner without them can decide to skip.
    public var hasNativeHistograms: Bool { samples.contains { $0 == .nativeHistogram } }
}
