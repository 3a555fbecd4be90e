import Foundation
import TestSupport
import Testing

/// Alert delivery through the real `commswatch` binary, run as an operator runs it, with the process
/// killed by SIGKILL while notices wait for a failing webhook: the outbox in the data directory must
/// make the next process deliver every state change exactly once, in order, and nothing twice.
struct DeliveryCrashTests {
    static let rules = """
        groups:
          - name: crash
            rules:
              - alert: CrashTestBacklog
                expr: notification_queue_depth > 5
                labels:
                  severity: warning
        """
    static let hookPath = "/hook"
    static let sent = "commswatch_notifications_sent_total{receiver=\"webhook\"}"
    static let failed = "commswatch_notifications_failed_total{receiver=\"webhook\"}"
    static let depth = "commswatch_notification_outbox_depth{receiver=\"webhook\"}"
    static let oldestAge = "commswatch_notification_outbox_oldest_age_seconds{receiver=\"webhook\"}"

    @Test(.timeLimit(.minutes(3)))
    func sigkillWhileNoticesWaitLosesNothingAndRepeatsNothing() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        let rules = directory.appendingPathComponent("alerts.yml")
        try Self.rules.write(to: rules, atomically: true, encoding: .utf8)
        let outboxFile = data.appendingPathComponent("notifications/outbox.jsonl")
        let standIn = try StandInReceiver(paths: [Self.hookPath])
        defer { standIn.stop() }

        // a. The webhook accepts: the firing notice is confirmed.
        let first = try ServiceProcess(data: data, rules: rules, webhook: standIn.url(Self.hookPath))
        defer { first.stop() }
        try first.setQueueDepth(10)
        let firing = standIn.waitForAccepted(count: 1, timeout: .seconds(30))
        try #require(firing.count == 1, "no firing notice accepted within 30 s\n\(first.logTail)")
        #expect(try Self.notice(firing[0]).status == "firing")

        // b. The webhook fails: the resolved notice is attempted and kept.
        standIn.answer(with: 500)
        try first.setQueueDepth(0)
        try Self.poll("two failed attempts of the resolved notice", timeout: 30, log: first) {
            standIn.received.filter { $0.status == 500 && (try? Self.notice($0).status) == "resolved" }.count >= 2
        }

        // c. The alert fires again: its notice queues behind the resolution.
        try first.setQueueDepth(10)
        try Self.poll("the new firing notice to queue behind the resolved one", timeout: 30, log: first) {
            (try? first.samples())?[Self.depth] == 2
        }

        // d. SIGKILL: no shutdown, nothing flushed but what the outbox already made durable.
        first.kill(SIGKILL)
        #expect(first.terminationSignal == SIGKILL)
        let outboxAtKill = (try? String(contentsOf: outboxFile, encoding: .utf8)) ?? "<unreadable>"
        let acceptedBeforeKill = standIn.accepted.count
        #expect(acceptedBeforeKill == 1, "only the first firing notice was confirmed before the kill")

        // e. The webhook recovers; a new process on the same data directory sends what was left.
        standIn.answer(with: 200)
        let second = try ServiceProcess(data: data, rules: rules, webhook: standIn.url(Self.hookPath))
        defer { second.stop() }
        _ = standIn.waitForAccepted(count: 3, timeout: .seconds(30))
        Thread.sleep(forTimeInterval: 3)  // room for a duplicate to show up

