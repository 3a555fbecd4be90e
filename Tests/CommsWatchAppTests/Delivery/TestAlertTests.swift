import CommsWatchApp
import Foundation
import TestSupport
import Testing

/// Seed 003's "confirm a test alert": the authenticated endpoint queues one for every receiver and the
/// self-metrics count it; `commswatch notify test` sends one straight away and reports each answer.
struct TestAlertTests {
    @Test(.timeLimit(.minutes(5)))
    func theEndpointSendsATestAlertThroughEveryReceiver() throws {
        let stand = try StandInReceiver(paths: ["/hook"])
        let service = try RunningService { configuration in
            configuration.ingestTokens = ["secret"]
            configuration.receiverEnvironment = ["COMMSWATCH_WEBHOOK_URL": stand.url("/hook").absoluteString]
        }
        #expect(try service.post("/api/v1/alerts/test", json: "").status == 401)
        let response = try service.post("/api/v1/alerts/test", json: "", headers: ["Authorization": "Bearer secret"])
        #expect(response.status == 202)
        #expect(response.bodyText.contains("\"receivers\":[\"webhook\"]"))

        let received = stand.waitForAccepted(count: 2, timeout: .seconds(10))
        let statuses = try received.map { request -> String in
            let payload = try #require(try request.json() as? [String: Any])
            let alert = try #require((payload["alerts"] as? [[String: Any]])?.first)
            #expect((alert["labels"] as? [String: String])?["alertname"] == "CommsWatchTestAlert")
            return payload["status"] as? String ?? "?"
        }
        #expect(statuses == ["firing", "resolved"])
        let scrape = try service.samples()
        #expect(scrape["commswatch_notifications_sent_total{receiver=\"webhook\"}"] == 2)
        #expect(scrape["commswatch_notification_outbox_depth{receiver=\"webhook\"}"] == 0)
        #expect(scrape["commswatch_notification_outbox_oldest_age_seconds{receiver=\"webhook\"}"] == 0)
    }

    @Test func withoutReceiversTheEndpointSaysWhatToConfigure() throws {
        let service = try RunningService()
        let response = try service.post("/api/v1/alerts/test", json: "")
        #expect(response.status == 503)
        #expect(response.bodyText.contains("ALERTMANAGER_URL"))
    }

    @Test func aBrokenReceiversFileStopsStartUpWithItsName() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("receivers-\(UUID()).yml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "receivers: [{name: x, webhook: {url: 'not a url'}}]".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try RunningService { $0.receiversFile = path }
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("receiver \"x\" webhook url is not an absolute http(s) URL")
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func notifyTestReportsEachReceiversAnswer() throws {
        let stand = try StandInReceiver(paths: ["/hook", "/slack"])
        let environment = [
            "COMMSWATCH_WEBHOOK_URL": stand.url("/hook").absoluteString, "SLACK_ALERT_WEBHOOK_URL": stand.url("/slack").absoluteString,
        ]
        let ok = try run(["notify", "test"], environment: environment)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("ok   slack (slack) firing: HTTP 200"))
        #expect(ok.stdout.contains("ok   webhook (webhook) resolved: HTTP 200"))
        #expect(stand.accepted.count == 4)

        stand.answer(with: 500)
        let failing = try run(["notify", "test"], environment: environment)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("FAIL webhook (webhook) firing: HTTP 500"))

        let none = try run(["notify", "test"], environment: [:])
        #expect(none.status != 0 && none.stderr.contains("no receivers are configured"))
    }

    private func run(_ arguments: [String], environment: [String: String]) throws -> ExternalTool.Result {
        try ExternalTool.run("/usr/bin/env", ["-i"] + environment.map { "\($0.key)=\($0.value)" } + [ExecutableTests.binary.path] + arguments)
    }
}
