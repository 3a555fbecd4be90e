import AlertDelivery
import ArgumentParser
import CommsWatchApp
import Foundation

/// Where alerts go: the flags and variables shared by `serve` and `notify test`.
struct AlertingOptions: ParsableArguments {
    @Option(
        parsing: .upToNextOption,
        help: "Alertmanager base URLs alerts are sent to. [env: ALERTMANAGER_URL, comma-separated] (default: none)")
    var alertmanagerURL: [String] = []

    @Option(help: "Direct receivers file: Slack, Telegram, PagerDuty, webhooks, routed by labels. [env: COMMSWATCH_RECEIVERS_FILE]")
    var receivers: String?

    @Option(help: "How often firing and resolved alerts are re-sent to Alertmanager, e.g. 1m. [env: COMMSWATCH_RESEND_DELAY] (default: 1m)")
    var resendDelay: String?

    /// Sets the delivery settings of `configuration`. Direct receivers also come from the
    /// environment (SLACK_ALERT_WEBHOOK_URL, COMMSWATCH_WEBHOOK_URL, TELEGRAM_*, PAGERDUTY_ROUTING_KEY),
    /// and seed 003's NOTIFICATION_ALERT_* variables set its alerts' thresholds and the cooldown.
    func apply(to configuration: inout AppConfiguration, environment: [String: String]) throws {
        let urls = alertmanagerURL.isEmpty ? (environment["ALERTMANAGER_URL"] ?? "").split(separator: ",").map(String.init) : alertmanagerURL
        configuration.alertmanagerURLs = try urls.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { text in
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw ValidationError("ALERTMANAGER_URL must be http(s) URLs like http://alertmanager:9093, got \"\(text)\"")
            }
            return url
        }
        configuration.receiversFile = receivers ?? environment["COMMSWATCH_RECEIVERS_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.receiverEnvironment = environment
        if let delay = resendDelay ?? environment["COMMSWATCH_RESEND_DELAY"] {
            configuration.resendDelay = try AppConfiguration.parseDuration(delay, setting: "resend-delay")
        }
        configuration.notificationAlertThresholds = try NotificationAlertThresholds(environment: environment)
        if let cooldown = environment["NOTIFICATION_ALERT_COOLDOWN_MS"], !cooldown.isEmpty {
            guard let milliseconds = Int64(cooldown), milliseconds >= 0 else {
                throw ValidationError("NOTIFICATION_ALERT_COOLDOWN_MS must be a whole number of milliseconds, got \"\(cooldown)\"")
            }
            configuration.notificationCooldown = .milliseconds(milliseconds)
        }
    }
}