        let accepted = standIn.accepted
        let notices = try accepted.map(Self.notice)
        let context = """

            accepted: \(accepted.map(\.text))
            every request: \(standIn.received.map { "\($0.status) \((try? Self.notice($0).status) ?? "?")" })
            outbox.jsonl at the kill:
            \(outboxAtKill)
            outbox.jsonl now:
            \((try? String(contentsOf: outboxFile, encoding: .utf8)) ?? "<unreadable>")
            first process log: \(first.logTail)
            second process log: \(second.logTail)
            """
        #expect(
            notices.map { "\($0.alertName) \($0.status)" }
                == ["CrashTestBacklog firing", "CrashTestBacklog resolved", "CrashTestBacklog firing"],
            "every state change exactly once, in order\(context)")
        #expect(Set(notices.map(\.fingerprint)).count == 1, "one alert, one fingerprint\(context)")
        #expect(notices.allSatisfy { $0.alertCount == 1 && $0.severity == "warning" }, "\(context)")
        #expect(
            standIn.received.filter { $0.status != 200 }.allSatisfy { (try? Self.notice($0).status) == "resolved" },
            "the firing notice waited behind the resolved one\(context)")
        #expect(standIn.strayCount == 0)

        let samples = try Self.waitFor("the second process's outbox to drain", timeout: 10, log: second) {
            (try? second.samples()).flatMap { $0[Self.depth] == 0 ? $0 : nil }
        }
        #expect((samples[Self.sent] ?? 0) >= 2, "\(samples.series(of: "commswatch_notification"))")
        #expect(samples[Self.depth] == 0)

        second.kill(SIGTERM)
        #expect(second.terminationStatus == 0, "SIGTERM exits 0\n\(second.logTail)")
    }

    @Test(.timeLimit(.minutes(3)))
    func refusedConnectionsAreCountedAndTheNoticeArrivesOnceTheReceiverIsBack() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("alerts.yml")
        try Self.rules.write(to: rules, atomically: true, encoding: .utf8)
        let gone = try StandInReceiver(paths: [Self.hookPath])
        let port = gone.port
        let url = gone.url(Self.hookPath)
        gone.stop()

        let service = try ServiceProcess(data: directory.appendingPathComponent("data"), rules: rules, webhook: url)
        defer { service.stop() }
        try service.setQueueDepth(10)
        let failing = try Self.waitFor("a failed delivery", timeout: 30, log: service) {
            (try? service.samples()).flatMap { ($0[Self.failed] ?? 0) >= 1 ? $0 : nil }
        }
        let firstFailures = try #require(failing[Self.failed])
        let later = try Self.waitFor("more failed deliveries", timeout: 15, log: service) {
            (try? service.samples()).flatMap { ($0[Self.failed] ?? 0) > firstFailures ? $0 : nil }
        }
        #expect(later[Self.depth] == 1, "\(later.series(of: "commswatch_notification"))")
        #expect((later[Self.oldestAge] ?? 0) > 0, "\(later.series(of: "commswatch_notification"))")
        #expect((later[Self.sent] ?? 0) == 0)

        let standIn = try StandInReceiver(port: port, paths: [Self.hookPath])
        defer { standIn.stop() }
        _ = standIn.waitForAccepted(count: 1, timeout: .seconds(30))
        Thread.sleep(forTimeInterval: 3)  // room for a duplicate to show up
        let notices = try standIn.received.map(Self.notice)
        #expect(
            notices.map { "\($0.alertName) \($0.status)" } == ["CrashTestBacklog firing"],
            "\(standIn.received.map(\.text))\n\(service.logTail)")
        #expect(standIn.accepted.count == 1)

        let samples = try service.samples()
        #expect(samples[Self.sent] == 1, "\(samples.series(of: "commswatch_notification"))")
        #expect(samples[Self.depth] == 0)
        #expect(samples[Self.oldestAge] == 0)
    }

    /// The one alert of a webhook payload (Alertmanager's v4), reduced to what the assertions compare.
    struct Notice {
        var status: String
        var alertName: String
        var severity: String?
        var fingerprint: String
        var alertCount: Int
    }

    static func notice(_ request: StandInReceiver.Received) throws -> Notice {
        let payload = try #require(try request.json() as? [String: Any], "not a JSON object: \(request.text)")
        #expect(payload["version"] as? String == "4")
        let alerts = try #require(payload["alerts"] as? [[String: Any]], "no alerts: \(request.text)")
        let alert = try #require(alerts.first, "no alerts: \(request.text)")
        let labels = alert["labels"] as? [String: String] ?? [:]
        return Notice(
            status: alert["status"] as? String ?? "", alertName: labels["alertname"] ?? "", severity: labels["severity"],
            fingerprint: alert["fingerprint"] as? String ?? "", alertCount: alerts.count)
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-crash-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Polls every 100 ms until `condition` gives a value, or throws after `timeout` seconds.
    static func waitFor<T>(_ what: String, timeout: Double, log: ServiceProcess, _ condition: () throws -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let value = try condition() { return value }
            guard Date() < deadline else { throw FixtureError("timed out after \(timeout) s waiting for \(what)\n\(log.logTail)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    static func poll(_ what: String, timeout: Double, log: ServiceProcess, _ condition: () throws -> Bool) throws {
        _ = try waitFor(what, timeout: timeout, log: log) { try condition() ? true : nil }
    }
}

extension ServiceProcess {
    /// `commswatch serve` evaluating `rules` every second and sending notices to `webhook` at once
    /// (no cooldown), retrying after 1 s.
    fileprivate convenience init(data: URL, rules: URL, webhook: URL) throws {
        try self.init(
            data: data, arguments: ["--rules", rules.path, "--eval-interval", "1s"],
            environment: [
                "COMMSWATCH_WEBHOOK_URL": webhook.absoluteString, "NOTIFICATION_ALERT_COOLDOWN_MS": "0", "COMMSWATCH_RESEND_DELAY": "1s",
            ])
    }

    fileprivate func setQueueDepth(_ depth: Int) throws {
        let event = "{\"event\": \"notification_queue_sampled\", \"properties\": {\"queue_depth\": \(depth)}}"
        let response = try request("POST", "/api/events", body: event)
        guard response.bodyText.contains("\"accepted\":1") else { throw FixtureError("ingest answered \(response.bodyText)") }
    }
}
