public import PrometheusModel
import PromQL
import Synchronization

/// Evaluates one rule group at the times it is given (Prometheus's `Group.Eval`): the rules in order, each
/// result appended before the next rule runs, alerts that need sending handed to `notify`, series a rule
/// stopped producing marked stale, and each rule's health recorded for the rules API. It holds no clock
/// for timestamps, so a scheduler, a unit-test runner or a test can drive it.
public final class RuleGroupEvaluator: Sendable {
    /// Settings shared by every group (Prometheus's manager options and global config).
    public struct Options: Sendable {
        /// Interval for groups that set none, ms (`global.evaluation_interval`).
        public var defaultInterval: Int64
        /// Query offset for groups that set none, ms (`global.rule_query_offset`).
        public var defaultQueryOffset: Int64
        /// How often a still-firing or resolved alert is re-sent, ms (`--rules.alert.resend-delay`).
        public var resendDelay: Int64

        public init(defaultInterval: Int64 = 60_000, defaultQueryOffset: Int64 = 0, resendDelay: Int64 = 60_000) {
            self.defaultInterval = defaultInterval
            self.defaultQueryOffset = defaultQueryOffset
            self.resendDelay = resendDelay
        }
    }

    private enum RuleRunner: Sendable {
        case alerting(AlertingRuleState)
        case recording(RecordingRule)
    }

    private struct RuleEntry: Sendable {
        var runner: RuleRunner
        var status = RuleStatus()
        /// Series written by the last successful evaluation, to mark those that vanish stale.
        var lastSeries: Set<Labels> = []
    }

    /// What a restart restores alerts' `for` state from (Prometheus's `RestoreForState`).
    public struct ForStateRestore: Sendable {
        /// The last `ALERTS_FOR_STATE` sample of each series saved before the restart: written at
        /// `timestamp` (ms), `value` the alert's `activeAt` in Unix seconds.
        public var saved: [Labels: Sample]
        /// Older saved state is ignored (`--rules.alert.for-outage-tolerance`).
        public var outageTolerance: Int64
        /// A restored alert fires no sooner than this after the restore (`--rules.alert.for-grace-period`).
        public var forGracePeriod: Int64

        public init(saved: [Labels: Sample], outageTolerance: Int64 = 3_600_000, forGracePeriod: Int64 = 600_000) {
            self.saved = saved
            self.outageTolerance = outageTolerance
            self.forGracePeriod = forGracePeriod
        }
    }

    private struct State: Sendable {
        var rules: [RuleEntry]
        var evaluationDuration: Duration = .zero
        var lastEvaluation: Int64?
        /// A restore waiting for its evaluation; until then no `ALERTS` series are written.
        var pendingRestore: (restore: ForStateRestore, evaluationsLeft: Int)?
        /// Series of rules a reload removed, marked stale at the next evaluation.
        var staleSeries: [Labels] = []
    }

    public let group: RuleGroup
    public let file: String
    /// The group's evaluation interval in ms.
    public let interval: Int64
    /// How far before the evaluation time queries look, in ms.
    public let queryOffset: Int64
    private let resendDelay: Int64
    private let query: QueryFunc
    private let append: AppendFunc
    private let notify: NotifyFunc
    private let expand: TemplateExpander
    private let clock: any Clock<Duration>
    private let state: Mutex<State>

    /// `query`, `append` and `notify` must not call back into this evaluator: they run while it holds its
    /// lock (except `notify`, which runs after). `clock` only measures evaluation durations.
    public init(
        group: RuleGroup, file: String = "", options: Options = Options(), query: @escaping QueryFunc,
        append: @escaping AppendFunc, notify: @escaping NotifyFunc, expand: @escaping TemplateExpander,
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.group = group
        self.file = file
        interval = group.interval ?? options.defaultInterval
        queryOffset = group.queryOffset ?? options.defaultQueryOffset
        resendDelay = options.resendDelay
        self.query = query
        self.append = append
        self.notify = notify
        self.expand = expand
        self.clock = clock
        state = Mutex(State(rules: group.rules.map { rule in
            switch rule {
            case .alerting(let alerting): return RuleEntry(runner: .alerting(AlertingRuleState(rule: alerting)))
            case .recording(let recording): return RuleEntry(runner: .recording(recording))
            }
        }))
    }

    /// Evaluates every rule at `ts` (ms) and returns what was appended, stale markers included.
    @discardableResult
    public func evaluate(at ts: Int64) -> [RuleSample] {
        let (written, notifications) = state.withLock { state in
            var written: [RuleSample] = []
            var notifications: [(expression: String, alerts: [Alert])] = []
            let writesAlerts = state.pendingRestore == nil
            let groupDuration = Self.elapsed(clock) {
                for index in state.rules.indices {
                    let duration = Self.elapsed(clock) {
                        evaluate(&state.rules[index], at: ts, writesAlerts: writesAlerts, writing: &written, notifying: &notifications)
                    }
                    state.rules[index].status.evaluationDuration = duration
                    state.rules[index].status.lastEvaluation = ts
                }
                for labels in state.staleSeries {
                    let marker = RuleSample(labels: labels, sample: .staleMarker(at: ts - queryOffset))
                    append(marker.labels, marker.sample)
                    written.append(marker)
                }
                state.staleSeries = []
            }
            Self.restoreIfDue(&state, at: ts)
            state.evaluationDuration = groupDuration
            state.lastEvaluation = ts
            return (written, notifications)
        }
        for notification in notifications { notify(notification.expression, notification.alerts) }
        return written
    }

