public import Foundation

/// Where a receiver delivers and with which credentials. Secrets live here in memory only: the outbox
/// stores notices, never rendered requests, so no webhook URL or token is written to the data directory.
public enum ReceiverKind: Sendable, Equatable {
    /// Alertmanager's `POST /api/v2/alerts`; `url` is Alertmanager's base URL.
    case alertmanager(url: URL)
    /// A Slack incoming webhook; `channel` overrides the webhook's default channel when set.
    case slack(webhookURL: URL, channel: String?)
    /// A Telegram bot's `sendMessage` with HTML parse mode; `apiURL` is `https://api.telegram.org` unless overridden.
    case telegram(botToken: String, chatID: String, apiURL: URL)
    /// PagerDuty Events API v2; `url` is `https://events.pagerduty.com/v2/enqueue` unless overridden.
    case pagerDuty(routingKey: String, url: URL)
    /// Alertmanager's webhook payload, version 4.
    case webhook(url: URL)

    public static let telegramAPI = URL(string: "https://api.telegram.org")!
    public static let pagerDutyEvents = URL(string: "https://events.pagerduty.com/v2/enqueue")!

    /// The configuration key naming this kind, as in the receivers file and the self-metrics.
    public var typeName: String {
        switch self {
        case .alertmanager: return "alertmanager"
        case .slack: return "slack"
        case .telegram: return "telegram"
        case .pagerDuty: return "pagerduty"
        case .webhook: return "webhook"
        }
    }

    /// Alertmanager is told the current state of every alert over and over and deduplicates itself;
    /// the others are people's chat and paging tools, told once per state change.
    public var wantsEveryResend: Bool {
        if case .alertmanager = self { return true }
        return false
    }
}

/// A named destination for notices.
public struct Receiver: Sendable, Equatable {
    public var name: String
    public var kind: ReceiverKind

    public init(name: String, kind: ReceiverKind) {
        self.name = name
        self.kind = kind
    }
}
