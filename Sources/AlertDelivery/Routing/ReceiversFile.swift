import Foundation
import Yams

/// The receivers file: direct receivers and the routes to them, in Alertmanager's vocabulary
/// (`matchers`, `continue`, `*_file` for secrets). See docs/ALERTING.md for an example.
enum ReceiversFile {
    private struct Document: Decodable {
        var receivers: [ReceiverEntry]
        var routes: [RouteEntry]?
        var defaultReceiver: String?

        enum CodingKeys: String, CodingKey {
            case receivers, routes
            case defaultReceiver = "default_receiver"
        }
    }

    private struct ReceiverEntry: Decodable {
        var name: String
        var slack: Slack?
        var telegram: Telegram?
        var pagerduty: PagerDuty?
        var webhook: Webhook?
    }

    private struct Slack: Decodable {
        var webhookURL: String?
        var webhookURLFile: String?
        var channel: String?

        enum CodingKeys: String, CodingKey {
            case channel
            case webhookURL = "webhook_url"
            case webhookURLFile = "webhook_url_file"
        }
    }

    private struct Telegram: Decodable {
        var botToken: String?
        var botTokenFile: String?
        var chatID: String
        var apiURL: String?

        enum CodingKeys: String, CodingKey {
            case botToken = "bot_token"
            case botTokenFile = "bot_token_file"
            case chatID = "chat_id"
            case apiURL = "api_url"
        }
    }

    private struct PagerDuty: Decodable {
        var routingKey: String?
        var routingKeyFile: String?
        var url: String?

        enum CodingKeys: String, CodingKey {
            case url
            case routingKey = "routing_key"
            case routingKeyFile = "routing_key_file"
        }
    }

    private struct Webhook: Decodable {
        var url: String
    }

    private struct RouteEntry: Decodable {
        var receiver: String
        var matchers: [String]?
        var `continue`: Bool?
    }

    static func load(path: String) throws(DeliveryConfigurationError) -> DeliveryConfiguration {
        let document: Document
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            document = try YAMLDecoder().decode(Document.self, from: text)
        } catch {
            throw DeliveryConfigurationError("receivers file \(path): \(Self.describe(error))")
        }
        do throws(DeliveryConfigurationError) {
            return try configuration(from: document)
        } catch {
            throw DeliveryConfigurationError("receivers file \(path): \(error.message)")
        }
    }

    private static func configuration(from document: Document) throws(DeliveryConfigurationError) -> DeliveryConfiguration {
        var receivers: [Receiver] = []
        for entry in document.receivers {
            guard !receivers.contains(where: { $0.name == entry.name }) else {
                throw DeliveryConfigurationError("receiver \"\(entry.name)\" is defined twice")
            }
            receivers.append(Receiver(name: entry.name, kind: try kind(of: entry)))
        }
        let names = Set(receivers.map(\.name))
        var routes: [NotificationRoutes.Route] = []
        for (index, entry) in (document.routes ?? []).enumerated() {
            guard names.contains(entry.receiver) else {
                throw DeliveryConfigurationError("route \(index + 1) names receiver \"\(entry.receiver)\", which is not defined")
            }
            var matchers: [AlertMatcher] = []
            for text in entry.matchers ?? [] { matchers.append(try AlertMatcher(parsing: text)) }
            routes.append(.init(receiver: entry.receiver, matchers: matchers, continue: entry.continue ?? false))
        }
        if let defaultReceiver = document.defaultReceiver, !names.contains(defaultReceiver) {
            throw DeliveryConfigurationError("default_receiver \"\(defaultReceiver)\" is not defined")
        }
        // A file without routes sends every alert to every receiver it defines.
        let everything = routes.isEmpty && document.defaultReceiver == nil ? receivers.map(\.name) : []
        return DeliveryConfiguration(
            receivers: receivers, routes: NotificationRoutes(routes: routes, defaultReceiver: document.defaultReceiver, catchAll: everything)
        )
    }

    private static func kind(of entry: ReceiverEntry) throws(DeliveryConfigurationError) -> ReceiverKind {
        let context = "receiver \"\(entry.name)\""
        let given = [entry.slack != nil, entry.telegram != nil, entry.pagerduty != nil, entry.webhook != nil].filter { $0 }.count
        guard given == 1 else {
            throw DeliveryConfigurationError("\(context) needs exactly one of slack, telegram, pagerduty or webhook")
        }
        if let slack = entry.slack {
            let url = try secret(slack.webhookURL, file: slack.webhookURLFile, name: "webhook_url", context: "\(context) slack")
            return .slack(webhookURL: try ReceiverURL.parse(url, setting: "\(context) slack webhook_url"), channel: slack.channel)
        }
        if let telegram = entry.telegram {
            let token = try secret(telegram.botToken, file: telegram.botTokenFile, name: "bot_token", context: "\(context) telegram")
            let api = try telegram.apiURL.map { text throws(DeliveryConfigurationError) in try ReceiverURL.parse(text, setting: "\(context) telegram api_url") }
            return .telegram(botToken: token, chatID: telegram.chatID, apiURL: api ?? ReceiverKind.telegramAPI)
        }
        if let pagerduty = entry.pagerduty {
            let key = try secret(pagerduty.routingKey, file: pagerduty.routingKeyFile, name: "routing_key", context: "\(context) pagerduty")
            let url = try pagerduty.url.map { text throws(DeliveryConfigurationError) in try ReceiverURL.parse(text, setting: "\(context) pagerduty url") }
            return .pagerDuty(routingKey: key, url: url ?? ReceiverKind.pagerDutyEvents)
        }
        let webhook = entry.webhook!
        return .webhook(url: try ReceiverURL.parse(webhook.url, setting: "\(context) webhook url"))
    }

    /// A secret given inline or, preferably, in a file (trailing newline ignored), as Alertmanager allows.
    private static func secret(_ inline: String?, file: String?, name: String, context: String) throws(DeliveryConfigurationError) -> String {
        switch (inline, file) {
        case (let value?, nil):
            return value
        case (nil, let path?):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw DeliveryConfigurationError("\(context): cannot read \(name)_file \(path)")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        case (nil, nil):
            throw DeliveryConfigurationError("\(context) needs \(name) or \(name)_file")
        case (.some, .some):
            throw DeliveryConfigurationError("\(context): set \(name) or \(name)_file, not both")
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \(path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        let text = keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
        return text.hasPrefix(".") ? String(text.dropFirst()) : text
    }
}
