import Dispatch
import Foundation
import MetricRegistry
import PromQL
import PrometheusModel
public import Rules
import SampleStore
import Synchronization

/// Evaluates alert and recording rules in-process, the way a Prometheus server scraping this service
/// would: every group interval the registry is sampled into a `SampleStore`, then the group's rules run
/// over that history (later rules see earlier rules' output, `ALERTS` included). Evaluation runs on a
/// private serial dispatch queue, never on the HTTP event loops, and reloads swap the whole rule set at
/// once so a broken file never leaves half the rules loaded.
public final class RuleScheduler: Sendable {
    private struct State {
        var files: RuleFiles
        var store: SampleStore?
        var evaluators: [RuleGroupEvaluator] = []
        var timers: [any DispatchSourceTimer] = []
        var externalURL = ""
        var started = false
        /// Each group's latest `ALERTS_FOR_STATE` samples, by group key, as saved in `forStateFile`.
        var forState: [String: [Labels: Sample]] = [:]
    }

    /// Takes the alerts that need sending, with their rule's expression and `$externalURL`.
    typealias Delivery = @Sendable (_ expression: String, _ alerts: [Alert], _ externalURL: String) -> Void

    /// An alert template as parsed at load, or Prometheus's text for one that does not parse.
    private enum ParsedTemplate: Sendable {
        case template(AlertTemplate)
        case failure(String)
    }

    /// The rule files given (or found by default), reloaded from the same paths.
    public let paths: [String]
    private let thresholds: NotificationAlertThresholds?
    private let registry: MetricRegistry
    private let metrics: RuleMetrics
    private let log: EventLog
    private let forStateFile: AlertForStateFile?
    private let deliver: Delivery
    private let options: RuleGroupEvaluator.Options
    private let engine = Engine()
    private let queue = DispatchQueue(label: "commswatch.rules")
    private let state: Mutex<State>
    /// The evaluation time (ms) of the tick in progress, for the `query` template function.
    private let evaluationTime = Atomic<Int64>(0)

    /// Loads and validates `paths`; evaluation starts with `start(externalURL:)`. Alerts' `for` state
    /// is saved to and restored from `forStatePath` when given. Alerts that need sending (firing and
    /// resolved ones, again every `resendDelay`) go to `deliver`.
    init(
        paths: [String], evaluationInterval: Duration, resendDelay: Duration = .seconds(60), registry: MetricRegistry, log: EventLog,
        forStatePath: String? = nil, thresholds: NotificationAlertThresholds? = nil, deliver: @escaping Delivery = { _, _, _ in }
    ) throws(RuleFileErrors) {
        self.paths = paths
        self.thresholds = thresholds
        self.registry = registry
        self.log = log
        self.deliver = deliver
        forStateFile = forStatePath.map(AlertForStateFile.init(path:))
        metrics = RuleMetrics(registry: registry)
        options = RuleGroupEvaluator.Options(defaultInterval: evaluationInterval.inMilliseconds, resendDelay: resendDelay.inMilliseconds)
        state = Mutex(State(files: try RuleFiles(paths: paths, thresholds: thresholds)))
    }

    /// Whether the rules are loaded and being evaluated (part of `/readyz`).
    public var isRunning: Bool { state.withLock { $0.started } }

    /// Every group's rules, status and alerts as of its last evaluation.
    public var groups: [GroupSnapshot] {
        state.withLock { $0.evaluators }.map(\.snapshot)
    }

    /// The history rules are evaluated over, for `/api/v1/query`; nil before `start`.
    var store: SampleStore? { state.withLock { $0.store } }

    /// Starts evaluating every group at its interval; `externalURL` is `$externalURL` in templates.
    /// Alerts' `for` state saved by a previous run is restored after each group's second evaluation.
    func start(externalURL: String) {
        let saved = savedForState()
        queue.sync {
            state.withLock { state in
                state.externalURL = externalURL
                state.started = true
                install(state.files, into: &state)
                for evaluator in state.evaluators { evaluator.restoreForState(from: .init(saved: saved)) }
            }
        }
        log.log(.info, "rules loaded", ["files": paths.joined(separator: ","), "groups": String(groups.count)])
    }

    private func savedForState() -> [Labels: Sample] {
        guard let forStateFile else { return [:] }
        do {
            let saved = try forStateFile.load()
            if !saved.isEmpty { log.log(.info, "alert for-state found", ["path": forStateFile.path, "series": String(saved.count)]) }
            return saved
        } catch {
            log.log(.warning, "alert for-state unreadable; alerts start afresh", ["path": forStateFile.path, "error": "\(error)"])
            return [:]
        }
    }

    /// Re-reads the rule files. When any is broken the running rules stay as they are and the error is
    /// logged and thrown; otherwise the new rules replace the old ones, and rules that kept their group,
    /// name and labels keep their alerts.
    public func reload() throws(RuleFileErrors) {
        let files: RuleFiles
        do {
            files = try RuleFiles(paths: paths, thresholds: thresholds)
        } catch {
            log.log(.error, "rule reload failed; keeping the previous rules", ["error": error.description])
            throw error
        }
        queue.sync {
            state.withLock { state in
                state.files = files
                if state.started { install(files, into: &state) }
            }
        }
        log.log(.info, "rules reloaded", ["files": paths.joined(separator: ","), "groups": String(files.groups.count)])
    }

    /// Stops evaluating; an evaluation in progress finishes first.
    func stop() {
        queue.sync {
            state.withLock { state in
                state.timers.forEach { $0.cancel() }
                state.timers = []
                state.started = false
            }
        }
    }

