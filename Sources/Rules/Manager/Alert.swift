public import PrometheusModel

/// Where an alert stands, as Prometheus's rules manager reports it (`rules.AlertState`): the API, the
/// `ALERTS` series and Alertmanager all see these three values.
public enum AlertState: String, Sendable, Hashable, Comparable {
    /// Resolved: was firing, its condition no longer holds; kept for a while so the resolution is sent.
    case inactive
    /// The condition holds but has not held for the rule's `for` duration yet.
    case pending
    /// The condition has held long enough; sent to Alertmanager.
    case firing

    /// Firing outranks pending outranks inactive, as a rule's overall state takes the highest of its alerts.
    public static func < (lhs: AlertState, rhs: AlertState) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .inactive: return 0
        case .pending: return 1
        case .firing: return 2
        }
    }
}

/// One alert of an alerting rule: one label set of the rule's result, with its history, because the
/// state machine and the resend logic both depend on when it became active, fired, resolved and was sent.
/// Times are milliseconds since the epoch; nil stands for Go's zero time ("never").
public struct Alert: Sendable, Hashable {
    /// Sample labels without `__name__`, plus the rule's expanded labels and `alertname`.
    public var labels: Labels
    /// Expanded annotations in name order. Not a `Labels`, because Prometheus keeps annotations that
    /// expand to an empty string while a label set drops them.
    public var annotations: [Labels.Label]
    public var state: AlertState
    /// The sample value of the latest evaluation that returned this alert.
    public var value: Double
    public var activeAt: Int64
    public var firedAt: Int64?
    public var resolvedAt: Int64?
    public var lastSentAt: Int64?
    /// Until when Alertmanager should treat the last notification as current (`EndsAt` while unresolved).
    public var validUntil: Int64?
    /// When `keep_firing_for` started holding this alert although its condition no longer holds.
    public var keepFiringSince: Int64?

    public init(
        labels: Labels, annotations: [Labels.Label] = [], state: AlertState, value: Double, activeAt: Int64,
        firedAt: Int64? = nil, resolvedAt: Int64? = nil, lastSentAt: Int64? = nil, validUntil: Int64? = nil,
        keepFiringSince: Int64? = nil
    ) {
        self.labels = labels
        self.annotations = annotations
        self.state = state
        self.value = value
        self.activeAt = activeAt
        self.firedAt = firedAt
        self.resolvedAt = resolvedAt
        self.lastSentAt = lastSentAt
        self.validUntil = validUntil
        self.keepFiringSince = keepFiringSince
    }

    /// The value of annotation `name`, if the rule has one.
    public func annotation(_ name: String) -> String? {
        annotations.first { $0.name == name }?.value
    }

    /// `EndsAt` as Prometheus sends it to Alertmanager: the resolution time once resolved, else `validUntil`.
    public var endsAt: Int64? { resolvedAt ?? validUntil }

    /// Whether the alert goes to Alertmanager at `ts` (`Alert.needsSending`): never while pending; at once
    /// when resolved since the last send; otherwise once `resendDelay` ms have passed since the last send.
    /// Resolved alerts are therefore re-sent every `resendDelay` for as long as the rule keeps them.
    public func needsSending(at ts: Int64, resendDelay: Int64) -> Bool {
        if state == .pending { return false }
        guard let lastSentAt else { return true }
        if let resolvedAt, resolvedAt > lastSentAt { return true }
        return lastSentAt + resendDelay < ts
    }
}
