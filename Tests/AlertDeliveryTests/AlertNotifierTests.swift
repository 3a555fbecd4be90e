import AlertDelivery
import Foundation
import PrometheusModel
import Synchronization
import TestSupport
import Testing

/// Delivery behaviour against a local listener standing in for the receivers: one message per state
/// change for people's tools, every resend for Alertmanager, the cooldown, retries through refusals
/// and 500s, dead letters for 4xx, and expired alerts resolved.
@Suite(.serialized)
struct AlertNotifierTests {
    /// Milliseconds on a clock the test moves; the notifier's timers still run in real time.
    final class TestClock: Sendable {
        let milliseconds = Atomic<Int64>(1_000_000)
        var now: Int64 { milliseconds.load(ordering: .relaxed) }
        func advance(by amount: Int64) { milliseconds.add(amount, ordering: .relaxed) }
    }

    /// What the notifier reported, for asserting on failures and dead letters.
    final class Reports: Sendable {
        let failed = Atomic<Int>(0)
        let deadLettered = Atomic<Int>(0)
        var observer: DeliveryObserver {
            DeliveryObserver(
                failed: { _, _, _ in self.failed.add(1, ordering: .relaxed) },
                deadLettered: { _, count, _ in self.deadLettered.add(count, ordering: .relaxed) })
        }
    }

    struct Harness {
        let notifier: AlertNotifier
        let outbox: Outbox
        let directory: String
    }

    let clock = TestClock()
    let reports = Reports()

    func start(_ receivers: [Receiver], cooldown: Int64 = 0, directory: String? = nil) throws -> Harness {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("notifier-\(UUID())").path
        let outbox = try Outbox(directory: directory, now: clock.now)
        let notifier = AlertNotifier(
            configuration: DeliveryConfiguration(receivers: receivers, routes: NotificationRoutes(catchAll: receivers.map(\.name))),
            outbox: outbox, transport: HTTPTransport(timeout: .seconds(2)),
            options: .init(
                cooldown: cooldown, retry: RetryPolicy(initial: .milliseconds(20), maximum: .milliseconds(100)),
                sweepInterval: .milliseconds(20)),
            observer: reports.observer, now: { [clock] in clock.now })
        notifier.start(context: RenderContext(externalURL: "http://commswatch.test"))
        return Harness(notifier: notifier, outbox: outbox, directory: directory)
    }

    func alert(_ name: String, _ status: AlertNotice.Status, endsIn: Int64 = 240_000) -> AlertNotice {
        AlertNotice(
            status: status, labels: ["alertname": name, "severity": "warning"], annotations: ["summary": "\(name) happened"],
            startsAt: 1_000, endsAt: status == .firing ? clock.now + endsIn : clock.now, generatorURL: "http://commswatch.test/graph", value: 7)
    }

    /// `(alertname, status)` of each webhook payload accepted, in order of arrival.
    func changes(_ received: [StandInReceiver.Received]) throws -> [String] {
        try received.map { request in
            let payload = try #require(try request.json() as? [String: Any])
            let alert = try #require((payload["alerts"] as? [[String: Any]])?.first)
            let labels = try #require(alert["labels"] as? [String: String])
            return "\(labels["alertname"] ?? "?") \(alert["status"] as? String ?? "?")"
        }
    }

    /// Submits and waits until the notifier has routed it, so the clock moves only afterwards.
    func submit(_ notice: AlertNotice, to harness: Harness) {
        harness.notifier.submit([notice])
        harness.notifier.flush()
    }

