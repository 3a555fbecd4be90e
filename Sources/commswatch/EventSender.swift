import Foundation
import Gzip

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Posts event bodies to a running commswatch's `/api/events`. URLSession keeps its connections alive
/// and opens at most `connections` of them, so concurrent posts reuse a fixed set of sockets.
struct EventSender: Sendable {
    enum Format {
        /// One event, or an array of them.
        case json
        /// One event per line.
        case ndjson

        var contentType: String {
            switch self {
            case .json: "application/json"
            case .ndjson: "application/x-ndjson"
            }
        }
    }

    /// What the server said: the status, the body as text, and the ingest report when the body is one.
    struct Answer: Sendable {
        var status: Int
        var body: String
        var report: IngestAnswer?

        var isSuccess: Bool { (200..<300).contains(status) }
    }

    let endpoint: URL
    private let token: String?
    private let gzip: Bool
    private let session: URLSession

    init(endpoint: URL, token: String?, gzip: Bool, connections: Int) {
        self.endpoint = endpoint
        self.token = token
        self.gzip = gzip
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.timeoutIntervalForRequest = 60
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    func post(_ body: [UInt8], as format: Format) async throws(SendError) -> Answer {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.setValue(format.contentType, forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if gzip { request.setValue("gzip", forHTTPHeaderField: "Content-Encoding") }
        let payload = Data(gzip ? Gzip.compress(body) : body)
        let data: Data, response: URLResponse
        do {
            (data, response) = try await session.upload(for: request, from: payload)
        } catch {
            throw .unreachable(url: endpoint.absoluteString, cause: Self.describe(error))
        }
        guard let http = response as? HTTPURLResponse else {
            throw .unreachable(url: endpoint.absoluteString, cause: "the answer is not HTTP")
        }
        return Answer(
            status: http.statusCode, body: String(decoding: data, as: UTF8.self),
            report: try? JSONDecoder().decode(IngestAnswer.self, from: data)
        )
    }

    /// URLError's own descriptions on Linux are just domain and number; say what happened instead.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? URLError else { return String(describing: error) }
        switch error.code {
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "host not found"
        case .timedOut: return "no answer within 60 seconds"
        case .networkConnectionLost: return "the server closed the connection"
        case .badServerResponse: return "the answer is not HTTP"
        case .unsupportedURL, .badURL: return "unsupported URL"
        default: return "URL error \(error.code.rawValue): \(error.localizedDescription)"
        }
    }
}

/// The body of a 202 or 422 from `/api/events`.
struct IngestAnswer: Decodable, Sendable {
    struct Rejection: Decodable, Sendable {
        var index: Int
        var code: String
        var message: String
    }

    var accepted: Int
    var duplicates: Int
    var rejected: [Rejection]
}

/// Why `send` stopped; ArgumentParser prints the description as one line and exits 1.
enum SendError: Error, CustomStringConvertible {
    case unreachable(url: String, cause: String)
    /// An answer that is not an ingest report (401, 413, 503, …), with the server's own message.
    case refused(url: String, status: Int, body: String)

    var description: String {
        switch self {
        case .unreachable(let url, let cause):
            return "cannot post to \(url): \(cause)"
        case .refused(let url, let status, let body):
            let message = (try? JSONDecoder().decode(ServerError.self, from: Data(body.utf8))).map { "\($0.error.code): \($0.error.message)" }
            let hint = status == 413 ? " (send smaller batches: lower --batch)" : ""
            return "\(url) answered HTTP \(status): \(message ?? body.trimmingCharacters(in: .whitespacesAndNewlines))\(hint)"
        }
    }

    /// commswatch's error body: `{"error": {"code": "...", "message": "..."}}`.
    private struct ServerError: Decodable {
        struct Detail: Decodable {
            var code: String
            var message: String
        }

        var error: Detail
    }
}