    /// Restores the alerts' `for` state from `restore` after the next `evaluations` evaluations, as
    /// Prometheus does at start-up (it waits for a second evaluation so recording rules the alerts
    /// read have caught up). Until then the group writes no `ALERTS` or `ALERTS_FOR_STATE` series.
    public func restoreForState(after evaluations: Int = 2, from restore: ForStateRestore) {
        state.withLock { $0.pendingRestore = (restore, max(evaluations, 1)) }
    }

    /// Takes over the state of the group this one replaces on reload (Prometheus's `CopyState`): rules
    /// with the same name and labels keep their alerts and series; series of rules that are gone are
    /// marked stale at the next evaluation.
    public func adoptState(of previous: RuleGroupEvaluator) {
        let old = previous.state.withLock { $0 }
        state.withLock { state in
            var unmatched: [String: [Int]] = [:]
            for (index, entry) in old.rules.enumerated() { unmatched[Self.identity(entry.runner), default: []].append(index) }
            for index in state.rules.indices {
                let key = Self.identity(state.rules[index].runner)
                guard let from = unmatched[key]?.first else { continue }
                unmatched[key]!.removeFirst()
                state.rules[index].lastSeries = old.rules[from].lastSeries
                if case .alerting(var alerting) = state.rules[index].runner, case .alerting(let previous) = old.rules[from].runner {
                    alerting.adoptAlerts(of: previous)
                    state.rules[index].runner = .alerting(alerting)
                }
            }
            state.staleSeries = old.staleSeries + unmatched.values.joined().flatMap { old.rules[$0].lastSeries.sorted() }
            state.lastEvaluation = old.lastEvaluation
            state.evaluationDuration = old.evaluationDuration
            state.pendingRestore = old.pendingRestore
        }
    }

    /// A rule's name and labels, which identify it across reloads.
    private static func identity(_ runner: RuleRunner) -> String {
        switch runner {
        case .alerting(let state): return "alert:" + state.rule.name + state.rule.labels.description
        case .recording(let rule): return "record:" + rule.name + rule.labels.description
        }
    }

    private static func restoreIfDue(_ state: inout State, at ts: Int64) {
        guard var pending = state.pendingRestore else { return }
        pending.evaluationsLeft -= 1
        guard pending.evaluationsLeft == 0 else {
            state.pendingRestore = pending
            return
        }
        state.pendingRestore = nil
        for index in state.rules.indices {
            guard case .alerting(var alerting) = state.rules[index].runner else { continue }
            _ = alerting.restoreForState(
                from: pending.restore.saved, at: ts, outageTolerance: pending.restore.outageTolerance,
                forGracePeriod: pending.restore.forGracePeriod)
            state.rules[index].runner = .alerting(alerting)
        }
    }

    /// The group, its rules' status and their alerts as of the last evaluation.
    public var snapshot: GroupSnapshot {
        state.withLock { state in
            GroupSnapshot(
                name: group.name, file: file, interval: interval, limit: group.limit,
                evaluationDuration: state.evaluationDuration, lastEvaluation: state.lastEvaluation,
                rules: state.rules.map { entry in
                    switch entry.runner {
                    case .alerting(let alerting):
                        return RuleSnapshot(kind: .alerting(alerting.rule, state: alerting.state, alerts: alerting.alerts), status: entry.status)
                    case .recording(let recording):
                        return RuleSnapshot(kind: .recording(recording), status: entry.status)
                    }
                })
        }
    }

    /// One rule's evaluation: query, state update, notifications, then appends and stale markers.
    private func evaluate(
        _ entry: inout RuleEntry, at ts: Int64, writesAlerts: Bool, writing written: inout [RuleSample], notifying notifications: inout [(expression: String, alerts: [Alert])]
    ) {
        let time = ts - queryOffset
        let samples: [RuleSample]
        do throws(RuleEvaluationError) {
            switch entry.runner {
            case .recording(let rule):
                samples = try rule.samples(from: queryVector(query, rule.expression.expr, at: time), at: time, limit: group.limit)
            case .alerting(var alerting):
                defer { entry.runner = .alerting(alerting) }
                let result = try queryVector(query, alerting.rule.expression.expr, at: time)
                let alertSeries = try alerting.evaluate(result, at: ts, queryOffset: queryOffset, limit: group.limit, expand: expand)
                samples = writesAlerts ? alertSeries : []
                let toSend = alerting.alertsToSend(at: ts, resendDelay: resendDelay, interval: interval)
                if !toSend.isEmpty { notifications.append((alerting.rule.expression.expr.description, toSend)) }
            }
        } catch {
            entry.status.health = .err
            entry.status.lastError = error.message
            return
        }
        entry.status.health = .ok
        entry.status.lastError = nil

        var returned = Set<Labels>()
        returned.reserveCapacity(samples.count)
        for sample in samples {
            append(sample.labels, sample.sample)
            written.append(sample)
            returned.insert(sample.labels)
        }
        for vanished in entry.lastSeries.subtracting(returned).sorted() {
            let marker = RuleSample(labels: vanished, sample: .staleMarker(at: time))
            append(marker.labels, marker.sample)
            written.append(marker)
        }
        entry.lastSeries = returned
    }

    private static func elapsed<C: Clock>(_ clock: C, _ body: () -> Void) -> Duration where C.Duration == Duration {
        let start = clock.now
        body()
        return start.duration(to: clock.now)
    }
}
