import PromQL
import PrometheusModel
import Rules
import SampleStore
import Testing

extension ManagerTests {
    /// Restoring `for` state after a restart, with Prometheus's defaults: one hour of outage
    /// tolerance, a ten-minute grace period.
    @Suite struct ForStateRestoreTests {
        typealias F = ManagerFixtures
        let m = ManagerFixtures.minute
        let forStateLabels: Labels = ["__name__": "ALERTS_FOR_STATE", "alertname": "TestAlert", "instance": "a", "severity": "page"]

        /// A rule restarted at 99m and 100m with `up{instance="a"}` true, restored at 100m from an
        /// alert saved at `savedAt` as active since `activeAt`; returns the alert's new `activeAt`.
        private func restored(hold: Int64, activeAt: Int64, savedAt: Int64) throws -> Int64? {
            var state = AlertingRuleState(rule: try F.alertingRule(for: hold))
            _ = try state.evaluate([F.sample("a")], at: 99 * m, expand: F.expand)
            _ = try state.evaluate([F.sample("a")], at: 100 * m, expand: F.expand)
            let saved = [forStateLabels: Sample(timestamp: savedAt, value: Double(activeAt / 1000))]
            _ = state.restoreForState(from: saved, at: 100 * m, outageTolerance: 60 * m, forGracePeriod: 10 * m)
            return state.alerts.first?.activeAt
        }

        @Test func downtimeDoesNotCountTowardsFor() throws {
            // Pending 10 of 30 minutes when it went down at 90m: 20 minutes still to go after the restart.
            #expect(try restored(hold: 30 * m, activeAt: 80 * m, savedAt: 90 * m) == 90 * m)
        }

        @Test func almostDueAlertsWaitTheGracePeriod() throws {
            // 2 minutes left at 90m: it fires 10 minutes after the restore, not 2.
            #expect(try restored(hold: 30 * m, activeAt: 62 * m, savedAt: 90 * m) == 80 * m)
        }

        @Test func firingAlertsKeepTheirActiveAt() throws {
            #expect(try restored(hold: 30 * m, activeAt: 50 * m, savedAt: 90 * m) == 50 * m)
        }

        @Test func shortForDurationsStartAfresh() throws {
            #expect(try restored(hold: 5 * m, activeAt: 97 * m, savedAt: 98 * m) == 99 * m)
        }

        @Test func stateOlderThanTheOutageToleranceIsIgnored() throws {
            #expect(try restored(hold: 30 * m, activeAt: 20 * m, savedAt: 39 * m) == 99 * m)
        }

        @Test func theGroupRestoresAfterItsSecondEvaluationAndWritesNoAlertsBefore() throws {
            let store = SampleStore(retention: 3_600_000)
            let group = RuleGroup(name: "g", rules: [.alerting(try F.alertingRule(expr: "up == 1", for: 30 * m))])
            let evaluator = RuleGroupEvaluator(
                group: group, query: engineQueryFunc(Engine(), on: store), append: { store.append($0, $1) },
                notify: { _, _ in }, expand: F.expand)
            evaluator.restoreForState(from: .init(saved: [forStateLabels: Sample(timestamp: 90 * m, value: Double(80 * 60))]))
            for minute in [99, 100, 101] {
                store.append(["__name__": "up", "instance": "a"], Sample(timestamp: Int64(minute) * m, value: 1))
            }
            #expect(evaluator.evaluate(at: 99 * m).isEmpty)
            #expect(evaluator.evaluate(at: 100 * m).isEmpty)
            let written = evaluator.evaluate(at: 101 * m)
            #expect(written.first { $0.labels == forStateLabels }?.sample.value == Double(90 * 60))
            guard case .alerting(_, _, let alerts) = evaluator.snapshot.rules[0].kind else { Issue.record("not an alerting rule"); return }
            #expect(alerts.map(\.activeAt) == [90 * m])
        }

        @Test func aReloadKeepsAlertsOfUnchangedRulesAndMarksRemovedRulesStale() throws {
            let store = SampleStore(retention: 3_600_000)
            store.append(["__name__": "up", "instance": "a"], Sample(timestamp: 0, value: 1))
            func evaluator(_ rules: [Rule]) -> RuleGroupEvaluator {
                RuleGroupEvaluator(
                    group: RuleGroup(name: "g", rules: rules), query: engineQueryFunc(Engine(), on: store),
                    append: { store.append($0, $1) }, notify: { _, _ in }, expand: F.expand)
            }
            let kept = Rule.alerting(try F.alertingRule(expr: "up == 1", for: 2 * m))
            let removed = Rule.alerting(try F.alertingRule("Removed", expr: "up == 1"))
            let before = evaluator([kept, removed])
            before.evaluate(at: 0)
            before.evaluate(at: m)
            let after = evaluator([kept])
            after.adoptState(of: before)
            let written = after.evaluate(at: 2 * m)
            guard case .alerting(_, _, let alerts) = after.snapshot.rules[0].kind else { Issue.record("not an alerting rule"); return }
            #expect(alerts.map(\.activeAt) == [0])
            #expect(alerts.map(\.state) == [.firing])
            let stale = written.filter(\.sample.isStaleMarker).map { "\($0.labels["alertname"] ?? "") \($0.labels.metricName ?? "") \($0.labels["alertstate"] ?? "")" }
            // TestAlert's pending series ends because it now fires; the removed rule's series end with it.
            #expect(stale == ["TestAlert ALERTS pending", "Removed ALERTS firing", "Removed ALERTS_FOR_STATE "])
        }
    }
}
