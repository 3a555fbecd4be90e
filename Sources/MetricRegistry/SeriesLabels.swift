import PrometheusModel

/// A series' label values and its sample name rendered once, at creation, as exposition bytes.
///
/// `rendered` is `name{a="x",b="y"}` (or just `name` without labels), with values escaped and pairs
/// in the family's declared order. Writers copy it as is for counters and gauges and splice
/// suffixes into it for histograms (`name` + `_bucket` + `{a="x",b="y"` + `,le="…"}`), so a scrape
/// never escapes or formats a label again.
public struct SeriesLabels: Sendable {
    /// Label values in the family's declared label-name order.
    public let values: [String]
    /// `name{a="x",b="y"}`, or `name` when the family has no labels.
    public let rendered: [UInt8]
    /// The length of the metric-name prefix of `rendered`.
    public let nameLength: Int

    /// Renders the sample name of a series of `metricName` with these label names and values.
    public init(metricName: String, labelNames: [String], values: [String]) {
        precondition(
            labelNames.count == values.count,
            "\(metricName) has labels \(labelNames) but got \(values.count) values: \(values)"
        )
        self.values = values
        var bytes = Array(metricName.utf8)
        nameLength = bytes.count
        if !labelNames.isEmpty {
            bytes.append(UInt8(ascii: "{"))
            for (index, name) in labelNames.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: name.utf8)
                bytes.append(UInt8(ascii: "="))
                bytes.append(UInt8(ascii: "\""))
                ExpositionEscaping.appendLabelValue(values[index], to: &bytes)
                bytes.append(UInt8(ascii: "\""))
            }
            bytes.append(UInt8(ascii: "}"))
        }
        rendered = bytes
    }

    /// Whether the series carries labels (then `rendered` ends with `}`).
    public var hasLabels: Bool { rendered.count > nameLength }
}

extension SeriesLabels {
    /// `rendered` as text, for messages.
    var renderedText: String { String(decoding: rendered, as: UTF8.self) }
}
