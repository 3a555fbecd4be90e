public import Foundation

/// Every receiver and how alerts are routed to them: the receivers file, the environment variables
/// seed 003 and the spec name, and the Alertmanagers of `ALERTMANAGER_URL`, merged into one list.
public struct DeliveryConfiguration: Sendable {
    public var receivers: [Receiver]
    public var routes: NotificationRoutes

    public init(receivers: [Receiver] = [], routes: NotificationRoutes = NotificationRoutes()) {
        self.receivers = receivers
        self.routes = routes
    }

    public var isEmpty: Bool { receivers.isEmpty }

    /// Builds the configuration; every receiver from `environment` or `alertmanagers` gets every alert.
    public static func load(
        file: String?, environment: [String: String], alertmanagers: [URL]
    ) throws(DeliveryConfigurationError) -> DeliveryConfiguration {
        var configuration = try file.map { path throws(DeliveryConfigurationError) in try ReceiversFile.load(path: path) } ?? DeliveryConfiguration()
        let automatic = alertmanagers.map { Receiver(name: "alertmanager " + Self.hostAndPort($0), kind: .alertmanager(url: $0)) }
            + (try EnvironmentReceivers.receivers(from: environment))
        for receiver in automatic {
            guard !configuration.receivers.contains(where: { $0.name == receiver.name }) else {
                throw DeliveryConfigurationError("receiver \"\(receiver.name)\" is configured twice; rename the one in the receivers file")
            }
            configuration.receivers.append(receiver)
            configuration.routes.catchAll.append(receiver.name)
        }
        return configuration
    }

    private static func hostAndPort(_ url: URL) -> String {
        (url.host ?? url.absoluteString) + (url.port.map { ":\($0)" } ?? "")
    }
}

/// Receivers configured by environment variables alone, for setups without a receivers file.
public enum EnvironmentReceivers {
    /// The variables read, for documentation and `--help`.
    public static let variables = [
        "SLACK_ALERT_WEBHOOK_URL", "SLACK_WEBHOOK_URL", "COMMSWATCH_WEBHOOK_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_CHAT_ID",
        "PAGERDUTY_ROUTING_KEY",
    ]

    static func receivers(from environment: [String: String]) throws(DeliveryConfigurationError) -> [Receiver] {
        func value(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        func url(_ name: String) throws(DeliveryConfigurationError) -> URL? {
            guard let text = value(name) else { return nil }
            return try ReceiverURL.parse(text, setting: name)
        }
        var receivers: [Receiver] = []
        let slackVariable = value("SLACK_ALERT_WEBHOOK_URL") != nil ? "SLACK_ALERT_WEBHOOK_URL" : "SLACK_WEBHOOK_URL"
        if let slack = try url(slackVariable) {
            receivers.append(Receiver(name: "slack", kind: .slack(webhookURL: slack, channel: nil)))
        }
        switch (value("TELEGRAM_BOT_TOKEN"), value("TELEGRAM_CHAT_ID")) {
        case (let token?, let chat?):
            receivers.append(Receiver(name: "telegram", kind: .telegram(botToken: token, chatID: chat, apiURL: ReceiverKind.telegramAPI)))
        case (nil, nil):
            break
        default:
            throw DeliveryConfigurationError("TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID must be set together")
        }
        if let key = value("PAGERDUTY_ROUTING_KEY") {
            receivers.append(Receiver(name: "pagerduty", kind: .pagerDuty(routingKey: key, url: ReceiverKind.pagerDutyEvents)))
        }
        if let webhook = try url("COMMSWATCH_WEBHOOK_URL") {
            receivers.append(Receiver(name: "webhook", kind: .webhook(url: webhook)))
        }
        return receivers
    }
}

/// Receiver URLs must be absolute http(s) URLs; anything else is a typo worth stopping for.
enum ReceiverURL {
    static func parse(_ text: String, setting: String) throws(DeliveryConfigurationError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil
        else {
            throw DeliveryConfigurationError("\(setting) is not an absolute http(s) URL")
        }
        return url
    }
}
