import CommsWatchApp
import Foundation
import TestSupport
import Testing

/// Alerts through a real Alertmanager running the repository's routing, to stand-ins for Slack,
/// PagerDuty and Telegram: first the harness alone, then fired and resolved by the service's rules.
struct AlertmanagerEndToEndTests {
    static let rules = """
        groups:
          - name: delivery
            rules:
              - alert: QueueBacklogTest
                expr: notification_queue_depth > 5
                labels:
                  severity: warning
                  team: notifications
                annotations:
                  summary: "Backlog at {{ $value }}"
        """

    /// Checks the adapted config alone (alerts posted as Prometheus would), so a failure of the
    /// service test below is the service's and not the harness's.
    @Test(.timeLimit(.minutes(5)))
    func repositoryRoutingReachesEveryStandIn() throws {
        let standIn = try StandInReceiver(paths: AlertmanagerProcess.standInPaths)
        let alertmanager = try AlertmanagerProcess(receiver: standIn)
        let page = #"{"labels":{"alertname":"PageTest","severity":"sev2","team":"chat"},"annotations":{"summary":"paged"}}"#
        let warning = #"{"labels":{"alertname":"ChatTest","severity":"warning","team":"notifications"},"annotations":{"summary":"warned"}}"#
        #expect(try alertmanager.post(alerts: "[\(page),\(warning)]") == "200")

        let trigger = try #require(Self.waitFor(standIn, AlertmanagerProcess.pagerDutyPath) { $0["event_action"] as? String == "trigger" })
        #expect(trigger["routing_key"] as? String == "test-routing-key")
        #expect((trigger["payload"] as? [String: Any])?["severity"] as? String == "error")
        #expect((trigger["payload"] as? [String: Any])?["summary"] as? String == "[FIRING:1] PageTest chat (sev2)")
        let telegram = try #require(Self.waitFor(standIn, AlertmanagerProcess.telegramPath) { _ in true })
        #expect(telegram["chat_id"] as? String == "-1000000000000")
        #expect(telegram["parse_mode"] as? String == "HTML")
        let slack = try #require(Self.waitFor(standIn, AlertmanagerProcess.slackPath) { Self.title($0) == "ChatTest (firing)" })
        #expect(slack["channel"] as? String == "#notif-oncall")

        let ended = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-1))
        let resolvedPage = page.dropLast() + #","endsAt":"\#(ended)"}"#
        #expect(try alertmanager.post(alerts: "[\(resolvedPage)]") == "200")
        #expect(Self.waitFor(standIn, AlertmanagerProcess.pagerDutyPath) { $0["event_action"] as? String == "resolve" } != nil)
        #expect(standIn.strayCount == 0)
    }

    /// The issue's path: a rule fires in the service, the service sends it to Alertmanager, Alertmanager
    /// routes it by `team` to the notifications Slack channel; then the resolution follows the same way.
    @Test(.timeLimit(.minutes(5)))
    func serviceAlertFiresAndResolvesInSlackThroughAlertmanager() throws {
        let standIn = try StandInReceiver(paths: AlertmanagerProcess.standInPaths)
        let alertmanager = try AlertmanagerProcess(receiver: standIn)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-delivery-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ruleFile = directory.appendingPathComponent("alerts.yml")
        try Self.rules.write(to: ruleFile, atomically: true, encoding: .utf8)
        let service = try RunningService { config in
            config.ruleFiles = [ruleFile.path]
            config.evaluationInterval = .seconds(1)
            config.externalURL = "http://commswatch.test"
            config.alertmanagerURLs = [alertmanager.baseURL]
            config.resendDelay = .seconds(1)
        }

        try service.setQueueDepth(10)
        let firing = Self.waitFor(standIn, AlertmanagerProcess.slackPath) { Self.title($0) == "QueueBacklogTest (firing)" }
        let context = "\nservice log: \(service.logLines.suffix(20))\nalertmanager log: \(alertmanager.log.suffix(3000))"
        let fired = try #require(firing, "no firing Slack message within 30 s\(context)")
        #expect(fired["channel"] as? String == "#notif-oncall")
        let attachment = try #require((fired["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["text"] as? String == "Backlog at 10\n")
        #expect(attachment["color"] as? String == "danger")
        #expect((attachment["fallback"] as? String)?.hasPrefix("[FIRING:1] QueueBacklogTest notifications (warning) | ") == true)

        let held = try #require(try alertmanager.alerts().first { ($0["labels"] as? [String: String])?["alertname"] == "QueueBacklogTest" })
        #expect(held["labels"] as? [String: String] == ["alertname": "QueueBacklogTest", "severity": "warning", "team": "notifications"])
        let generatorURL = try #require(held["generatorURL"] as? String)
        #expect(generatorURL.hasPrefix("http://commswatch.test/graph?g0.expr="), "\(generatorURL)")
        #expect((held["annotations"] as? [String: String])?["summary"] == "Backlog at 10")

        try service.setQueueDepth(0)
        let resolved = Self.waitFor(standIn, AlertmanagerProcess.slackPath) { Self.title($0) == "QueueBacklogTest (resolved)" }
        let done = try #require(resolved, "no resolved Slack message within 30 s\(context)")
        let resolvedAttachment = try #require((done["attachments"] as? [[String: Any]])?.first)
        #expect(resolvedAttachment["color"] as? String == "good")
        #expect((resolvedAttachment["fallback"] as? String)?.hasPrefix("[RESOLVED] QueueBacklogTest notifications (warning) | ") == true)
        #expect(standIn.strayCount == 0)
    }

    /// The first accepted JSON object posted to `path` that satisfies `match`, polled for up to `seconds`.
    static func waitFor(
        _ standIn: StandInReceiver, _ path: String, seconds: Double = 30, match: ([String: Any]) -> Bool
    ) -> [String: Any]? {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            let bodies = standIn.accepted.filter { $0.path == path }.compactMap { try? $0.json() as? [String: Any] }
            if let found = bodies.first(where: match) { return found }
            Thread.sleep(forTimeInterval: 0.1)
        } while Date() < deadline
        return nil
    }

    /// The title of a Slack message's first attachment (the repo's config sets `alertname (status)`).
    static func title(_ slack: [String: Any]) -> String? {
        (slack["attachments"] as? [[String: Any]])?.first?["title"] as? String
    }
}
