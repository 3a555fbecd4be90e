public import PromQL
public import PrometheusModel

/// The alerts of one alerting rule and how they move between states, evaluation after evaluation
/// (Prometheus's `AlertingRule.Eval`). A value type driven only by the results and times it is given,
/// so tests replay any sequence of evaluations without a clock or a store.
public struct AlertingRuleState: Sendable {
    /// How long resolved alerts are kept (`resolvedRetention`), so their resolution keeps being sent.
    public static let resolvedRetention: Int64 = 15 * 60_000

    public let rule: AlertingRule
    /// Alerts by label set: pending, firing, and resolved ones within their retention.
    public private(set) var active: [Labels: Alert] = [:]

    public init(rule: AlertingRule) {
        self.rule = rule
    }

    /// The active alerts, ordered by label set.
    public var alerts: [Alert] {
        active.values.sorted { $0.labels < $1.labels }
    }

    /// The rule's state: that of its most advanced alert, inactive when it has none.
    public var state: AlertState {
        active.values.map(\.state).max() ?? .inactive
    }

    /// Applies one evaluation's result at `ts` (ms) and returns the `ALERTS` and `ALERTS_FOR_STATE` samples
    /// for the pending and firing alerts, stamped at `ts − queryOffset`. With `limit` > 0, more pending and
    /// firing alerts than that is an error and drops every alert, as Prometheus does.
    public mutating func evaluate(
        _ result: [VectorSample], at ts: Int64, queryOffset: Int64 = 0, limit: Int = 0, expand: TemplateExpander
    ) throws(RuleEvaluationError) -> [RuleSample] {
        let current = try alerts(from: result, at: ts, expand: expand)
        for (labels, alert) in current {
            if var existing = active[labels], existing.state != .inactive {
                existing.value = alert.value
                existing.annotations = alert.annotations
                active[labels] = existing
            } else {
                active[labels] = alert
            }
        }

        var held: [Alert] = []
        for labels in Array(active.keys) {
            guard var alert = active[labels] else { continue }
            if current[labels] == nil {
                guard let kept = stepMissing(&alert, at: ts) else { continue }
                alert = kept
            } else {
                alert.keepFiringSince = nil
            }
            if alert.state == .pending && ts - alert.activeAt >= rule.holdDuration {
                alert.state = .firing
                alert.firedAt = ts
            }
            active[labels] = alert
            held.append(alert)
        }

        if limit > 0 && held.count > limit {
            active = [:]
            throw RuleEvaluationError("exceeded limit of \(limit) with \(held.count) alerts")
        }
        let time = ts - queryOffset
        return held.sorted { $0.labels < $1.labels }.flatMap { alert in
            [
                RuleSample(labels: seriesLabels("ALERTS", alert).setting("alertstate", to: alert.state.rawValue),
                           sample: Sample(timestamp: time, value: 1)),
                RuleSample(labels: seriesLabels("ALERTS_FOR_STATE", alert),
                           sample: Sample(timestamp: time, value: Double(Self.floorSeconds(alert.activeAt)))),
            ]
        }
    }

    /// Marks the alerts that need sending at `ts` as sent and returns them (`AlertingRule.sendAlerts`):
    /// each is valid for four times the larger of `interval` and `resendDelay`, allowing for two failed
    /// evaluations or sends before Alertmanager lets it expire.
    public mutating func alertsToSend(at ts: Int64, resendDelay: Int64, interval: Int64) -> [Alert] {
        var sent: [Alert] = []
        for labels in active.keys.sorted() {
            guard var alert = active[labels], alert.needsSending(at: ts, resendDelay: resendDelay) else { continue }
            alert.lastSentAt = ts
            alert.validUntil = ts + 4 * max(resendDelay, interval)
            active[labels] = alert
            sent.append(alert)
        }
        return sent
    }

