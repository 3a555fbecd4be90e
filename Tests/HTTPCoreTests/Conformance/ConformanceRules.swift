import Foundation
import HTTPCore
import TestSupport

/// What this strict server parser must do with an llhttp case, derived from its verdict (FORMAT.md §6),
/// its meta and its log by general rules, never by a per-case table.
enum Expectation: CustomStringConvertible {
    /// The logged messages that completed, parsed as logged; a trailing incomplete message leaves the
    /// parser waiting, and once the missing body is supplied it parses as logged too.
    case parseAsLogged
    /// The first message parsed as logged; what follows it is not HTTP/1.1 any more (an upgraded protocol).
    case firstAsLogged
    /// The first message parsed as logged, with `keepAlive == false`, so the server closes after it.
    case firstThenClose
    /// Some leading logged messages (possibly none) parsed as logged, then a failure with one of `statuses`.
    case failAfterPrefix(statuses: Set<Int>)
    /// The head is parsed and the parser waits for the declared body (no skip-body API).
    case waitForDeclaredBody
    /// Like `.parseAsLogged`, then the parser is between requests (`finish=0`) or inside one (`finish>0`).
    case endOfStream(safe: Bool)

    var description: String {
        switch self {
        case .parseAsLogged: "parse as logged"
        case .firstAsLogged: "parse the first request"
        case .firstThenClose: "parse the first request, keepAlive == false"
        case .failAfterPrefix(let statuses): "fail with \(statuses.sorted())"
        case .waitForDeclaredBody: "wait for the declared body"
        case .endOfStream(let safe): safe ? "parse, then idle at EOF" : "mid-request at EOF"
        }
    }

    /// Failures a strict parser gives to malformed input: 400, or 501/505 where more precise.
    static let malformed: Set<Int> = [400, 501, 505]

    /// The expectation for a case, and why when it departs from the verdict or adapts an API-specific case.
    static func of(_ conformanceCase: LLHTTPCase) -> (expectation: Expectation, adaptation: String?) {
        let messages = conformanceCase.messages
        switch conformanceCase.verdict {
        case "accept":
            if messages.contains(where: hasUnsupportedCoding) {
                return (.failAfterPrefix(statuses: [501]),
                        "a transfer coding before chunked is not implemented: 501 (RFC 9112 §6.1), not accepted")
            }
            return (.parseAsLogged, nil)
        case "reject":
            return (.failAfterPrefix(statuses: malformed), nil)
        case "accept-first-then-close":
            return (.firstThenClose, nil)
        case "lenient-only":
            // The relaxation that only concerns connection reuse leaves valid requests: the strict answer is
            // the non-lenient one, serve the first and close. Every other relaxation admits malformed input.
            if conformanceCase.type == "request-lenient-keep-alive" {
                return (.firstThenClose, nil)
            }
            return (.failAfterPrefix(statuses: malformed), nil)
        case "upgrade-or-connect":
            switch messages.first?.methodText {
            case "CONNECT": return (.failAfterPrefix(statuses: [501]), nil)
            case "PRI": return (.failAfterPrefix(statuses: [505]), nil)
            default: return (.firstAsLogged, nil)  // Upgrade is ignored: served as plain HTTP/1.1
            }
        case "accept-nonhttp", "accept-http09":
            return (.failAfterPrefix(statuses: [400, 505]), nil)
        case "parser-api":
            if conformanceCase.skipBody {
                return (.waitForDeclaredBody, "no skip-body API: Content-Length is honoured")
            }
            return (.parseAsLogged, "pause events ignored")
        case "eof-handling":
            return (.endOfStream(safe: conformanceCase.finish == 0), "EOF safety read from hasPartialRequest")
        default:
            return (.failAfterPrefix(statuses: []), "unknown verdict \(conformanceCase.verdict)")
        }
    }

    /// `Transfer-Encoding` listing a coding other than `chunked`, with `chunked` last: well-formed,
    /// accepted by llhttp (which only de-chunks), but a server cannot decode it.
    private static func hasUnsupportedCoding(_ message: LoggedMessage) -> Bool {
        let codings = message.values(of: "transfer-encoding")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
        return codings.last == "chunked" && codings.contains { $0 != "chunked" }
    }
}

extension ParsedRequest {
    /// Whether this request is the logged message: method, target, every field (values compared without
    /// the surrounding whitespace the log keeps) and the body.
    func mismatch(with message: LoggedMessage, extraBody: [UInt8] = []) -> String? {
        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        if Array(method.utf8) != message.method { return "method \(method) != \(text(message.method))" }
        if Array(target.utf8) != message.url { return "target \(target) != \(text(message.url))" }
        if headers.count != message.fields.count { return "\(headers.count) headers, log has \(message.fields.count)" }
        for (header, field) in zip(headers, message.fields) {
            let loggedValue = text(field.value).trimmingCharacters(in: .whitespaces)
            if Array(header.name.utf8) != field.name || header.value != loggedValue {
                return "header \(header.name): \(header.value) != \(text(field.name)): \(loggedValue)"
            }
        }
        let loggedBody = message.body + extraBody
        if body != loggedBody { return "body \(bodyText) != \(text(loggedBody))" }
        return nil
    }
}
