public import Foundation

/// A Telegram bot's `sendMessage` in HTML parse mode: bold headline, message lines, the labels and
/// annotations, and a link to the source. Every user-provided string is HTML-escaped, since Telegram
/// rejects the whole message when its markup does not parse.
public enum TelegramPayload {
    /// Telegram's limit on a message's text, counted in UTF-16 code units after the markup is parsed.
    static let maxTextLength = 4096

    public static func request(_ notice: AlertNotice, botToken: String, chatID: String, apiURL: URL) -> OutgoingRequest {
        var runs: [Run] = [.plain(notice.status == .firing ? "🔥 " : "✅ "), .bold(notice.headline)]
        for key in ["summary", "description"] {
            if let line = notice.annotations[key], !line.isEmpty { runs.append(.plain("\n" + line)) }
        }
        if let value = notice.formattedValue { runs += [.plain("\nValue: "), .code(value)] }
        for detail in notice.details { runs += [.plain("\n"), .bold(detail.name), .plain(": " + detail.value)] }
        if !notice.generatorURL.isEmpty { runs += [.plain("\n"), .link("Source", href: notice.generatorURL)] }
        let message = Message(
            chatID: Int64(chatID).map(ChatID.number) ?? .name(chatID), text: html(runs), parseMode: "HTML",
            disableWebPagePreview: true)
        return .json(apiURL.appending(path: "bot\(botToken)/sendMessage"), encoding: message)
    }

    /// A piece of the message's text with its formatting; only the text counts against the limit.
    private enum Run {
        case plain(String)
        case bold(String)
        case code(String)
        case link(String, href: String)

        var text: String {
            switch self {
            case .plain(let text), .bold(let text), .code(let text), .link(let text, _): return text
            }
        }

        /// The run as HTML, showing `text` (the run's own text, or a truncation of it).
        func html(showing text: String) -> String {
            switch self {
            case .plain: return escaped(text)
            case .bold: return "<b>\(escaped(text))</b>"
            case .code: return "<code>\(escaped(text))</code>"
            case .link(_, let href): return "<a href=\"\(escaped(href))\">\(escaped(text))</a>"
            }
        }
    }

    /// The runs as HTML, cut with "…" where the text would pass the limit; every tag stays closed.
    private static func html(_ runs: [Run]) -> String {
        var html = ""
        var room = maxTextLength - 1  // keeps a place for the "…"
        for run in runs {
            let length = run.text.utf16.count
            if length > room {
                html += run.html(showing: run.text.prefix(utf16Count: room) + "…")
                break
            }
            html += run.html(showing: run.text)
            room -= length
        }
        return html
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private struct Message: Encodable {
        var chatID: ChatID
        var text: String
        var parseMode: String
        var disableWebPagePreview: Bool

        enum CodingKeys: String, CodingKey {
            case text
            case chatID = "chat_id"
            case parseMode = "parse_mode"
            case disableWebPagePreview = "disable_web_page_preview"
        }
    }

    /// A numeric chat ID is sent as a number, a `@channelname` as a string.
    private enum ChatID: Encodable {
        case number(Int64)
        case name(String)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let number): try container.encode(number)
            case .name(let name): try container.encode(name)
            }
        }
    }
}

extension String {
    /// As many whole characters from the start as fit in `limit` UTF-16 code units.
    func prefix(utf16Count limit: Int) -> Substring {
        var room = limit
        return prefix { character in
            room -= character.utf16.count
            return room >= 0
        }
    }
}
