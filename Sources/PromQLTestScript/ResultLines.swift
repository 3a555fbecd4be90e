import PrometheusModel

/// Collects the result lines under an eval (FORMAT.md §4.2) and checks them against the eval's
/// shape: one value per series for instant vectors, at most one value per step for ranges.
struct ResultLines {
    let mode: EvalMode
    let file: String
    /// Start, end and step of the expected matrix: the range eval's, or `expect range vector`'s.
    private var window: (start: Int64, end: Int64, step: Int64)?
    private var scalar: Double?
    private var string: String?
    private var samples: [ExpectedSample] = []
    private var series: [ExpectedSeries] = []
    private var seen: Set<Labels> = []

    init(mode: EvalMode, file: String) {
        self.mode = mode
        self.file = file
        if case .range(let start, let end, let step) = mode { window = (start, end, step) }
    }

    /// Whether any result line has been read (expectations must come first).
    var hasLines: Bool { scalar != nil || !samples.isEmpty || !series.isEmpty }

    var expected: ExpectedResult {
        if let string { return .string(string) }
        if let scalar { return .scalar(scalar) }
        return window == nil ? .vector(samples) : .matrix(series)
    }

    mutating func expectString(_ value: String, line: Int) throws(ScriptError) {
        guard case .instant = mode, window == nil, string == nil else {
            throw ScriptError(file: file, line: line, message: "expect string needs an instant eval without other result expectations")
        }
        string = value
    }

    mutating func expectRangeVector(start: Int64, end: Int64, step: Int64) {
        window = (start, end, step)
    }

    /// Adds one result line; returns true when it was a scalar, which ends the block.
    mutating func add(_ text: Substring, line: Int) throws(ScriptError) -> Bool {
        func fail(_ message: String) -> ScriptError { ScriptError(file: file, line: line, message: message) }
        guard string == nil else { throw fail("no result lines are allowed after expect string") }
        if let value = Double(String(text)) {
            guard window == nil else { throw fail("a scalar result line is not valid for a range result") }
            guard samples.isEmpty else { throw fail("a scalar result cannot follow series results") }
            scalar = value
            return true
        }
        let labels: Labels
        let values: [SampleValue?]
        do {
            let (parsedLabels, remainder) = try SeriesNotation.parse(text)
            labels = parsedLabels
            values = try ExpandingNotation.expand(remainder)
        } catch {
            throw fail(error.message)
        }
        guard seen.insert(labels).inserted else { throw fail("series \(labels) is listed twice") }
        if let window {
            let steps = Int((window.end - window.start) / window.step) + 1
            guard values.count <= steps else {
                throw fail("\(values.count) values listed but the range has only \(steps) steps")
            }
            let points = values.enumerated().compactMap { index, value in
                value.map { SamplePoint(timestamp: window.start + Int64(index) * window.step, value: $0) }
            }
            series.append(ExpectedSeries(line: line, labels: labels, points: points))
        } else {
            guard values.count == 1, let value = values[0] else {
                throw fail("an instant result line needs exactly one value, found \(values.count == 1 ? "a gap" : "\(values.count)")")
            }
            samples.append(ExpectedSample(line: line, labels: labels, value: value))
        }
        return false
    }
}
