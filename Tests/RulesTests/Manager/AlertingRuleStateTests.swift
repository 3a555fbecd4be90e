import PromQL
import PrometheusModel
import Rules
import Testing

extension ManagerTests {
    @Suite struct AlertingRuleStateTests {
        typealias F = ManagerFixtures
        let m = ManagerFixtures.minute

        private func evaluate(_ state: inout AlertingRuleState, _ result: [VectorSample], at ts: Int64) throws -> [RuleSample] {
            try state.evaluate(result, at: ts, expand: F.expand)
        }

        @Test func pendingUntilExactlyTheHoldDurationThenFiring() throws {
            var state = AlertingRuleState(rule: try F.alertingRule(for: 5 * m))
            _ = try evaluate(&state, [F.sample("a")], at: 0)
            let alert = try #require(state.alerts.first)
            #expect(alert.state == .pending)
            #expect(alert.activeAt == 0)
            #expect(alert.labels == ["alertname": "TestAlert", "instance": "a", "severity": "page"])
            _ = try evaluate(&state, [F.sample("a")], at: 5 * m - 1)
            #expect(state.alerts.first?.state == .pending)
            _ = try evaluate(&state, [F.sample("a")], at: 5 * m)
            #expect(state.alerts.first?.state == .firing)
            #expect(state.alerts.first?.firedAt == 5 * m)
            #expect(state.alerts.first?.activeAt == 0)
            #expect(state.state == .firing)
        }

        @Test func zeroHoldDurationFiresAtOnce() throws {
            var state = AlertingRuleState(rule: try F.alertingRule(for: 0))
            _ = try evaluate(&state, [F.sample("a")], at: 7 * m)
            #expect(state.alerts.map(\.state) == [.firing])
            #expect(state.alerts.first?.firedAt == 7 * m)
        }

        @Test func flappingInputRestartsThePendingPeriod() throws {
            var state = AlertingRuleState(rule: try F.alertingRule(for: 2 * m))
            _ = try evaluate(&state, [F.sample("a")], at: 0)
            _ = try evaluate(&state, [F.sample("a")], at: m)
            _ = try evaluate(&state, [], at: 2 * m)
            #expect(state.alerts.isEmpty, "a pending alert missing from the result is dropped")
            _ = try evaluate(&state, [F.sample("a")], at: 3 * m)
            #expect(state.alerts.first?.activeAt == 3 * m)
            _ = try evaluate(&state, [F.sample("a")], at: 4 * m)
            #expect(state.alerts.first?.state == .pending)
            _ = try evaluate(&state, [F.sample("a")], at: 5 * m)
            #expect(state.alerts.first?.state == .firing)
        }

        @Test func resolvedAlertsAreKeptFifteenMinutes() throws {
            var state = AlertingRuleState(rule: try F.alertingRule())
            _ = try evaluate(&state, [F.sample("a")], at: 0)
            let samples = try evaluate(&state, [], at: m)
            #expect(samples.isEmpty, "resolved alerts produce no ALERTS series")
            let resolved = try #require(state.alerts.first)
            #expect(resolved.state == .inactive)
            #expect(resolved.resolvedAt == m)
            _ = try evaluate(&state, [], at: 16 * m)
            #expect(state.alerts.first?.resolvedAt == m, "exactly 15 minutes later it is still kept")
            _ = try evaluate(&state, [], at: 16 * m + 1)
            #expect(state.alerts.isEmpty)
        }

        @Test func aResolvedAlertThatReturnsStartsOver() throws {
            var state = AlertingRuleState(rule: try F.alertingRule(for: m))
            _ = try evaluate(&state, [F.sample("a")], at: 0)
            _ = try evaluate(&state, [F.sample("a")], at: m)
            _ = try evaluate(&state, [], at: 2 * m)
            _ = try evaluate(&state, [F.sample("a")], at: 3 * m)
            let alert = try #require(state.alerts.first)
            #expect(alert.state == .pending)
            #expect(alert.activeAt == 3 * m)
            #expect(alert.resolvedAt == nil)
        }

        @Test func keepFiringForHoldsAFiringAlertThenReleasesIt() throws {
            var state = AlertingRuleState(rule: try F.alertingRule(keepFiringFor: 3 * m))
            _ = try evaluate(&state, [F.sample("a")], at: 0)
            let held = try evaluate(&state, [], at: m)
            #expect(state.alerts.first?.state == .firing)
            #expect(state.alerts.first?.keepFiringSince == m)
            #expect(held.contains { $0.labels["alertstate"] == "firing" })
            _ = try evaluate(&state, [], at: 3 * m + 59_999)
            #expect(state.alerts.first?.state == .firing)
            _ = try evaluate(&state, [], at: 4 * m)
            #expect(state.alerts.first?.state == .inactive)
            #expect(state.alerts.first?.resolvedAt == 4 * m)
        }

