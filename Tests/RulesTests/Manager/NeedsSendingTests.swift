import PrometheusModel
import Rules
import Testing

extension ManagerTests {
    @Suite struct NeedsSendingTests {
        let m = ManagerFixtures.minute
        private func alert(_ state: AlertState, lastSentAt: Int64? = nil, resolvedAt: Int64? = nil) -> Alert {
            Alert(labels: ["alertname": "A"], state: state, value: 1, activeAt: 0, resolvedAt: resolvedAt, lastSentAt: lastSentAt)
        }

        @Test func pendingAlertsAreNeverSent() {
            #expect(!alert(.pending).needsSending(at: 10 * m, resendDelay: m))
        }

        @Test func firingAlertsAreSentThenResentAfterTheDelay() {
            #expect(alert(.firing).needsSending(at: 0, resendDelay: m))
            #expect(!alert(.firing, lastSentAt: 0).needsSending(at: m, resendDelay: m), "strictly after the delay")
            #expect(alert(.firing, lastSentAt: 0).needsSending(at: m + 1, resendDelay: m))
        }

        @Test func resolutionSinceTheLastSendIsSentAtOnce() {
            #expect(alert(.inactive, lastSentAt: m, resolvedAt: m + 1).needsSending(at: m + 1, resendDelay: m))
            #expect(!alert(.inactive, lastSentAt: m + 1, resolvedAt: m + 1).needsSending(at: m + 2, resendDelay: m))
            #expect(alert(.inactive, lastSentAt: m + 1, resolvedAt: m + 1).needsSending(at: 2 * m + 2, resendDelay: m))
        }

        @Test func resolvedAlertsAreResentUntilRetentionDropsThem() throws {
            var state = AlertingRuleState(rule: try ManagerFixtures.alertingRule())
            _ = try state.evaluate([ManagerFixtures.sample("a")], at: 0, expand: ManagerFixtures.expand)
            let first = state.alertsToSend(at: 0, resendDelay: m, interval: 15_000)
            #expect(first.map(\.state) == [.firing])
            #expect(first.first?.validUntil == 4 * m)
            #expect(first.first?.endsAt == 4 * m)
            #expect(state.alertsToSend(at: 30_000, resendDelay: m, interval: 15_000).isEmpty)

            _ = try state.evaluate([], at: 2 * m, expand: ManagerFixtures.expand)
            let resolved = state.alertsToSend(at: 2 * m, resendDelay: m, interval: 15_000)
            #expect(resolved.map(\.state) == [.inactive])
            #expect(resolved.first?.endsAt == 2 * m)
            #expect(resolved.first?.validUntil == 6 * m)

            var sends = 1
            for minute in Int64(3)...20 {
                _ = try state.evaluate([], at: minute * m, expand: ManagerFixtures.expand)
                sends += state.alertsToSend(at: minute * m, resendDelay: m, interval: m).count
            }
            #expect(sends == 8, "re-sent every other minute (strictly after 1m) until dropped after 15 minutes")
            #expect(state.alerts.isEmpty)
        }

        @Test func validUntilUsesTheLargerOfIntervalAndResendDelay() throws {
            var state = AlertingRuleState(rule: try ManagerFixtures.alertingRule())
            _ = try state.evaluate([ManagerFixtures.sample("a")], at: 0, expand: ManagerFixtures.expand)
            #expect(state.alertsToSend(at: 0, resendDelay: m, interval: 5 * m).first?.validUntil == 20 * m)
        }
    }
}
