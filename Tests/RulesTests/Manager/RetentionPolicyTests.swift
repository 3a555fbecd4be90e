import PromQL
import Rules
import SampleStore
import Testing

extension ManagerTests {
    @Suite struct RetentionPolicyTests {
        typealias F = ManagerFixtures

        @Test func eachMetricKeepsTheLongestRangeItsSelectorsReadPlusLookback() throws {
            var group = RuleGroup(name: "g", rules: [
                .alerting(try F.alertingRule("A", expr: "rate(fast_total[5m]) > 1")),
                .alerting(try F.alertingRule("B", expr: "increase(slow_total[1d] offset 1h) > sum(rate(fast_total[2m]))")),
                .alerting(try F.alertingRule("C", expr: "max_over_time(gauge[10m:1m]) > 3")),
            ])
            group.queryOffset = 30_000
            let policy = RetentionPolicy(reading: [group], lookback: 300_000, slack: 60_000)
            let extra: Int64 = 30_000 + 300_000 + 60_000
            #expect(policy.retention(for: "fast_total") == 300_000 + extra)
            #expect(policy.retention(for: "slow_total") == 86_400_000 + 3_600_000 + extra)
            #expect(policy.retention(for: "gauge") == 600_000 + extra)
            #expect(policy.retention(for: "unread") == 360_000)
        }

        @Test func selectorsWithoutANameRaiseTheMinimum() throws {
            let group = RuleGroup(name: "g", rules: [.alerting(try F.alertingRule("A", expr: #"count_over_time({job="api"}[1h]) > 0"#))])
            let policy = RetentionPolicy(reading: [group], lookback: 300_000, slack: 0)
            #expect(policy.retention(for: "anything") == 3_900_000)
        }
    }
}
