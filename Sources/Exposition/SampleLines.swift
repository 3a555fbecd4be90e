import MetricRegistry
import PrometheusModel

/// The sample lines of one family, shared by both formats, which differ only in how `le` is spelled.
///
/// Everything label-related was rendered when the series was created, so a line is a copy of
/// pre-rendered bytes, perhaps a suffix, and a number written digit by digit.
enum SampleLines {
    /// The `le="…"} ` tail of each bucket line, one per bound and then `+Inf`, spelled by `spell`.
    static func bucketLabelTails(_ family: MetricFamilySnapshot, spell: (Double, inout [UInt8]) -> Void) -> [[UInt8]] {
        (family.bucketBounds + [.infinity]).map { bound in
            var tail = Array("le=\"".utf8)
            spell(bound, &tail)
            tail.append(contentsOf: "\"} ".utf8)
            return tail
        }
    }

    /// Appends every sample line of `family`. `bucketTails` comes from `bucketLabelTails` (unused
    /// for counters and gauges).
    static func append(_ family: MetricFamilySnapshot, bucketTails: [[UInt8]], to buffer: inout [UInt8]) {
        for series in family.series {
            switch series.value {
            case .scalar(let value):
                buffer.append(contentsOf: series.labels.rendered)
                buffer.append(UInt8(ascii: " "))
                NumberFormat.append(value, to: &buffer)
                buffer.append(UInt8(ascii: "\n"))
            case .histogram(let histogram):
                appendHistogram(histogram, labels: series.labels, bucketTails: bucketTails, to: &buffer)
            }
        }
    }

    private static func appendHistogram(
        _ histogram: HistogramSnapshot,
        labels: SeriesLabels,
        bucketTails: [[UInt8]],
        to buffer: inout [UInt8]
    ) {
        let counts = histogram.bucketCounts.count
        precondition(
            counts == bucketTails.count,
            "\(String(decoding: labels.rendered, as: UTF8.self)): \(counts) bucket counts for \(bucketTails.count) buckets"
        )
        let rendered = labels.rendered
        let name = rendered[..<labels.nameLength]
        // `{a="x",b="y"` without the closing brace, then a comma; or just `{` without labels.
        let openLabels = labels.hasLabels ? rendered[labels.nameLength..<(rendered.count - 1)] : []
        let labelSet = rendered[labels.nameLength...]
        var cumulative: UInt64 = 0
        for (index, count) in histogram.bucketCounts.enumerated() {
            cumulative += count
            buffer.append(contentsOf: name)
            buffer.append(contentsOf: "_bucket".utf8)
            if labels.hasLabels {
                buffer.append(contentsOf: openLabels)
                buffer.append(UInt8(ascii: ","))
            } else {
                buffer.append(UInt8(ascii: "{"))
            }
            buffer.append(contentsOf: bucketTails[index])
            NumberFormat.append(cumulative, to: &buffer)
            buffer.append(UInt8(ascii: "\n"))
        }
        buffer.append(contentsOf: name)
        buffer.append(contentsOf: "_sum".utf8)
        buffer.append(contentsOf: labelSet)
        buffer.append(UInt8(ascii: " "))
        NumberFormat.append(histogram.sum, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        buffer.append(contentsOf: name)
        buffer.append(contentsOf: "_count".utf8)
        buffer.append(contentsOf: labelSet)
        buffer.append(UInt8(ascii: " "))
        NumberFormat.append(cumulative, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
    }
}
