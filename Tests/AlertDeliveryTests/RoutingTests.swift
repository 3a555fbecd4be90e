import AlertDelivery
import Foundation
import TestSupport
import Testing

/// The receivers file and environment variables: routes pick receivers as Alertmanager's would, and
/// every mistake is a clear error naming what to fix.
struct RoutingTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("receivers-test-\(UUID())")

    func load(_ yaml: String, environment: [String: String] = [:]) throws -> DeliveryConfiguration {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("receivers.yml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try DeliveryConfiguration.load(file: path, environment: environment, alertmanagers: [])
    }

    func error(_ yaml: String) -> String {
        do {
            _ = try load(yaml)
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    static let file = """
        receivers:
          - name: pagerduty
            pagerduty: {routing_key: key-1, url: "http://127.0.0.1:1/enqueue"}
          - name: notif-slack
            slack: {webhook_url: "http://127.0.0.1:1/slack", channel: "#notif-oncall"}
          - name: ops-slack
            slack: {webhook_url: "http://127.0.0.1:1/slack"}
        routes:
          - matchers: ['severity=~"sev[123]"']
            receiver: pagerduty
            continue: true
          - matchers: ['team="notifications"', 'severity!="info"']
            receiver: notif-slack
        default_receiver: ops-slack
        """

    @Test func routesMatchInOrderWithContinueAndDefault() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let routes = try load(Self.file).routes
        #expect(routes.receivers(for: ["severity": "sev2", "team": "notifications"]) == ["pagerduty", "notif-slack"])
        #expect(routes.receivers(for: ["severity": "sev1", "team": "chat"]) == ["pagerduty"])
        #expect(routes.receivers(for: ["severity": "warning", "team": "notifications"]) == ["notif-slack"])
        #expect(routes.receivers(for: ["severity": "info", "team": "notifications"]) == ["ops-slack"])
    }

    @Test func environmentReceiversGetEveryAlert() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try load(
            Self.file,
            environment: [
                "SLACK_WEBHOOK_URL": "http://127.0.0.1:1/fallback", "SLACK_ALERT_WEBHOOK_URL": "http://127.0.0.1:1/primary",
                "COMMSWATCH_WEBHOOK_URL": "http://127.0.0.1:1/hook",
            ])
        #expect(configuration.routes.receivers(for: ["severity": "info"]) == ["slack", "webhook", "ops-slack"])
        let slack = try #require(configuration.receivers.first { $0.name == "slack" })
        #expect(slack.kind == .slack(webhookURL: URL(string: "http://127.0.0.1:1/primary")!, channel: nil), "SLACK_ALERT_WEBHOOK_URL wins")
        let fallback = try DeliveryConfiguration.load(file: nil, environment: ["SLACK_WEBHOOK_URL": "https://hooks.example/x"], alertmanagers: [])
        #expect(fallback.receivers.map(\.kind) == [.slack(webhookURL: URL(string: "https://hooks.example/x")!, channel: nil)])
    }

    @Test func secretsAreReadFromFiles() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let secret = directory.appendingPathComponent("token").path
        try "123:ABC\n".write(toFile: secret, atomically: true, encoding: .utf8)
        let configuration = try load("receivers: [{name: tg, telegram: {bot_token_file: \(secret), chat_id: '-100'}}]")
        #expect(configuration.receivers[0].kind == .telegram(botToken: "123:ABC", chatID: "-100", apiURL: ReceiverKind.telegramAPI))
        #expect(configuration.routes.receivers(for: [:]) == ["tg"], "a file without routes sends everything everywhere")
    }

    @Test(arguments: [
        ("receivers: [{name: a}]", "receiver \"a\" needs exactly one of slack, telegram, pagerduty or webhook"),
        ("receivers: [{name: a, webhook: {url: 'ftp://x'}}]", "receiver \"a\" webhook url is not an absolute http(s) URL"),
        ("receivers: [{name: a, slack: {}}]", "receiver \"a\" slack needs webhook_url or webhook_url_file"),
        ("receivers: [{name: a, webhook: {url: 'http://x'}}, {name: a, webhook: {url: 'http://y'}}]", "receiver \"a\" is defined twice"),
        ("receivers: [{name: a, webhook: {url: 'http://x'}}]\nroutes: [{receiver: b}]", "route 1 names receiver \"b\", which is not defined"),
        ("receivers: [{name: a, webhook: {url: 'http://x'}}]\nroutes: [{receiver: a, matchers: ['team=~\"(\"']}]", "does not parse"),
        ("receivers: [{name: a, webhook: {url: 'http://x'}}]\ndefault_receiver: z", "default_receiver \"z\" is not defined"),
        ("routes: []", "missing receivers"),
        ("receivers: [{name: a, pagerduty: {routing_key: k, routing_key_file: /f}}]", "set routing_key or routing_key_file, not both"),
    ])
    func mistakesAreClearErrors(yaml: String, message: String) {
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = error(yaml)
        #expect(text.contains(message), "\(text)")
        #expect(text.contains("receivers.yml"), "the error names the file")
    }

    @Test func telegramNeedsBothVariables() {
        #expect(throws: DeliveryConfigurationError.self) {
            try DeliveryConfiguration.load(file: nil, environment: ["TELEGRAM_BOT_TOKEN": "t"], alertmanagers: [])
        }
    }
}

/// config/receivers.example.yml loads (with its secret files stood in for) and sends each of the
/// spec's alerts where alertmanager/config.yml does.
struct ExampleReceiversFileTests {
    @Test func theExampleRoutesTheSpecAlertsLikeTheAlertmanagerConfig() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("receivers-example-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, secret) in [("pagerduty_routing_key", "key"), ("telegram_bot_token", "123:abc"), ("slack_webhook_url", "https://hooks.example/x")] {
            try secret.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let example = try String(contentsOf: SharedData.repositoryRoot.appendingPathComponent("config/receivers.example.yml"), encoding: .utf8)
        let path = directory.appendingPathComponent("receivers.yml").path
        try example.replacingOccurrences(of: "/etc/commswatch/secrets", with: directory.path).write(toFile: path, atomically: true, encoding: .utf8)
        let routes = try DeliveryConfiguration.load(file: path, environment: [:], alertmanagers: []).routes

        #expect(routes.receivers(for: ["alertname": "ChatWsDisconnectStorm", "severity": "sev1", "team": "chat"]) == ["pagerduty", "telegram-oncall"])
        #expect(routes.receivers(for: ["alertname": "NotificationQueueBacklog", "severity": "sev3", "team": "notifications"]) == ["pagerduty", "telegram-oncall"])
        #expect(routes.receivers(for: ["alertname": "DisputeOverdueBreach", "severity": "warning", "team": "disputes"]) == ["slack-ops-disputes"])
        #expect(routes.receivers(for: ["alertname": "NotificationFailureSpike", "severity": "warning", "team": "notifications"]) == ["slack-notif-oncall"])
        #expect(routes.receivers(for: ["alertname": "Other", "severity": "info"]) == ["slack-ops"])
    }
}
