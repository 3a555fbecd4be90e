public import MetricRegistry
import PrometheusModel

/// OpenMetrics 1.0.0, which Prometheus prefers when it scrapes.
///
/// It differs from the text format in ways that change series identity or validity: a counter's
/// family is named without `_total` on `# HELP`/`# TYPE` while its samples keep it, `le` values
/// are canonical (`1.0`, `+Inf`), HELP escapes `"` too, and the exposition ends with `# EOF`
/// (a scrape without it is treated as truncated).
public enum OpenMetricsFormat {
    public static let contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8"

    /// Appends `families` in OpenMetrics format, terminated by `# EOF`, to `buffer`.
    public static func render(_ families: [MetricFamilySnapshot], into buffer: inout [UInt8]) {
        for family in families {
            let name = family.type == .counter ? family.name.utf8.dropLast("_total".utf8.count) : family.name.utf8[...]
            buffer.append(contentsOf: "# HELP ".utf8)
            buffer.append(contentsOf: name)
            buffer.append(UInt8(ascii: " "))
            ExpositionEscaping.appendOpenMetricsHelp(family.help, to: &buffer)
            buffer.append(contentsOf: "\n# TYPE ".utf8)
            buffer.append(contentsOf: name)
            buffer.append(UInt8(ascii: " "))
            buffer.append(contentsOf: family.type.rawValue.utf8)
            buffer.append(UInt8(ascii: "\n"))
            let tails =
                family.type == .histogram
                ? SampleLines.bucketLabelTails(family, spell: NumberFormat.appendCanonical) : []
            SampleLines.append(family, bucketTails: tails, to: &buffer)
        }
        buffer.append(contentsOf: "# EOF\n".utf8)
    }
}
