import MetricRegistry

/// The `metrics` section: every series of the catalog metrics `EventMetrics` updates, found by the
/// metric's catalog name (without the prefix) and the series' label values, never by registry slots,
/// so it restores into a registry that created its series in another order.
///
/// Body: a family count, then per family its catalog name, kind (1 counter, 2 gauge, 3 histogram),
/// label names (a count and strings), for a histogram its bucket bounds (a count and Float64s), the
/// two parts of its overflow fold counter (UInt64 whole, Float64 fractional), a series count, and per
/// series its label values (one per label name; the overflow series' are all `__overflow__`) and
/// value: a counter's two parts, a gauge's Float64, or a histogram's UInt64 per bucket (not
/// cumulative, `+Inf` last) and Float64 sum.
///
/// A family that the catalog no longer has, or has with another kind, other label names or other
/// bucket bounds, is skipped on restore: its values cannot be put back as they were. Gauges have no
/// expiry, so a value is all there is to a gauge.
extension EventMetrics: SnapshotSection {
    enum Kind: UInt8 {
        case counter = 1, gauge, histogram
    }

    struct SavedFamily {
        enum Series {
            case counters([(labels: [String], integral: UInt64, fractional: Double)])
            case gauges([(labels: [String], value: Double)])
            case histograms(bounds: [Double], [(labels: [String], bucketCounts: [UInt64], sum: Double)])
        }

        var name: String
        var labelNames: [String]
        var folds: (integral: UInt64, fractional: Double)
        var series: Series
    }

    static let sectionName = "metrics"

    func save(into out: inout [UInt8]) {
        out.appendUInt32(UInt32(counters.count + gauges.count + histograms.count))
        for (name, family) in counters.sorted(by: { $0.key < $1.key }) {
            Self.saveHeader(name, .counter, family.labelNames, folds: family.overflowCounter, into: &out)
            Self.save(family.series, labels: \.labels, into: &out) { counter, out in
                let (integral, fractional) = counter.parts
                out.appendUInt64(integral)
                out.appendDouble(fractional)
            }
        }
        for (name, family) in gauges.sorted(by: { $0.key < $1.key }) {
            Self.saveHeader(name, .gauge, family.labelNames, folds: family.overflowCounter, into: &out)
            Self.save(family.series, labels: \.labels, into: &out) { gauge, out in out.appendDouble(gauge.value) }
        }
        for (name, family) in histograms.sorted(by: { $0.key < $1.key }) {
            Self.saveHeader(name, .histogram, family.labelNames, folds: family.overflowCounter, into: &out) { out in
                out.appendUInt32(UInt32(family.buckets.upperBounds.count))
                for bound in family.buckets.upperBounds { out.appendDouble(bound) }
            }
            Self.save(family.series, labels: \.labels, into: &out) { histogram, out in
                let snapshot = histogram.snapshot()
                for count in snapshot.bucketCounts { out.appendUInt64(count) }
                out.appendDouble(snapshot.sum)
            }
        }
    }

    static func read(_ reader: inout SectionReader) throws(SnapshotError) -> [SavedFamily] {
        var families: [SavedFamily] = []
        for _ in 0..<(try reader.count(ofItemsAtLeast: 4 + 1 + 4 + 16 + 4)) {
            let name = try reader.string()
            guard let kind = Kind(rawValue: try reader.byte()) else { throw damaged("metric \(name) is of an unknown kind") }
            let labelNames = try reader.strings()
            let bounds = kind == .histogram ? try reader.doubles() : []
            let folds = try counterParts(&reader, of: name)
            // A series takes at least 4 bytes per label value and 8 for its value.
            let count = try reader.count(ofItemsAtLeast: 4 * labelNames.count + 8)
            let series: SavedFamily.Series
            switch kind {
            case .counter:
                series = .counters(
                    try (0..<count).map { _ throws(SnapshotError) in
                        let labels = try reader.strings(count: labelNames.count)
                        let (integral, fractional) = try counterParts(&reader, of: name)
                        return (labels, integral, fractional)
                    })
            case .gauge:
                series = .gauges(
                    try (0..<count).map { _ throws(SnapshotError) in
                        (try reader.strings(count: labelNames.count), try reader.double())
                    })
            case .histogram:
                series = .histograms(
                    bounds: bounds,
                    try (0..<count).map { _ throws(SnapshotError) in
                        let labels = try reader.strings(count: labelNames.count)
                        let bucketCounts = try (0...bounds.count).map { _ throws(SnapshotError) in try reader.uint64() }
                        guard isPlausible(bucketCounts) else { throw damaged("a series of \(name) has implausible counts") }
                        return (labels, bucketCounts, try reader.double())
                    })
            }
            families.append(SavedFamily(name: name, labelNames: labelNames, folds: folds, series: series))
        }
        return families
    }

    func restore(_ saved: [SavedFamily]) {
        for family in saved {
            switch family.series {
            case .counters(let series):
                guard let target = counters[family.name], target.labelNames == family.labelNames else { continue }
                target.overflowCounter?.restore(integral: family.folds.integral, fractional: family.folds.fractional)
                for saved in series {
                    target.labels(values: saved.labels).restore(integral: saved.integral, fractional: saved.fractional)
                }
            case .gauges(let series):
                guard let target = gauges[family.name], target.labelNames == family.labelNames else { continue }
                target.overflowCounter?.restore(integral: family.folds.integral, fractional: family.folds.fractional)
                for saved in series { target.labels(values: saved.labels).set(saved.value) }
            case .histograms(let bounds, let series):
                guard let target = histograms[family.name], target.labelNames == family.labelNames,
                    target.buckets.upperBounds == bounds
                else { continue }
                target.overflowCounter?.restore(integral: family.folds.integral, fractional: family.folds.fractional)
                for saved in series {
                    target.labels(values: saved.labels).restore(bucketCounts: saved.bucketCounts, sum: saved.sum)
                }
            }
        }
    }

    private static func saveHeader(
        _ name: String, _ kind: Kind, _ labelNames: [String], folds: Counter?, into out: inout [UInt8],
        extra: (inout [UInt8]) -> Void = { _ in }
    ) {
        out.appendField(name.utf8)
        out.append(kind.rawValue)
        out.appendStrings(labelNames)
        extra(&out)
        let (integral, fractional) = folds?.parts ?? (0, 0)
        out.appendUInt64(integral)
        out.appendDouble(fractional)
    }

    private static func save<Series>(
        _ series: [Series], labels: KeyPath<Series, SeriesLabels>, into out: inout [UInt8],
        value: (Series, inout [UInt8]) -> Void
    ) {
        out.appendUInt32(UInt32(series.count))
        for member in series {
            for label in member[keyPath: labels].values { out.appendField(label.utf8) }
            value(member, &out)
        }
    }

    /// Whether the counts add up to fewer than 2⁶² observations, which `Histogram.restore` requires
    /// (and which is far more than a process makes).
    private static func isPlausible(_ bucketCounts: [UInt64]) -> Bool {
        var total: UInt64 = 0
        for count in bucketCounts {
            guard count < 1 << 62 else { return false }
            total += count
            guard total < 1 << 62 else { return false }
        }
        return true
    }

    /// A counter's two parts; the fractional one must be a sum of positive increments.
    private static func counterParts(_ reader: inout SectionReader, of name: String) throws(SnapshotError) -> (UInt64, Double) {
        let integral = try reader.uint64()
        let fractional = try reader.double()
        guard fractional >= 0 else { throw damaged("a counter of \(name) has the fractional part \(fractional)") }
        return (integral, fractional)
    }
}
