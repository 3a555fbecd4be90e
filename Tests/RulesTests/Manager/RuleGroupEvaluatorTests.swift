import PromQL
import PrometheusModel
import Rules
import SampleStore
import Synchronization
import Testing

extension ManagerTests {
    @Suite struct RuleGroupEvaluatorTests {
        typealias F = ManagerFixtures
        let m = ManagerFixtures.minute

        /// Collects what the evaluator hands to `notify`.
        final class Outbox: Sendable {
            private let sent = Mutex<[[Alert]]>([])
            var batches: [[Alert]] { sent.withLock { $0 } }
            func record(_ alerts: [Alert]) { sent.withLock { $0.append(alerts) } }
        }

        private func evaluator(_ group: RuleGroup, store: SampleStore, outbox: Outbox = Outbox()) -> RuleGroupEvaluator {
            RuleGroupEvaluator(
                group: group, file: "rules.yml", query: engineQueryFunc(Engine(), on: store),
                append: { store.append($0, $1) }, notify: { outbox.record($1) }, expand: F.expand)
        }

        @Test func recordingRulesFeedLaterRulesOfTheGroup() throws {
            let store = SampleStore(retention: 3_600_000)
            store.append(["__name__": "requests", "job": "api"], Sample(timestamp: 0, value: 7))
            let group = RuleGroup(name: "g", rules: [
                .recording(RecordingRule(name: "job:requests:doubled", expression: try F.expression("requests * 2"), labels: ["source": "rule"])),
                .recording(RecordingRule(name: "job:requests:quadrupled", expression: try F.expression("job:requests:doubled * 2"))),
                .alerting(try F.alertingRule("TooMany", expr: "job:requests:quadrupled > 20")),
            ])
            let written = evaluator(group, store: store).evaluate(at: m)
            #expect(written.prefix(2) == [
                RuleSample(labels: ["__name__": "job:requests:doubled", "job": "api", "source": "rule"], sample: Sample(timestamp: m, value: 14)),
                RuleSample(labels: ["__name__": "job:requests:quadrupled", "job": "api", "source": "rule"], sample: Sample(timestamp: m, value: 28)),
            ])
            #expect(written[2].labels == ["__name__": "ALERTS", "alertname": "TooMany", "alertstate": "firing", "job": "api", "severity": "page", "source": "rule"])
        }

        @Test func healthErrorsAndTimestampsAreRecorded() throws {
            let store = SampleStore(retention: 3_600_000)
            store.append(["__name__": "x", "a": "1"], Sample(timestamp: 0, value: 1))
            store.append(["__name__": "x", "a": "2"], Sample(timestamp: 0, value: 1))
            let group = RuleGroup(name: "g", rules: [
                .recording(RecordingRule(name: "collapsed", expression: try F.expression("x"), labels: ["a": "same"])),
                .recording(RecordingRule(name: "fine", expression: try F.expression("vector(1)"))),
            ])
            let subject = evaluator(group, store: store)
            #expect(subject.snapshot.rules.map(\.status.health) == [.unknown, .unknown])
            #expect(subject.snapshot.lastEvaluation == nil)
            subject.evaluate(at: 2 * m)
            let snapshot = subject.snapshot
            #expect(snapshot.rules.map(\.status.health) == [.err, .ok])
            #expect(snapshot.rules[0].status.lastError == "vector contains metrics with the same labelset after applying rule labels")
            #expect(snapshot.rules[1].status.lastError == nil)
            #expect(snapshot.rules.map(\.status.lastEvaluation) == [2 * m, 2 * m])
            #expect(snapshot.lastEvaluation == 2 * m)
            #expect(snapshot.interval == 60_000)
            #expect(snapshot.file == "rules.yml")
        }

        @Test func theGroupLimitAppliesToRecordedSeries() throws {
            let store = SampleStore(retention: 3_600_000)
            for index in 0..<3 { store.append(["__name__": "x", "i": "\(index)"], Sample(timestamp: 0, value: 1)) }
            let group = RuleGroup(name: "g", limit: 2, rules: [.recording(RecordingRule(name: "y", expression: try F.expression("x")))])
            let subject = evaluator(group, store: store)
            #expect(subject.evaluate(at: m).isEmpty)
            #expect(subject.snapshot.rules[0].status.lastError == "exceeded limit of 2 with 3 series")
        }

        @Test func vanishedSeriesGetStaleMarkers() throws {
            let store = SampleStore(retention: 3_600_000)
            store.append(["__name__": "up", "instance": "a"], Sample(timestamp: 0, value: 0))
            store.append(["__name__": "up", "instance": "a"], Sample(timestamp: 2 * m, value: 1))
            let group = RuleGroup(name: "g", rules: [.alerting(try F.alertingRule(for: 5 * m))])
            let subject = evaluator(group, store: store)
            #expect(subject.evaluate(at: m).count == 2)
            let written = subject.evaluate(at: 2 * m)
            #expect(written.count == 2)
            #expect(written.allSatisfy { $0.sample.isStaleMarker && $0.sample.timestamp == 2 * m })
            #expect(Set(written.map { $0.labels.metricName }) == ["ALERTS", "ALERTS_FOR_STATE"])
            #expect(subject.evaluate(at: 3 * m).isEmpty)
        }

        @Test func notifiesFiringAndResolvedAlertsOnly() throws {
            let store = SampleStore(retention: 3_600_000)
            for (minute, value) in [(0, 0.0), (1, 0), (2, 0), (3, 1)] {
                store.append(["__name__": "up", "instance": "a"], Sample(timestamp: Int64(minute) * m, value: value))
            }
            let outbox = Outbox()
            let group = RuleGroup(name: "g", rules: [.alerting(try F.alertingRule(for: m))])
            let subject = evaluator(group, store: store, outbox: outbox)
            for minute in Int64(0)...3 { subject.evaluate(at: minute * m) }
            #expect(outbox.batches.map { $0.map(\.state) } == [[.firing], [.inactive]])
            #expect(outbox.batches.first?.first?.validUntil == 5 * m)
            #expect(outbox.batches.last?.first?.resolvedAt == 3 * m)
            guard case .alerting(_, let state, let alerts) = subject.snapshot.rules[0].kind else {
                Issue.record("not an alerting rule")
                return
            }
            #expect(state == .inactive)
            #expect(alerts.first?.lastSentAt == 3 * m)
        }

        @Test func scalarResultsBecomeOneUnlabelledSample() throws {
            let store = SampleStore(retention: 3_600_000)
            let group = RuleGroup(name: "g", rules: [.recording(RecordingRule(name: "answer", expression: try F.expression("42")))])
            #expect(evaluator(group, store: store).evaluate(at: m) == [
                RuleSample(labels: ["__name__": "answer"], sample: Sample(timestamp: m, value: 42)),
            ])
        }

        @Test func theQueryOffsetShiftsQueriesAndSamples() throws {
            let store = SampleStore(retention: 3_600_000)
            store.append(["__name__": "x"], Sample(timestamp: m, value: 5))
            let group = RuleGroup(name: "g", queryOffset: 30_000, rules: [.recording(RecordingRule(name: "y", expression: try F.expression("x")))])
            #expect(evaluator(group, store: store).evaluate(at: m + 20_000).isEmpty, "x is not visible at 50s")
            #expect(evaluator(group, store: store).evaluate(at: m + 30_000).map(\.sample) == [Sample(timestamp: m, value: 5)])
        }
    }
}
