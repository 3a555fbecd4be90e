public import PrometheusModel

/// `eval`: one query with what it must return, as written under it (FORMAT.md §4).
public struct Eval: Sendable {
    /// Line of the `eval` command, which is also the MANIFEST key.
    public var line: Int
    public var mode: EvalMode
    /// The PromQL text, unparsed: parsing belongs to the engine under test.
    public var query: String
    public var expectations: Expectations
    public var expected: ExpectedResult
    /// The MANIFEST row for this eval, when a manifest was supplied and has one.
    public var manifest: ManifestEntry?

    public init(
        line: Int, mode: EvalMode, query: String, expectations: Expectations = Expectations(),
        expected: ExpectedResult, manifest: ManifestEntry? = nil
    ) {
        self.line = line
        self.mode = mode
        self.query = query
        self.expectations = expectations
        self.expected = expected
        self.manifest = manifest
    }

    /// The MANIFEST status, when known.
    public var status: ManifestEntry.Status? { manifest?.status }
}

/// When and how often a query is evaluated; all times in milliseconds since the epoch.
public enum EvalMode: Sendable, Equatable {
    case instant(at: Int64)
    case range(start: Int64, end: Int64, step: Int64)

    /// The evaluation times of the query: one for instant, `start, start+step, … ≤ end` for range.
    public var timestamps: [Int64] {
        switch self {
        case .instant(let at): [at]
        case .range(let start, let end, let step): Array(stride(from: start, through: end, by: Int(step)))
        }
    }
}

/// The `expect` lines (and old `eval_fail`-style spellings) that qualify an eval.
public struct Expectations: Sendable, Equatable {
    /// Set when the query must fail.
    public var failure: TextMatch?
    /// `expect ordered`: vector results must come in the written order.
    public var ordered: Bool
    public var warnings: AnnotationExpectation
    public var infos: AnnotationExpectation

    public init(
        failure: TextMatch? = nil, ordered: Bool = false,
        warnings: AnnotationExpectation = .unchecked, infos: AnnotationExpectation = .unchecked
    ) {
        self.failure = failure
        self.ordered = ordered
        self.warnings = warnings
        self.infos = infos
    }
}

/// How a message (error or annotation) must look.
public enum TextMatch: Sendable, Equatable {
    /// Any message will do.
    case any
    /// `msg:` — the message must equal this text.
    case message(String)
    /// `regex:` — the message must contain a match of this (Go RE2) pattern.
    case regex(String)
}

/// What the script says about warning or info annotations; runners may ignore it (FORMAT.md §4.1).
public enum AnnotationExpectation: Sendable, Equatable {
    /// Nothing written: annotations of this kind are not checked.
    case unchecked
    /// `expect no_warn` / `expect no_info`.
    case forbidden
    /// `expect warn` / `expect info` lines: at least one annotation, each matching one of these.
    case required([TextMatch])
}

/// What the result lines under an eval describe.
public enum ExpectedResult: Sendable, Equatable {
    /// A bare number line: the result must be a scalar.
    case scalar(Double)
    /// `expect string "..."`.
    case string(String)
    /// Instant query result lines (none means an empty vector).
    case vector([ExpectedSample])
    /// Range query result lines, or `expect range vector` (none means an empty matrix).
    case matrix([ExpectedSeries])
}

/// `<labels> <value>` under an instant eval.
public struct ExpectedSample: Sendable, Equatable {
    public var line: Int
    public var labels: Labels
    public var value: SampleValue

    public init(line: Int, labels: Labels, value: SampleValue) {
        self.line = line
        self.labels = labels
        self.value = value
    }
}

/// `<labels> <values…>` under a range eval, with each value placed at its step's timestamp.
public struct ExpectedSeries: Sendable, Equatable {
    public var line: Int
    public var labels: Labels
    /// Non-gap points only; steps without a point must have no point in the result.
    public var points: [SamplePoint]

    public init(line: Int, labels: Labels, points: [SamplePoint]) {
        self.line = line
        self.labels = labels
        self.points = points
    }

    public var hasNativeHistograms: Bool { points.contains { $0.value == .nativeHistogram } }
}
