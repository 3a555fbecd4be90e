/// What a payload may mention besides the notices themselves.
public struct RenderContext: Sendable {
    /// This service's URL, for links back (`externalURL` in Alertmanager's webhook payload).
    public var externalURL: String

    public init(externalURL: String) {
        self.externalURL = externalURL
    }
}

/// Renders notices into the request each kind of receiver expects.
public enum PayloadRenderer {
    /// How many notices one request may carry: Alertmanager takes batches (Prometheus sends up to 64);
    /// chat and paging tools get one message per alert and state change.
    public static func batchLimit(for kind: ReceiverKind) -> Int {
        kind.wantsEveryResend ? 64 : 1
    }

    public static func request(for notices: [AlertNotice], to receiver: Receiver, context: RenderContext) -> OutgoingRequest {
        switch receiver.kind {
        case .alertmanager(let url):
            return AlertmanagerPayload.request(notices, alertmanager: url)
        case .slack(let webhookURL, let channel):
            return SlackPayload.request(notices[0], webhookURL: webhookURL, channel: channel)
        case .telegram(let botToken, let chatID, let apiURL):
            return TelegramPayload.request(notices[0], botToken: botToken, chatID: chatID, apiURL: apiURL)
        case .pagerDuty(let routingKey, let url):
            return PagerDutyPayload.request(notices[0], routingKey: routingKey, url: url)
        case .webhook(let url):
            return WebhookPayload.request(notices, url: url, receiver: receiver.name, context: context)
        }
    }
}
