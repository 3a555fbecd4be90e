/// What a family's label table needs from its series: immutable label values and their hash.
protocol LabeledSeries: AnyObject, Sendable {
    var labels: SeriesLabels { get }
    var labelHash: Int { get }
}

extension LabeledSeries {
    /// Whether this series has exactly `values` (compared as Swift strings).
    func matches(_ values: [String], hash: Int) -> Bool {
        labelHash == hash && labels.values == values
    }
}

enum LabelHash {
    /// The hash of a label-value list. `Hasher` is seeded per process, so a sender cannot craft
    /// label values that collide and degrade lookups; each string is hashed with a terminator,
    /// so `["ab", "c"]` and `["a", "bc"]` differ.
    static func of(_ values: [String]) -> Int {
        var hasher = Hasher()
        for value in values { hasher.combine(value) }
        return hasher.finalize()
    }
}
