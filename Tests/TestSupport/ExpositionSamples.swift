/// The samples of a text-format scrape keyed by their series text (`name{label="value",…}`), so tests
/// can assert exact values: `samples["chat_sessions_total{region=\"eu\"}"] == 1`.
public struct ExpositionSamples: Sendable {
    public let values: [String: Double]

    public init(_ text: String) {
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            values[String(line[..<space])] = Double(line[line.index(after: space)...])
        }
        self.values = values
    }

    public subscript(_ series: String) -> Double? { values[series] }

    /// Every series of the metric `name` (histogram parts included), for messages on failure.
    public func series(of name: String) -> [String: Double] {
        values.filter { $0.key == name || $0.key.hasPrefix(name + "{") || $0.key.hasPrefix(name + "_") }
    }
}