    /// Replaces the evaluators and their timers. The store and its samples are kept, with the
    /// retention the new rules need, so a reload does not forget the history they look back over.
    private func install(_ files: RuleFiles, into state: inout State) {
        state.timers.forEach { $0.cancel() }
        let store = state.store ?? SampleStore(retention: files.retention)
        store.retention = files.retention
        state.store = store
        let previous = Dictionary(state.evaluators.map { (Self.key($0), $0) }, uniquingKeysWith: { first, _ in first })
        state.evaluators = files.groups.map { file, group in
            let evaluator = RuleGroupEvaluator(
                group: group, file: file, options: options, query: engineQueryFunc(engine, on: store),
                append: { labels, sample in store.append(labels, sample) },
                notify: notifier(group: group.name, externalURL: state.externalURL),
                expand: expander(for: group, store: store, externalURL: state.externalURL)
            )
            if let old = previous[Self.key(evaluator)] { evaluator.adoptState(of: old) }
            return evaluator
        }
        let kept = Set(state.evaluators.map(Self.key))
        state.forState = state.forState.filter { kept.contains($0.key) }
        // Without rules the registry is still sampled, so `/api/v1/query` has history to answer from.
        let schedules: [(interval: Int64, evaluator: RuleGroupEvaluator?)] =
            state.evaluators.isEmpty ? [(options.defaultInterval, nil)] : state.evaluators.map { ($0.interval, $0) }
        state.timers = schedules.map { interval, evaluator in
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now(), repeating: .milliseconds(Int(interval)))
            timer.setEventHandler { [weak self] in self?.tick(evaluator, store: store) }
            timer.resume()
            return timer
        }
    }

    /// One evaluation of one group: sample the registry, run the rules, record the self-metrics.
    private func tick(_ evaluator: RuleGroupEvaluator?, store: SampleStore) {
        let ts = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        evaluationTime.store(ts, ordering: .relaxed)
        store.append(registry.snapshot(), at: ts)
        guard let evaluator else { return }
        let written = evaluator.evaluate(at: ts)
        metrics.record(evaluator.snapshot)
        saveForState(of: evaluator, from: written)
    }

    /// A group is identified across reloads by its file and name, as Prometheus does.
    private static func key(_ evaluator: RuleGroupEvaluator) -> String { evaluator.file + "\u{0}" + evaluator.group.name }

    /// Records the group's `ALERTS_FOR_STATE` samples and saves every group's to the data directory.
    private func saveForState(of evaluator: RuleGroupEvaluator, from written: [RuleSample]) {
        guard let forStateFile else { return }
        var current: [Labels: Sample] = [:]
        for sample in written where sample.labels.metricName == "ALERTS_FOR_STATE" && !sample.sample.isStaleMarker {
            current[sample.labels] = sample.sample
        }
        let all = state.withLock { state in
            let key = Self.key(evaluator)
            guard state.forState[key] ?? [:] != current else { return nil as [Labels: Sample]? }
            state.forState[key] = current
            return state.forState.values.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
        }
        guard let all else { return }
        do {
            try forStateFile.save(all)
        } catch {
            log.log(.warning, "cannot save alert for-state", ["path": forStateFile.path, "error": "\(error)"])
        }
    }

    /// Alerts that need sending are counted, state changes logged, and all handed to delivery.
    private func notifier(group: String, externalURL: String) -> NotifyFunc {
        { [log, metrics, deliver] expression, alerts in
            metrics.recordNotifications(group: group, count: alerts.count)
            // The first send of a state is the evaluation that fired or resolved the alert.
            for alert in alerts where alert.lastSentAt == (alert.state == .inactive ? alert.resolvedAt : alert.firedAt) {
                log.log(
                    .info, alert.state == .inactive ? "alert resolved" : "alert firing",
                    [
                        "group": group, "alertname": alert.labels["alertname"] ?? "", "labels": alert.labels.description,
                        "value": APIValueFormat.alertValue(alert.value),
                    ]
                )
            }
            deliver(expression, alerts, externalURL)
        }
    }

    /// Expands alert templates, each parsed once per load, with Prometheus's data: the sample's labels
    /// (`__name__` included), the value, the external URL and a `query` function over the store.
    private func expander(for group: RuleGroup, store: SampleStore, externalURL: String) -> TemplateExpander {
        var templates: [String: ParsedTemplate] = [:]
        for case .alerting(let rule) in group.rules {
            let name = "__alert_" + rule.name
            for template in Array(rule.labels) + Array(rule.annotations) where templates[template.value] == nil {
                do throws(TemplateError) {
                    templates[template.value] = .template(try AlertTemplate(template.value, name: name))
                } catch {
                    templates[template.value] = .failure(AlertTemplate.parseFailureText(error, name: name))
                }
            }
        }
        let parsed = templates
        let query = templateQuery(store: store)
        return { text, labels, value in
            switch parsed[text] {
            case .template(let template):
                return template.expand(TemplateData(labels: labels, externalURL: externalURL, value: value, query: query))
            case .failure(let message):
                return message
            case nil:
                return text
            }
        }
    }

    private func templateQuery(store: SampleStore) -> @Sendable (String) throws -> [(labels: Labels, value: Double)] {
        { [engine, weak self] text in
            guard let self else { throw EvaluationError("rule evaluation has stopped") }
            let value = try engine.instantQuery(Parser.parse(text), at: evaluationTime.load(ordering: .relaxed), on: store)
            switch value {
            case .vector(let samples): return samples.map { ($0.labels, $0.value) }
            case .scalar(let scalar): return [(Labels(), scalar)]
            case .string, .matrix: throw EvaluationError("query result is not a vector or scalar")
            }
        }
    }
}
