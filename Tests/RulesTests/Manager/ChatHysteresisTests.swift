import Foundation
import PromQL
import PrometheusModel
import Rules
import SampleStore
import TestSupport
import Testing

extension ManagerTests {
    /// `prometheus/tests/chat_test.yml`'s hysteresis case, evaluated the way `promtool test rules` does:
    /// the chat group every minute over the repository's own rule file, its `ALERTS` fed back to the store.
    @Suite struct ChatHysteresisTests {
        let m = ManagerFixtures.minute

        /// `0+12x5 65+5x5 91+1x5 97+5x5`, one value a minute from 0.
        private var errorCounts: [Double] {
            [(0.0, 12.0), (65, 5), (91, 1), (97, 5)].flatMap { start, step in (0...5).map { start + step * Double($0) } }
        }

        private func chatGroup() throws -> RuleGroup {
            let path = SharedData.repositoryRoot.appendingPathComponent("prometheus/alerts.yml").path
            return try #require(try RuleFile.load(path: path).groups.first { $0.name == "chat" })
        }

        private func wsErrorsAlert(_ evaluator: RuleGroupEvaluator) -> Alert? {
            for rule in evaluator.snapshot.rules {
                if case .alerting(let definition, _, let alerts) = rule.kind, definition.name == "ChatGatewayWsErrors" {
                    return alerts.first
                }
            }
            return nil
        }

        /// Evaluates the chat group every minute from 0 to 20 m over `samples` (value at ms) and returns
        /// `ChatGatewayWsErrors`' state after each evaluation.
        private func states(_ samples: [(Int64, Double)]) throws -> [Int64: AlertState] {
            let store = SampleStore(retention: 3_600_000)
            for (time, value) in samples {
                store.append(["__name__": "chat_ws_errors_total", "code": "1006"], Sample(timestamp: time, value: value))
            }
            let evaluator = RuleGroupEvaluator(
                group: try chatGroup(), query: engineQueryFunc(Engine(), on: store), append: { store.append($0, $1) },
                notify: { _, _ in }, expand: ManagerFixtures.expand)
            var states: [Int64: AlertState] = [:]
            for minute in Int64(0)...20 {
                evaluator.evaluate(at: minute * m)
                if let alert = wsErrorsAlert(evaluator) {
                    #expect(alert.labels == ["alertname": "ChatGatewayWsErrors", "notify": "email", "severity": "sev2", "team": "chat"])
                    states[minute] = alert.state
                }
            }
            return states
        }

        private func expectPromtoolOutcome(_ states: [Int64: AlertState]) {
            #expect(states[4] == .firing)
            #expect(states[9] == .firing)
            #expect(states[14] == .inactive)
            #expect(states[20] == .inactive)
        }

        /// The input exactly as chat_test.yml writes it (one sample a minute): the alert fires, holds
        /// through the 5/min stretch and resolves, as promtool reports for that test.
        @Test func firesHoldsAndResolvesAsPromtoolDoes() throws {
            let samples = errorCounts.enumerated().map { (Int64($0.offset) * m, $0.element) }
            expectPromtoolOutcome(try states(samples))
        }
    }
}
