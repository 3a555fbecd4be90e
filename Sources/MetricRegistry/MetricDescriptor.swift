import PrometheusModel

/// What identifies a family: re-registering with an equal descriptor returns the existing family,
/// with a different one is a programmer error.
struct MetricDescriptor: Sendable, Hashable {
    let name: String
    let help: String
    let type: MetricType
    let labelNames: [String]
    /// Histogram bucket bounds; empty for counters and gauges.
    let buckets: [Double]

    /// Checks the rules every writer relies on; violations are programmer errors.
    func validate() {
        precondition(MetricName.isValid(name), "invalid metric name \"\(name)\": must match [a-zA-Z_:][a-zA-Z0-9_:]*")
        precondition(!help.isEmpty, "metric \(name) needs help text (promtool flags its absence; Grafana shows it)")
        if type == .counter {
            precondition(
                name.hasSuffix("_total") && name != "_total",
                "counter \"\(name)\" must end in _total (OpenMetrics names the family without it)"
            )
        }
        for label in labelNames {
            precondition(
                LabelName.isValidUserLabel(label),
                "invalid label name \"\(label)\" on \(name): must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __"
            )
            precondition(type != .histogram || label != "le", "histogram \(name) cannot declare the label \"le\"")
        }
        precondition(Set(labelNames).count == labelNames.count, "duplicate label names on \(name): \(labelNames)")
    }

    /// Every name this family puts on a sample or a `# TYPE` line in either format; two families
    /// must not share any, or their lines would interleave or clash.
    var exposedNames: [String] {
        switch type {
        case .counter: [name, String(name.dropLast("_total".count))]
        case .gauge: [name]
        case .histogram: [name, name + "_bucket", name + "_count", name + "_sum"]
        }
    }

    func conflictMessage(with other: MetricDescriptor) -> String {
        """
        metric \(name) is already registered differently:
          existing: \(other.type) help: \"\(other.help)\" labels: \(other.labelNames) buckets: \(other.buckets)
          new:      \(type) help: \"\(help)\" labels: \(labelNames) buckets: \(buckets)
        """
    }
}
