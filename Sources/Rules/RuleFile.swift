public import PromQL
public import PrometheusModel

/// One Prometheus rule file after validation (`rulefmt.RuleGroups`): the rule manager evaluates
/// these values, so every expression is already parsed and every duration already in milliseconds.
public struct RuleFile: Sendable {
    public var groups: [RuleGroup]

    public init(groups: [RuleGroup]) {
        self.groups = groups
    }

    /// Rules across all groups, the number `promtool check rules` reports.
    public var ruleCount: Int { groups.reduce(0) { $0 + $1.rules.count } }
}

/// A group of rules evaluated together, in order, at one interval (`rulefmt.RuleGroup`).
public struct RuleGroup: Sendable {
    public var name: String
    /// The group's own evaluation interval in milliseconds; nil means the global one.
    public var interval: Int64?
    /// Most alerts or series one evaluation may produce; 0 means no limit.
    public var limit: Int
    /// How far back evaluations look (Prometheus 3.x `query_offset`); nil means the global one.
    public var queryOffset: Int64?
    public var rules: [Rule]

    public init(name: String, interval: Int64? = nil, limit: Int = 0, queryOffset: Int64? = nil, rules: [Rule]) {
        self.name = name
        self.interval = interval
        self.limit = limit
        self.queryOffset = queryOffset
        self.rules = rules
    }
}

/// A rule is exactly one of the two kinds Prometheus knows; the file says which by `alert` or `record`.
public enum Rule: Sendable {
    case alerting(AlertingRule)
    case recording(RecordingRule)

    /// The alert name or the recorded metric name.
    public var name: String {
        switch self {
        case .alerting(let rule): return rule.name
        case .recording(let rule): return rule.name
        }
    }

    public var expression: RuleExpression {
        switch self {
        case .alerting(let rule): return rule.expression
        case .recording(let rule): return rule.expression
        }
    }
}

/// A rule's query, kept with its source text because the rules API and alert templates show the text
/// as written while the evaluator needs the tree.
public struct RuleExpression: Sendable {
    public var source: String
    public var expr: Expr

    public init(source: String, expr: Expr) {
        self.source = source
        self.expr = expr
    }
}

/// An alert definition: the query whose samples become alerts, and how they are held and described.
public struct AlertingRule: Sendable {
    public var name: String
    public var expression: RuleExpression
    /// `for`: how long, in milliseconds, an alert stays pending before it fires.
    public var holdDuration: Int64
    /// `keep_firing_for`: how long, in milliseconds, a firing alert outlives its condition.
    public var keepFiringFor: Int64
    /// Labels added to every alert, as written (they may hold templates).
    public var labels: Labels
    /// Annotations, as written (they may hold templates).
    public var annotations: Labels

    public init(
        name: String, expression: RuleExpression, holdDuration: Int64 = 0, keepFiringFor: Int64 = 0,
        labels: Labels = Labels(), annotations: Labels = Labels()
    ) {
        self.name = name
        self.expression = expression
        self.holdDuration = holdDuration
        self.keepFiringFor = keepFiringFor
        self.labels = labels
        self.annotations = annotations
    }
}

/// A recording rule: the query's result is stored as a new series under `name`.
public struct RecordingRule: Sendable {
    public var name: String
    public var expression: RuleExpression
    /// Labels added to (or overriding those of) every recorded sample.
    public var labels: Labels

    public init(name: String, expression: RuleExpression, labels: Labels = Labels()) {
        self.name = name
        self.expression = expression
        self.labels = labels
    }
}
