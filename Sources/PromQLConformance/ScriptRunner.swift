public import PromQL
public import PromQLTestScript
import PrometheusModel
import SampleStore

/// Replays a PromQL test script through the engine: each `load` writes into the current store,
/// `clear` starts a fresh one, and each `eval` the runner can honestly run is evaluated and
/// compared with `ResultComparison`; the others are reported as skipped with their reason.
public struct ScriptRunner: Sendable {
    /// What happened to one eval.
    public enum Outcome: Sendable, Equatable {
        case passed
        case failed(String)
        case skipped(String)
    }

    /// One eval and its outcome.
    public struct EvalReport: Sendable {
        public var eval: Eval
        public var outcome: Outcome
    }

    public var engine: Engine
    /// Evals not to run, keyed by file and line, with the reason.
    public var knownFailures: [KnownFailure]

    public init(engine: Engine = Engine(), knownFailures: [KnownFailure] = KnownFailure.all) {
        self.engine = engine
        self.knownFailures = knownFailures
    }

    public func run(_ script: TestScript) -> [EvalReport] {
        var store = SampleStore(retention: .max / 4)
        var reports: [EvalReport] = []
        for command in script.commands {
            switch command {
            case .clear:
                store = SampleStore(retention: .max / 4)
            case .load(let load):
                Self.write(load, into: store)
            case .eval(let eval):
                reports.append(EvalReport(eval: eval, outcome: outcome(of: eval, file: script.file, on: store)))
            }
        }
        return reports
    }

    /// Within one block a later line for the same series replaces the earlier one.
    static func write(_ load: Load, into store: SampleStore) {
        var latest: [Labels: LoadedSeries] = [:]
        for series in load.series { latest[series.labels] = series }
        for series in load.series where latest[series.labels]?.line == series.line {
            for point in series.points {
                switch point.value {
                case .float(let value): store.append(series.labels, Sample(timestamp: point.timestamp, value: value))
                case .stale: store.append(series.labels, .staleMarker(at: point.timestamp))
                case .nativeHistogram: continue
                }
            }
        }
    }

    func outcome(of eval: Eval, file: String, on store: SampleStore) -> Outcome {
        if let known = knownFailures.first(where: { $0.file == file && $0.line == eval.line }) {
            return .skipped("known failure: \(known.reason)")
        }
        if let reason = Self.unsupportedReason(eval) { return .skipped(reason) }
        let expr: Expr
        do {
            expr = try Parser.parse(eval.query)
        } catch {
            return .failed("parse error: \(error)")
        }
        let result: Result<QueryResult, QueryFailure>
        do {
            result = .success(try evaluate(expr, eval.mode, on: store))
        } catch {
            if error.message.hasPrefix("unsupported by this engine") { return .skipped(error.message) }
            result = .failure(QueryFailure(error.message))
        }
        switch ResultComparison.check(eval, outcome: result) {
        case .pass: return .passed
        case .fail(let difference): return .failed(difference)
        }
    }

    func evaluate(_ expr: Expr, _ mode: EvalMode, on store: SampleStore) throws(EvaluationError) -> QueryResult {
        switch mode {
        case .instant(let time):
            switch try engine.instantQuery(expr, at: time, on: store) {
            case .scalar(let value): return .scalar(value)
            case .string(let value): return .string(value)
            case .vector(let samples): return .vector(samples.map { InstantSample(labels: $0.labels, value: $0.value) })
            case .matrix(let series):
                return .matrix(series.map { RangeSeries(labels: $0.labels, points: $0.samples.map { ($0.timestamp, $0.value) }) })
            }
        case .range(let start, let end, let step):
            let series = try engine.rangeQuery(expr, start: start, end: end, step: step, on: store)
            return .matrix(series.map { RangeSeries(labels: $0.labels, points: $0.points.map { ($0.timestamp, $0.value) }) })
        }
    }

    /// Why an eval is out of this engine's scope (per MANIFEST), or nil when the runner can run it:
    /// `core` evals always run; `outside` ones run when every reason is something the engine supports
    /// (reads of native-histogram series only when MANIFEST marks them `hist-samples-skippable`).
    static func unsupportedReason(_ eval: Eval) -> String? {
        // Without a manifest row (a user's own script) the eval runs; functions the engine lacks then
        // surface as "unsupported by this engine" skips.
        guard let entry = eval.manifest else { return nil }
        if entry.status == .core { return nil }
        for note in entry.notes.sorted() {
            if note.hasPrefix("func:") {
                let missing = entry.functions.filter { !Engine.supportedFunctions.contains($0) }
                if !missing.isEmpty { return Self.reason(missing: missing) }
            } else if note == "native-histogram-result" {
                return "native histograms"
            } else if (note.hasPrefix("native-series") || note.hasPrefix("nameless-selector")) && !entry.notes.contains("hist-samples-skippable") {
                return "native histograms"
            }
        }
        return nil
    }

    /// Prometheus 3's experimental duration-expression functions (`foo[step() * 5]`).
    static let durationFunctions: Set<String> = ["start", "end", "range", "step", "min_of", "max_of"]

    static func reason(missing: [String]) -> String {
        let list = missing.joined(separator: ",")
        if missing.allSatisfy(durationFunctions.contains) { return "Prometheus 3 experimental duration function not implemented: \(list)" }
        if missing.allSatisfy({ $0.hasPrefix("histogram_") }) { return "native-histogram function not implemented: \(list)" }
        return "function not implemented: \(list)"
    }
}