    /// Polls `condition` until it holds or 10 seconds pass; whether it held.
    func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return true
    }

    /// Waits long enough for anything wrongly sent to have arrived.
    func settle() { Thread.sleep(forTimeInterval: 0.4) }

    @Test(.timeLimit(.minutes(5)))
    func directReceiversHearOncePerStateChangeAndAlertmanagerEveryResend() throws {
        let stand = try StandInReceiver(paths: ["/hook", "/api/v2/alerts"])
        let harness = try start([
            Receiver(name: "hook", kind: .webhook(url: stand.url("/hook"))),
            Receiver(name: "am", kind: .alertmanager(url: stand.url(""))),
        ])
        defer { harness.notifier.stop() }
        for _ in 0..<3 {
            harness.notifier.submit([alert("QueueBacklog", .firing)])
            harness.notifier.flush()
            _ = stand.waitForAccepted(count: stand.accepted.count + 1, timeout: .seconds(5))
        }
        harness.notifier.submit([alert("QueueBacklog", .resolved)])
        harness.notifier.submit([alert("QueueBacklog", .resolved)])
        harness.notifier.flush()
        #expect(eventually { harness.outbox.pending(for: "hook").isEmpty && harness.outbox.pending(for: "am").isEmpty })
        settle()

        let hook = stand.accepted.filter { $0.path == "/hook" }
        #expect(try changes(hook) == ["QueueBacklog firing", "QueueBacklog resolved"])
        let am = stand.accepted.filter { $0.path == "/api/v2/alerts" }
        #expect(am.count >= 4, "Alertmanager hears resends too (\(am.count))")
        let last = try #require(try am.last?.json() as? [[String: Any]])
        #expect(last.first?["endsAt"] as? String == GoTimeFormat.rfc3339(milliseconds: clock.now))
        #expect(harness.outbox.pending(for: "hook").isEmpty && harness.outbox.pending(for: "am").isEmpty)
    }

    @Test(.timeLimit(.minutes(5)))
    func theCooldownHoldsBackAFlapAndAnnouncesItIfStillFiring() throws {
        let stand = try StandInReceiver(paths: ["/hook"])
        let harness = try start([Receiver(name: "hook", kind: .webhook(url: stand.url("/hook")))], cooldown: 10_000)
        defer { harness.notifier.stop() }
        submit(alert("Flappy", .firing), to: harness)
        clock.advance(by: 1_000)
        submit(alert("Flappy", .resolved), to: harness)
        clock.advance(by: 1_000)
        submit(alert("Flappy", .firing), to: harness)
        #expect(eventually { stand.accepted.count >= 2 })
        settle()
        #expect(try changes(stand.accepted) == ["Flappy firing", "Flappy resolved"], "the re-fire inside the cooldown waits")

        clock.advance(by: 8_001)
        submit(alert("Flappy", .firing), to: harness)
        _ = stand.waitForAccepted(count: 3, timeout: .seconds(5))
        settle()
        #expect(try changes(stand.accepted) == ["Flappy firing", "Flappy resolved", "Flappy firing"])

        clock.advance(by: 1_000)
        submit(alert("Flappy", .resolved), to: harness)
        clock.advance(by: 1_000)
        submit(alert("Flappy", .firing), to: harness)
        clock.advance(by: 1_000)
        submit(alert("Flappy", .resolved), to: harness)
        clock.advance(by: 20_000)
        #expect(eventually { stand.accepted.count >= 4 })
        settle()
        #expect(
            try changes(stand.accepted) == ["Flappy firing", "Flappy resolved", "Flappy firing", "Flappy resolved"],
            "a flap that resolved inside the cooldown is never announced")
    }

    @Test(.timeLimit(.minutes(5)))
    func aReceiverThatRefusesThenFailsThenRecoversGetsEveryChangeExactlyOnce() throws {
        var stand = try StandInReceiver(paths: ["/hook"])
        let port = stand.port
        let url = stand.url("/hook")
        stand.stop()
        let harness = try start([Receiver(name: "hook", kind: .webhook(url: url))])
        defer { harness.notifier.stop() }
        harness.notifier.submit([alert("A", .firing), alert("B", .firing)])
        harness.notifier.submit([alert("A", .resolved)])
        harness.notifier.flush()
        #expect(eventually { reports.failed.load(ordering: .relaxed) >= 2 }, "connection refused counts as a failure")
        #expect(harness.outbox.pending(for: "hook").count == 3)

        stand = try StandInReceiver(port: port, paths: ["/hook"])
        stand.answer(with: 500)
        #expect(eventually { stand.received.count >= 2 }, "500s are retried")
        #expect(stand.accepted.isEmpty)
        stand.answer(with: 200)
        _ = stand.waitForAccepted(count: 3, timeout: .seconds(10))
        settle()
        #expect(try changes(stand.accepted) == ["A firing", "B firing", "A resolved"])
        #expect(try changes(stand.received.filter { $0.status == 500 }).allSatisfy { $0 == "A firing" }, "order is kept while retrying")
        #expect(harness.outbox.pending(for: "hook").isEmpty)
        #expect(reports.deadLettered.load(ordering: .relaxed) == 0)
    }

    @Test(.timeLimit(.minutes(5)))
    func aHangingReceiverDelaysNobodyElseAndTimesOut() throws {
        let slow = try StandInReceiver(paths: ["/slow"])
        slow.delayAnswers(by: .seconds(4))
        let fast = try StandInReceiver(paths: ["/fast"])
        let harness = try start([
            Receiver(name: "slow", kind: .webhook(url: slow.url("/slow"))), Receiver(name: "fast", kind: .webhook(url: fast.url("/fast"))),
        ])
        defer { harness.notifier.stop() }
        harness.notifier.submit([alert("Both", .firing)])
        #expect(fast.waitForAccepted(count: 1, timeout: .seconds(3)).count == 1)
        #expect(harness.outbox.pending(for: "slow").count == 1, "the fast receiver was served while the slow one still hangs")

        #expect(eventually { reports.failed.load(ordering: .relaxed) >= 1 }, "the request timed out (2 s) and counts as a failure")
        slow.delayAnswers(by: .zero)
        #expect(eventually { harness.outbox.pending(for: "slow").isEmpty }, "retried and delivered once the receiver answers")
    }

    @Test(.timeLimit(.minutes(5)))
    func aRejectedNoticeIsDeadLetteredAndNotRetried() throws {
        let stand = try StandInReceiver(paths: ["/hook"])
        stand.answer(with: 400)
        let harness = try start([Receiver(name: "hook", kind: .webhook(url: stand.url("/hook")))])
        defer { harness.notifier.stop() }
        harness.notifier.submit([alert("Bad", .firing)])
        #expect(eventually { reports.deadLettered.load(ordering: .relaxed) == 1 })
        settle()
        #expect(stand.received.count == 1, "not retried")
        #expect(harness.outbox.pending(for: "hook").isEmpty)
        let letters = try String(contentsOfFile: harness.directory + "/dead-letters.jsonl", encoding: .utf8)
        #expect(letters.contains("\"reason\":\"HTTP 400\""))
    }

    @Test(.timeLimit(.minutes(5)))
    func anAlertNoLongerRefreshedIsResolvedWhenItsNoticeExpires() throws {
        let stand = try StandInReceiver(paths: ["/hook"])
        let harness = try start([Receiver(name: "hook", kind: .webhook(url: stand.url("/hook")))])
        defer { harness.notifier.stop() }
        let firing = alert("Orphan", .firing, endsIn: 60_000)
        harness.notifier.submit([firing])
        _ = stand.waitForAccepted(count: 1, timeout: .seconds(5))
        clock.advance(by: 6 * 60_000)
        _ = stand.waitForAccepted(count: 2, timeout: .seconds(5))
        settle()
        #expect(try changes(stand.accepted) == ["Orphan firing", "Orphan resolved"])
        let payload = try #require(try stand.accepted.last?.json() as? [String: Any])
        let endsAt = (payload["alerts"] as? [[String: Any]])?.first?["endsAt"] as? String
        #expect(endsAt == GoTimeFormat.rfc3339(milliseconds: try #require(firing.endsAt)), "resolved at the time the notice expired")
    }

    @Test(.timeLimit(.minutes(5)))
    func aRestartDoesNotRepeatWhatWasConfirmed() throws {
        let stand = try StandInReceiver(paths: ["/hook"])
        let receivers = [Receiver(name: "hook", kind: .webhook(url: stand.url("/hook")))]
        let first = try start(receivers)
        first.notifier.submit([alert("Steady", .firing)])
        _ = stand.waitForAccepted(count: 1, timeout: .seconds(5))
        first.notifier.stop()

        let second = try start(receivers, directory: first.directory)
        defer { second.notifier.stop() }
        second.notifier.submit([alert("Steady", .firing)])
        second.notifier.submit([alert("Steady", .resolved)])
        _ = stand.waitForAccepted(count: 2, timeout: .seconds(5))
        settle()
        #expect(try changes(stand.accepted) == ["Steady firing", "Steady resolved"])
    }
}
