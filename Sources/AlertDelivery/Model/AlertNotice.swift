/// One alert as a receiver is told about it: a firing alert or its resolution. It is the unit the
/// outbox stores and every payload is rendered from, so it holds what any receiver needs and nothing
/// tied to the rule engine. Times are milliseconds since the Unix epoch.
public struct AlertNotice: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable {
        case firing
        case resolved
    }

    public var status: Status
    /// The alert's identity: `alertname`, the rule's labels and the series' labels.
    public var labels: [String: String]
    public var annotations: [String: String]
    /// When the alert became active (Prometheus's `ActiveAt`, sent as `startsAt`).
    public var startsAt: Int64
    /// The resolution time once resolved; while firing, until when the notice stays valid.
    public var endsAt: Int64?
    /// Link back to the expression that produced the alert.
    public var generatorURL: String
    /// The sample value of the evaluation that produced this notice.
    public var value: Double?

    public init(
        status: Status, labels: [String: String], annotations: [String: String] = [:], startsAt: Int64, endsAt: Int64? = nil,
        generatorURL: String = "", value: Double? = nil
    ) {
        self.status = status
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
        self.value = value
    }

    public var alertName: String { labels["alertname"] ?? "" }

    /// Alertmanager's fingerprint of the label set, as 16 hex digits: the same alert has the same one
    /// in every payload, process and restart.
    public var fingerprint: String { Fingerprint.hex(of: labels) }
}
