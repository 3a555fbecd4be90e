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

    /// Visits the series `selector` reads in `range`; the store narrows by name itself, so the
    /// name's own matcher need not run per series.
    func forEachSeries(for selector: VectorSelector, in range: ClosedRange<Int64>, _ body: (Labels, ArraySlice<Sample>) -> Void) {
        let matchers = selector.matchers.filter { !($0.name == "__name__" && $0.type == .equal && $0.value == selector.name) }
        if matchers.isEmpty {
            storage.forEachSeries(name: selector.name, in: range, where: { _ in true }, body)
        } else {
            storage.forEachSeries(name: selector.name, in: range, where: { labels in
                matchers.allSatisfy { $0.matches(labels[$0.name] ?? "") }
            }, body)
        }
    }

    /// Visits the newest sample of each series in `(t − lookback, t]`, unless it is a stale marker.
    func forEachLatest(_ selector: VectorSelector, _ body: (Labels, Sample) -> Void) {
        let at = selectorTime(selector)
        forEachSeries(for: selector, in: (at - lookbackDelta + 1)...at) { labels, samples in
            if let last = samples.last, !last.isStaleMarker { body(labels, last) }
        }
    }

    /// The instant vector `selector` selects.
    func selectInstant(_ selector: VectorSelector) -> [VectorSample] {
        var found: [VectorSample] = []
        forEachLatest(selector) { found.append(VectorSample(labels: $0, value: $1.value)) }
        return found
    }

    /// Visits the samples of each series in `(t − range, t]`, stale markers removed; series left
    /// empty are skipped.
    func forEachWindow(_ node: MatrixSelector, _ body: (Labels, ArraySlice<Sample>) -> Void) {
        let at = selectorTime(node.selector)
        forEachSeries(for: node.selector, in: (at - node.range + 1)...at) { labels, stored in
            var samples = stored
            if samples.contains(where: \.isStaleMarker) { samples = ArraySlice(samples.filter { !$0.isStaleMarker }) }
            if !samples.isEmpty { body(labels, samples) }
        }
    }

    /// The range vector `node` selects.
    func selectRange(_ node: MatrixSelector) -> [MatrixSeries] {
        var found: [MatrixSeries] = []
        forEachWindow(node) { found.append(MatrixSeries(labels: $0, samples: $1)) }
        return found
    }
}