    /// Prometheus's `RestoreForState` for this rule at `ts`: each pending or firing alert whose
    /// `ALERTS_FOR_STATE` series was saved within `outageTolerance` gets its `activeAt` back, shifted
    /// so the time the service was down does not count towards `for` and the alert fires no sooner
    /// than `forGracePeriod` from now. Rules whose `for` is shorter than the grace period start
    /// afresh. Returns how many alerts were restored.
    public mutating func restoreForState(
        from saved: [Labels: Sample], at ts: Int64, outageTolerance: Int64, forGracePeriod: Int64
    ) -> Int {
        guard rule.holdDuration >= forGracePeriod else { return 0 }
        var restored = 0
        for (labels, var alert) in active where alert.state != .inactive {
            guard let sample = saved[seriesLabels("ALERTS_FOR_STATE", alert)], !sample.isStaleMarker,
                sample.timestamp >= ts - outageTolerance, sample.timestamp <= ts
            else { continue }
            let downAt = Self.floorSeconds(sample.timestamp) * 1000
            var activeAt = Int64(sample.value) * 1000
            let remaining = rule.holdDuration - (downAt - activeAt)
            if remaining <= 0 {
                // Firing before the restart: the next evaluation fires it again if it still holds.
            } else if remaining < forGracePeriod {
                activeAt = ts + forGracePeriod - rule.holdDuration
            } else {
                activeAt += ts - downAt
            }
            alert.activeAt = activeAt
            active[labels] = alert
            restored += 1
        }
        return restored
    }

    /// Takes over `previous`'s alerts (Prometheus's `CopyState` when a reload keeps a rule).
    public mutating func adoptAlerts(of previous: AlertingRuleState) {
        active = previous.active
    }

    /// This evaluation's alerts by label set, new ones pending since `ts`.
    private func alerts(from result: [VectorSample], at ts: Int64, expand: TemplateExpander) throws(RuleEvaluationError) -> [Labels: Alert] {
        var current: [Labels: Alert] = [:]
        current.reserveCapacity(result.count)
        for element in result {
            func render(_ template: String) -> String {
                template.contains("{{") ? expand(template, element.labels, element.value) : template
            }
            var labels = element.labels.removing(["__name__"])
            for label in rule.labels { labels = labels.setting(label.name, to: render(label.value)) }
            labels = labels.setting("alertname", to: rule.name)
            let annotations = rule.annotations.map { Labels.Label($0.name, render($0.value)) }
            guard current[labels] == nil else {
                throw RuleEvaluationError("vector contains metrics with the same labelset after applying alert labels")
            }
            current[labels] = Alert(labels: labels, annotations: annotations, state: .pending, value: element.value, activeAt: ts)
        }
        return current
    }

    /// An alert missing from this evaluation's result: pending ones are dropped; firing ones resolve unless
    /// `keep_firing_for` still holds them; resolved ones are forgotten after the retention. Returns the
    /// alert when it still counts as pending or firing, nil otherwise.
    private mutating func stepMissing(_ alert: inout Alert, at ts: Int64) -> Alert? {
        var keepFiring = false
        if alert.state == .firing && rule.keepFiringFor > 0 {
            let since = alert.keepFiringSince ?? ts
            alert.keepFiringSince = since
            keepFiring = ts - since < rule.keepFiringFor
        }
        let expired = alert.resolvedAt.map { ts - $0 > Self.resolvedRetention } ?? false
        if alert.state == .pending || expired {
            active[alert.labels] = nil
            return nil
        }
        if alert.state != .inactive && !keepFiring {
            alert.state = .inactive
            alert.resolvedAt = ts
        }
        active[alert.labels] = alert
        return keepFiring ? alert : nil
    }

    /// A synthetic series' labels: the rule's labels as written, overlaid by the alert's, then the name.
    private func seriesLabels(_ metric: String, _ alert: Alert) -> Labels {
        var labels = rule.labels
        for label in alert.labels { labels = labels.setting(label.name, to: label.value) }
        return labels.setting("__name__", to: metric).setting("alertname", to: rule.name)
    }

    /// Whole seconds since the epoch, rounded down as Go's `Time.Unix` does.
    private static func floorSeconds(_ milliseconds: Int64) -> Int64 {
        milliseconds >= 0 ? milliseconds / 1000 : -((-milliseconds + 999) / 1000)
    }
}
