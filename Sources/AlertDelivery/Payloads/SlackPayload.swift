public import Foundation

/// A Slack incoming-webhook message: one attachment per alert, coloured by state, with the labels and
/// extra annotations (queue depth, job metadata…) as fields, so on-call sees the context in the channel.
public enum SlackPayload {
    public static func request(_ notice: AlertNotice, webhookURL: URL, channel: String?) -> OutgoingRequest {
        var lines = [notice.annotations["summary"], notice.annotations["description"]].compactMap { $0 }.filter { !$0.isEmpty }
        if let value = notice.formattedValue { lines.append("Value: \(value)") }
        let attachment = Attachment(
            color: notice.status == .firing ? "danger" : "good",
            title: notice.headline,
            titleLink: notice.generatorURL.isEmpty ? nil : notice.generatorURL,
            text: escaped(lines.joined(separator: "\n")),
            fields: notice.details.map { Field(title: $0.name, value: escaped($0.value), short: true) },
            footer: "commswatch",
            ts: (notice.status == .resolved ? notice.endsAt ?? notice.startsAt : notice.startsAt) / 1000)
        let message = Message(
            channel: channel, username: "commswatch", text: escaped("\(notice.headline): \(notice.summaryOrName)"),
            attachments: [attachment])
        return .json(webhookURL, encoding: message)
    }

    /// Slack reads `&`, `<` and `>` in message text as markup (`<!channel>` pings everyone); these
    /// three escapes are the ones Slack asks for. Titles are plain text and are not escaped.
    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    private struct Message: Encodable {
        var channel: String?
        var username: String
        var text: String
        var attachments: [Attachment]
    }

    private struct Attachment: Encodable {
        var color: String
        var title: String
        var titleLink: String?
        var text: String
        var fields: [Field]
        var footer: String
        /// Unix seconds.
        var ts: Int64

        enum CodingKeys: String, CodingKey {
            case color, title, text, fields, footer, ts
            case titleLink = "title_link"
        }
    }

    private struct Field: Encodable {
        var title: String
        var value: String
        var short: Bool
    }
}
