public import MetricRegistry
import PrometheusModel

/// The Prometheus text exposition format 0.0.4, which every Prometheus version scrapes.
///
/// Each family is written as `# HELP`, `# TYPE`, then its series in snapshot order; histogram
/// buckets are cumulative and end with `le="+Inf"`, followed by `_sum` and `_count`.
public enum TextFormat {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Appends `families` in text format to `buffer`.
    public static func render(_ families: [MetricFamilySnapshot], into buffer: inout [UInt8]) {
        for family in families {
            buffer.append(contentsOf: "# HELP ".utf8)
            buffer.append(contentsOf: family.name.utf8)
            buffer.append(UInt8(ascii: " "))
            ExpositionEscaping.appendHelp(family.help, to: &buffer)
            buffer.append(contentsOf: "\n# TYPE ".utf8)
            buffer.append(contentsOf: family.name.utf8)
            buffer.append(UInt8(ascii: " "))
            buffer.append(contentsOf: family.type.rawValue.utf8)
            buffer.append(UInt8(ascii: "\n"))
            let tails =
                family.type == .histogram ? SampleLines.bucketLabelTails(family, spell: NumberFormat.append) : []
            SampleLines.append(family, bucketTails: tails, to: &buffer)
        }
    }
}
