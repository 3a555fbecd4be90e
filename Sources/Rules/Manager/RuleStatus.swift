/// Whether a rule's last evaluation worked, with Prometheus's API spelling (`rules.RuleHealth`).
public enum RuleHealth: String, Sendable, Hashable {
    /// Not evaluated yet.
    case unknown
    case ok
    case err
}

/// What the rules API reports about one rule's last evaluation; kept apart from the rule's definition
/// because it changes every evaluation while the definition changes only on reload.
public struct RuleStatus: Sendable, Equatable {
    public var health: RuleHealth = .unknown
    /// The last evaluation's error text, nil when it succeeded.
    public var lastError: String?
    /// How long the last evaluation took.
    public var evaluationDuration: Duration = .zero
    /// The evaluation timestamp (ms) of the last evaluation, nil before the first.
    public var lastEvaluation: Int64?

    public init() {}
}

/// One rule as the rules API shows it: definition, status and, for alerting rules, its alerts.
public struct RuleSnapshot: Sendable {
    public enum Kind: Sendable {
        case alerting(AlertingRule, state: AlertState, alerts: [Alert])
        case recording(RecordingRule)
    }

    public var kind: Kind
    public var status: RuleStatus

    public init(kind: Kind, status: RuleStatus) {
        self.kind = kind
        self.status = status
    }
}

/// One group as the rules API shows it (`/api/v1/rules` `groups[]`).
public struct GroupSnapshot: Sendable {
    public var name: String
    public var file: String
    /// The interval the group is evaluated at, in ms (its own, or the global one).
    public var interval: Int64
    public var limit: Int
    public var evaluationDuration: Duration
    /// The timestamp (ms) of the group's last evaluation, nil before the first.
    public var lastEvaluation: Int64?
    public var rules: [RuleSnapshot]

    public init(
        name: String, file: String, interval: Int64, limit: Int, evaluationDuration: Duration, lastEvaluation: Int64?,
        rules: [RuleSnapshot]
    ) {
        self.name = name
        self.file = file
        self.interval = interval
        self.limit = limit
        self.evaluationDuration = evaluationDuration
        self.lastEvaluation = lastEvaluation
        self.rules = rules
    }
}
