import Foundation
import HTTPCore

/// The form parameters of a request's query string, percent- and plus-decoded as Go's `url.ParseQuery`
/// does, because the Prometheus-compatible endpoints take their arguments that way.
struct QueryParameters {
    private var values: [String: [String]] = [:]

    init(_ request: HTTPRequest) {
        guard let query = request.query else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[name, default: []].append(value)
        }
    }

    /// The first value of `name`, as Go's `FormValue` returns it.
    subscript(name: String) -> String? { values[name]?.first }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
