public import MetricRegistry

/// The exposition format a scrape gets, chosen from its `Accept` header.
public enum ExpositionFormat: Sendable, Hashable {
    /// Prometheus text format 0.0.4.
    case text
    /// OpenMetrics 1.0.0.
    case openMetrics

    /// The `Content-Type` of a response in this format.
    public var contentType: String {
        switch self {
        case .text: TextFormat.contentType
        case .openMetrics: OpenMetricsFormat.contentType
        }
    }

    /// Appends `families` in this format to `buffer`.
    public func render(_ families: [MetricFamilySnapshot], into buffer: inout [UInt8]) {
        switch self {
        case .text: TextFormat.render(families, into: &buffer)
        case .openMetrics: OpenMetricsFormat.render(families, into: &buffer)
        }
    }

    /// The format for a scrape sending `accept`: OpenMetrics only when the header weighs it
    /// strictly above the text format, as Prometheus's default
    /// `application/openmetrics-text;version=1.0.0,…,text/plain;version=0.0.4;q=0.5,*/*;q=0.1` does;
    /// otherwise text, which is also the answer for a missing header, a tie, or nothing acceptable
    /// (a scraper is better served by text than by 406).
    ///
    /// OpenMetrics is matched with `version` 1.0.0, 0.0.1 (what older Prometheus 2 releases ask
    /// for; nothing written here differs between the two) or none; text with 0.0.4, 1.0.0 (Prometheus 3's UTF-8-capable
    /// variant, of which classic names are a subset) or none. Other parameters such as
    /// `escaping=` need nothing from a writer that uses classic names only.
    public static func negotiate(accept: String?) -> ExpositionFormat {
        guard let accept, !accept.isEmpty else { return .text }
        let header = AcceptHeader(accept)
        let openMetrics =
            header.quality(type: "application", subtype: "openmetrics-text") { version in
                version == nil || version == "1.0.0" || version == "0.0.1"
            } ?? 0
        let text =
            header.quality(type: "text", subtype: "plain") { version in
                version == nil || version == "0.0.4" || version == "1.0.0"
            } ?? 0
        return openMetrics > text ? .openMetrics : .text
    }
}
