import Foundation
import PrometheusModel
import Rules
import TestSupport
import Testing

/// alertmanager/config.yml, checked by Alertmanager's own `amtool`: the file loads, and every alert of
/// prometheus/alerts.yml reaches the channel the spec's alert table names for it.
struct AlertmanagerRoutingTests {
    static let config = SharedData.repositoryRoot.appendingPathComponent("alertmanager/config.yml").path
    static let alerts = SharedData.repositoryRoot.appendingPathComponent("prometheus/alerts.yml").path

    /// The receivers `amtool` routes an alert with `labels` to.
    private func receivers(_ labels: [String: String]) throws -> [String] {
        let arguments = ["config", "routes", "test", "--config.file=\(Self.config)"] + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let result = try ExternalTool.run(try #require(ExternalTool.find("amtool"), "amtool is not installed; run .ci/install-deps"), arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map(String.init)
    }

    private func labels(of alert: String) throws -> [String: String] {
        let rules = try RuleFile.load(path: Self.alerts).groups.flatMap(\.rules)
        guard case .alerting(let rule) = try #require(rules.first { $0.name == alert }) else { throw FixtureError("\(alert) is not an alert") }
        return Dictionary(uniqueKeysWithValues: rule.labels.map { ($0.name, $0.value) }.filter { !$0.1.contains("{{") } + [("alertname", alert)])
    }

    @Test func amtoolAcceptsTheConfig() throws {
        let result = try ExternalTool.run(try #require(ExternalTool.find("amtool"), "amtool is not installed"), ["check-config", Self.config])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("3 inhibit rules"))
    }

    /// The spec's alert table: PagerDuty severities (with the on-call Telegram copy), Slack channels, e-mail.
    @Test(arguments: [
        ("ChatWsLatencyHigh", ["pagerduty-sev2", "telegram-oncall"]),
        ("ChatWsDisconnectStorm", ["pagerduty-sev1", "telegram-oncall"]),
        ("ChatGatewayWsErrors", ["email-oncall", "pagerduty-sev2", "telegram-oncall"]),
        ("DisputeOverdueBreach", ["slack-ops-disputes"]),
        ("NotificationDeliveryDrop", ["slack-notif-oncall"]),
        ("NotificationQueueBacklog", ["pagerduty-sev3", "telegram-oncall"]),
        ("NotificationWorkerDeliveryErrors", ["slack-notif-oncall"]),
    ])
    func specAlertsReachTheirChannels(alert: String, expected: [String]) throws {
        #expect(try receivers(labels(of: alert)) == expected)
    }

    @Test func noRepositoryAlertFallsThroughToTheDefaultReceiver() throws {
        for case .alerting(let rule) in try RuleFile.load(path: Self.alerts).groups.flatMap(\.rules) {
            #expect(try receivers(labels(of: rule.name)) != ["slack-ops"], "\(rule.name)")
        }
    }
}

private struct FixtureError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
