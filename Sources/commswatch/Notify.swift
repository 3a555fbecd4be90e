import AlertDelivery
import ArgumentParser
import CommsWatchApp
import Foundation
import Synchronization

struct Notify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check alert delivery.",
        subcommands: [NotifyTest.self]
    )
}

/// Sends the test alert straight to every configured receiver and reports each answer, without a
/// running service or its outbox: the quickest way to check a webhook URL or a token.
struct NotifyTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send a test alert (firing, then resolved) to every configured receiver and report each answer.",
        discussion: "Reads the same flags and environment as `serve`. Exits 1 when any receiver did not answer 2xx."
    )

    @OptionGroup(title: "Alert delivery") var alerting: AlertingOptions

    @Option(help: "Seconds to wait for each receiver's answer.")
    var timeout: Int = 10

    func run() throws {
        var settings = AppConfiguration()
        try alerting.apply(to: &settings, environment: ProcessInfo.processInfo.environment)
        let delivery: DeliveryConfiguration
        do {
            delivery = try DeliveryConfiguration.load(
                file: settings.receiversFile, environment: settings.receiverEnvironment, alertmanagers: settings.alertmanagerURLs)
        } catch {
            throw ValidationError(error.description)
        }
        guard !delivery.isEmpty else {
            throw ValidationError(
                "no receivers are configured: set ALERTMANAGER_URL, --receivers, SLACK_ALERT_WEBHOOK_URL or COMMSWATCH_WEBHOOK_URL")
        }
        let transport = HTTPTransport(timeout: .seconds(timeout))
        let context = RenderContext(externalURL: settings.externalURL ?? "http://\(settings.host):\(settings.port)")
        let notices = TestAlert.notices(at: Int64(Date().timeIntervalSince1970 * 1000))
        var failures = 0
        for receiver in delivery.receivers {
            for notice in notices {
                let outcome = send(PayloadRenderer.request(for: [notice], to: receiver, context: context), with: transport)
                let ok: Bool
                if case .answered(let status) = outcome { ok = (200..<300).contains(status) } else { ok = false }
                if !ok { failures += 1 }
                print("\(ok ? "ok  " : "FAIL") \(receiver.name) (\(receiver.kind.typeName)) \(notice.status.rawValue): \(describe(outcome))")
            }
        }
        if failures > 0 { throw ExitCode.failure }
    }

    private func send(_ request: OutgoingRequest, with transport: HTTPTransport) -> SendOutcome {
        let done = DispatchSemaphore(value: 0)
        let result = OutcomeBox()
        transport.send(request) { outcome in
            result.set(outcome)
            done.signal()
        }
        done.wait()
        return result.get()
    }

    private func describe(_ outcome: SendOutcome) -> String {
        switch outcome {
        case .answered(let status): "HTTP \(status)"
        case .failed(let reason): reason
        }
    }
}

/// Hands the transport's answer from its callback thread to the waiting command.
private final class OutcomeBox: Sendable {
    private let value = Mutex(SendOutcome.failed("no answer"))
    func set(_ outcome: SendOutcome) { value.withLock { $0 = outcome } }
    func get() -> SendOutcome { value.withLock { $0 } }
}
