/// Plausible JSON values for catalog properties, chosen only from each property's spec and name, so a
/// property added to the catalog gets valid samples without anyone writing them.
///
/// Values are drawn from small pools on purpose: ids repeat (a dispute is opened, updated and resolved;
/// a client connects and disconnects), and strings and metric-label integers take a handful of values,
/// so a load test exercises the trackers with bounded state and stays under the series limit.
struct SampleValues {
    /// How many distinct ids of each kind (thread, dispute, client, …) a run uses.
    static let idPool = 10_000
    /// Most distinct values an integer metric label takes.
    static let labelPalette = 8

    /// Words for string properties, found by a fragment of the property's name (first match wins).
    private static let vocabulary: [(fragment: String, words: [String])] = [
        ("region", ["eu-west-1", "us-east-1", "ap-southeast-1"]),
        ("role", ["client", "freelancer", "support"]),
        ("channel", ["email", "web_push", "sms"]),
        ("template", ["new_message", "dispute_update", "payment_received", "weekly_digest"]),
        ("version", ["v1", "v2"]),
        ("owner", ["team-billing", "team-trust", "team-support"]),
        ("state", ["awaiting_response", "in_review", "escalated"]),
        ("category", ["quality", "payment", "deadline"]),
        ("code", ["timeout", "rate_limited", "provider_error"]),
        ("reason", ["timeout", "spam", "unsubscribed", "policy"]),
        ("type", ["order", "contract", "support"]),
    ]

    /// A JSON value for `property`; `label` says a metric uses it as a label, `hints` are values the
    /// catalog's conditions test it against (e.g. close codes 1000 and 1001), offered among the others.
    static func json(for property: PropertySpec, label: Bool, hints: [String], rng: inout SplitMix64) -> String {
        switch property.type {
        case .identifier:
            let number = 1 + rng.below(idPool)
            return rng.chance(0.25) ? String(number) : quoted("\(stem(of: property.name))-\(number)")
        case .string:
            return quoted(rng.pick(hints + words(for: property.name)))
        case .oneOf(let allowed):
            return quoted(rng.pick(allowed))
        case .integer(let range):
            return String(integer(in: range, label: label, hints: hints, rng: &rng))
        case .number(let range):
            return number(in: range, name: property.name, rng: &rng).description
        case .boolean:
            return rng.chance(0.5) ? "true" : "false"
        }
    }

    /// Counts are small and skewed towards zero; a bounded range is used whole; a label takes few values.
    private static func integer(in range: ClosedRange<Double>, label: Bool, hints: [String], rng: inout SplitMix64) -> Int64 {
        let fitting = hints.compactMap(Int64.init).filter { range.contains(Double($0)) }
        if !fitting.isEmpty && rng.chance(0.5) { return rng.pick(fitting) }
        let low: Double, high: Double
        switch (range.lowerBound.isFinite, range.upperBound.isFinite) {
        case (true, true): (low, high) = (range.lowerBound.rounded(.up), range.upperBound.rounded(.down))
        case (true, false): (low, high) = (range.lowerBound.rounded(.up), range.lowerBound.rounded(.up) + 20)
        case (false, true): (low, high) = (range.upperBound.rounded(.down) - 20, range.upperBound.rounded(.down))
        case (false, false): (low, high) = (0, 20)
        }
        let span = max(high - low, 0)
        if label && span >= Double(labelPalette) {
            return Int64(low + (span * Double(rng.below(labelPalette)) / Double(labelPalette - 1)).rounded(.down))
        }
        let skew = range.upperBound.isFinite ? rng.unit() : rng.unit() * rng.unit()
        return Int64(low + (skew * (span + 1)).rounded(.down).clamped(to: 0...span))
    }

    /// Durations and sizes on the scale their unit suggests (a day of seconds, a second of
    /// milliseconds), skewed towards small values; rounded to one decimal and kept within the range.
    private static func number(in range: ClosedRange<Double>, name: String, rng: inout SplitMix64) -> Double {
        let scale = name.hasSuffix("_sec") ? 86_400.0 : name.hasSuffix("_ms") ? 1_000 : 100
        let value: Double
        switch (range.lowerBound.isFinite, range.upperBound.isFinite) {
        case (true, true): value = range.lowerBound + rng.unit() * (range.upperBound - range.lowerBound)
        case (true, false): value = range.lowerBound + 3 * scale * rng.unit() * rng.unit() * rng.unit()
        case (false, true): value = range.upperBound - 3 * scale * rng.unit() * rng.unit() * rng.unit()
        case (false, false): value = scale * (4 * rng.unit() - 1)
        }
        return ((value * 10).rounded() / 10).clamped(to: range)
    }

    private static func words(for name: String) -> [String] {
        vocabulary.first { name.contains($0.fragment) }?.words ?? (1...3).map { "\(stem(of: name))-\($0)" }
    }

    /// `thread_id` → `thread`, `connection_region` → `connection-region`.
    private static func stem(of name: String) -> String {
        let base = name.hasSuffix("_id") ? String(name.dropLast(3)) : name
        return base.replacing("_", with: "-")
    }

    /// A JSON string literal; catalog names and values are plain, but quotes and backslashes stay valid.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}