        @Test func theConditionReturningResetsKeepFiringSince() throws {
            var state = AlertingRuleState(rule: try F.alertingRule(keepFiringFor: 3 * m))
            _ = try evaluate(&state, [F.sample("a")], at: 0)
            _ = try evaluate(&state, [], at: m)
            _ = try evaluate(&state, [F.sample("a")], at: 2 * m)
            #expect(state.alerts.first?.keepFiringSince == nil)
            _ = try evaluate(&state, [], at: 3 * m)
            #expect(state.alerts.first?.keepFiringSince == 3 * m)
            _ = try evaluate(&state, [], at: 5 * m)
            #expect(state.alerts.first?.state == .firing, "held for 3 minutes from the new start")
        }

        @Test func keepFiringForDoesNotHoldPendingAlerts() throws {
            var state = AlertingRuleState(rule: try F.alertingRule(for: 5 * m, keepFiringFor: 10 * m))
            _ = try evaluate(&state, [F.sample("a")], at: 0)
            _ = try evaluate(&state, [], at: m)
            #expect(state.alerts.isEmpty)
        }

        @Test func valuesAndAnnotationsFollowTheLatestResult() throws {
            var state = AlertingRuleState(rule: try F.alertingRule(for: 5 * m))
            _ = try evaluate(&state, [F.sample("a", 3)], at: 0)
            #expect(state.alerts.first?.annotation("summary") == "value 3")
            _ = try evaluate(&state, [F.sample("a", 42)], at: m)
            let alert = try #require(state.alerts.first)
            #expect(alert.value == 42)
            #expect(alert.annotation("summary") == "value 42")
            #expect(alert.activeAt == 0)
        }

        @Test func ruleLabelsAreTemplatedAndOverrideSampleLabels() throws {
            let rule = try F.alertingRule(labels: ["instance": "x-{{ $labels.instance }}", "empty": "{{ $labels.none }}x"])
            var state = AlertingRuleState(rule: rule)
            _ = try evaluate(&state, [F.sample("a")], at: 0)
            #expect(state.alerts.first?.labels == ["alertname": "TestAlert", "instance": "x-a", "empty": "{{ $labels.none }}x"])
        }

        @Test func alertsAndForStateSeries() throws {
            var state = AlertingRuleState(rule: try F.alertingRule(for: 2 * m))
            let pending = try state.evaluate([F.sample("a")], at: 90_500, queryOffset: 500, expand: F.expand)
            #expect(pending == [
                RuleSample(labels: ["__name__": "ALERTS", "alertname": "TestAlert", "alertstate": "pending", "instance": "a", "severity": "page"],
                           sample: Sample(timestamp: 90_000, value: 1)),
                RuleSample(labels: ["__name__": "ALERTS_FOR_STATE", "alertname": "TestAlert", "instance": "a", "severity": "page"],
                           sample: Sample(timestamp: 90_000, value: 90)),
            ])
            let firing = try state.evaluate([F.sample("a")], at: 210_500, queryOffset: 500, expand: F.expand)
            #expect(firing.first?.labels["alertstate"] == "firing")
            #expect(firing.last?.sample == Sample(timestamp: 210_000, value: 90))
        }

        @Test func duplicateLabelSetsAreAnError() throws {
            var state = AlertingRuleState(rule: try F.alertingRule(labels: ["instance": "same"]))
            #expect(throws: RuleEvaluationError("vector contains metrics with the same labelset after applying alert labels")) {
                try evaluate(&state, [F.sample("a"), F.sample("b")], at: 0)
            }
            #expect(state.alerts.isEmpty)
        }

        @Test func theLimitCountsPendingAndFiringAlertsAndDropsThemAll() throws {
            var state = AlertingRuleState(rule: try F.alertingRule())
            _ = try state.evaluate([F.sample("a"), F.sample("b")], at: 0, limit: 2, expand: F.expand)
            _ = try state.evaluate([F.sample("c")], at: m, limit: 2, expand: F.expand)
            #expect(state.alerts.count == 3, "resolved alerts do not count towards the limit")
            #expect(throws: RuleEvaluationError("exceeded limit of 2 with 3 alerts")) {
                try state.evaluate([F.sample("a"), F.sample("b"), F.sample("c")], at: 2 * m, limit: 2, expand: F.expand)
            }
            #expect(state.alerts.isEmpty)
        }
    }
}
