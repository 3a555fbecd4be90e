import PromQL
import PrometheusModel
import SampleStore

/// A store with hand-written samples and helpers that run a query and flatten the answer, so each
/// semantic test states its data and expectation in a few lines.
struct EngineFixture {
    let store = SampleStore(retention: 1 << 40)
    var engine = Engine()

    /// Adds `values` of `series` at `0, step, 2·step, …` seconds; nil leaves a gap, `.nan` with
    /// `stale: true` positions become stale markers.
    func load(_ series: Labels, every step: Int64, _ values: [Double?], staleAt: Set<Int> = []) {
        for (index, value) in values.enumerated() {
            let timestamp = Int64(index) * step * 1000
            if staleAt.contains(index) {
                store.append(series, .staleMarker(at: timestamp))
            } else if let value {
                store.append(series, Sample(timestamp: timestamp, value: value))
            }
        }
    }

    func instant(_ query: String, at seconds: Int64) throws -> QueryValue {
        try engine.instantQuery(Parser.parse(query), at: seconds * 1000, on: store)
    }

    /// The result vector as `labels → value`, labels printed as `Labels.description`.
    func vector(_ query: String, at seconds: Int64) throws -> [String: Double] {
        guard case .vector(let samples) = try instant(query, at: seconds) else { return [:] }
        return Dictionary(uniqueKeysWithValues: samples.map { ($0.labels.description, $0.value) })
    }

    /// The result vector in the engine's order.
    func ordered(_ query: String, at seconds: Int64) throws -> [String] {
        guard case .vector(let samples) = try instant(query, at: seconds) else { return [] }
        return samples.map { "\($0.labels) \($0.value)" }
    }

    func scalar(_ query: String, at seconds: Int64) throws -> Double? {
        guard case .scalar(let value) = try instant(query, at: seconds) else { return nil }
        return value
    }

    func error(_ query: String, at seconds: Int64) -> String? {
        do {
            _ = try instant(query, at: seconds)
            return nil
        } catch let error as EvaluationError {
            return error.message
        } catch {
            return "\(error)"
        }
    }
}

extension Labels {
    static func metric(_ name: String, _ pairs: (String, String)...) -> Labels {
        Labels([("__name__", name)] + pairs)
    }
}
