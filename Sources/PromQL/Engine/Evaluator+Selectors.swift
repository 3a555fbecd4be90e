import PrometheusModel

/// Instant and range selectors: lookback, staleness markers, `offset`, `@`, left-open windows.
extension Evaluator {
    /// The time a selector reads at, after `@` and `offset`.
    func selectorTime(_ selector: VectorSelector) -> Int64 {
        let base: Int64
        switch selector.at {
        case .none: base = time
        case .timestamp(let milliseconds): base = milliseconds
        case .start: base = start
        case .end: base = end
        }
        return base - selector.offset
    }

    func series(for selector: VectorSelector, in range: ClosedRange<Int64>) -> [StoredSeries] {
        let matchers = selector.matchers
        return storage.select(name: selector.name, in: range) { labels in
            matchers.allSatisfy { $0.matches(labels[$0.name] ?? "") }
        }
    }

    /// The newest sample of each series in `(t − lookback, t]`, unless it is a stale marker.
    func selectInstant(_ selector: VectorSelector) -> [VectorSample] {
        let at = selectorTime(selector)
        return series(for: selector, in: (at - lookbackDelta + 1)...at).compactMap { stored in
            guard let last = stored.samples.last(where: { $0.timestamp <= at }), !last.isStaleMarker else { return nil }
            return VectorSample(labels: stored.labels, value: last.value)
        }
    }

    /// The samples of each series in `(t − range, t]`, stale markers removed; series left empty are dropped.
    func selectRange(_ node: MatrixSelector) -> [MatrixSeries] {
        let at = selectorTime(node.selector)
        return series(for: node.selector, in: (at - node.range + 1)...at).compactMap { stored in
            let samples = stored.samples.filter { !$0.isStaleMarker && $0.timestamp > at - node.range && $0.timestamp <= at }
            return samples.isEmpty ? nil : MatrixSeries(labels: stored.labels, samples: samples)
        }
    }
}
