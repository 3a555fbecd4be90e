import HTTPCore
import Ingest

/// `POST /api/events` and the PostHog capture endpoints: authentication, body decoding and the
/// HTTP answer around the ingest pipeline.
struct IngestHandler: Sendable {
    let pipeline: IngestPipeline
    let authenticator: TokenAuthenticator
    let maxBodyBytes: Int

    /// Paths PostHog SDKs post to, with and without their trailing slash.
    static let postHogPaths = ["/batch/", "/capture/", "/e/", "/i/v0/e/", "/batch", "/capture", "/e", "/i/v0/e"]

    func events(_ request: HTTPRequest) -> HTTPResponse {
        guard authenticator.allows(authorization: request.headers["Authorization"]) else { return Self.unauthorized() }
        guard let format = RequestBody.format(of: request) else {
            return .error(
                .unsupportedMediaType, code: "unsupported_media_type",
                message: "send application/json (an event or an array of events) or application/x-ndjson"
            )
        }
        let body: [UInt8]
        do {
            body = try RequestBody.decoded(request, maxBytes: maxBodyBytes)
        } catch {
            return error.response
        }
        guard !RequestBody.isBlank(body) else {
            return .error(.badRequest, code: "empty_body", message: "the body holds no events")
        }
        let report: IngestReport, single: Bool
        switch format {
        case .ndjson:
            do {
                (report, single) = (try pipeline.ingestNDJSON(body), false)
            } catch {
                return Self.response(to: error)
            }
        case .json:
            do {
                (report, single) = try pipeline.ingestJSON(body)
            } catch {
                return Self.response(to: error)
            }
        }
        let refused = !report.rejected.isEmpty && report.accepted == 0 && report.duplicates == 0
        return HTTPResponse(
            status: refused || (single && !report.rejected.isEmpty) ? .unprocessableContent : .accepted,
            contentType: "application/json", body: report.json
        )
    }

    /// PostHog answers `200 {"status": 1}` to every payload it could read (its SDKs retry anything else),
    /// whatever became of the individual events; they are counted in commswatch_events_*_total.
    func postHog(_ request: HTTPRequest) -> HTTPResponse {
        let compression = request.query.flatMap { query in
            query.split(separator: "&").first { $0.hasPrefix("compression=") }?.dropFirst("compression=".count)
        }
        if let compression, compression != "gzip", compression != "gzip-js" {
            return .error(
                .unsupportedMediaType, code: "unsupported_encoding", message: "compression \(compression) is not supported; use gzip"
            )
        }
        let body: [UInt8]
        do {
            body = try RequestBody.decoded(request, maxBytes: maxBodyBytes, gzipRequested: compression != nil)
        } catch {
            return error.response
        }
        let header = request.headers["Authorization"]
        do {
            let report = try pipeline.ingestPostHog(body) { apiKey in
                authenticator.allows(token: apiKey) || (header != nil && authenticator.allows(authorization: header))
            }
            guard report != nil else { return Self.unauthorized() }
        } catch {
            return Self.response(to: error)
        }
        return HTTPResponse(status: .ok, contentType: "application/json", body: "{\"status\":1}")
    }

    /// 503 with `Retry-After` while events cannot be made durable (nothing was acknowledged), else 400.
    private static func response(to error: IngestPipeline.RequestError) -> HTTPResponse {
        guard error.isUnavailable else { return .error(.badRequest, code: error.code, message: error.message) }
        var response = HTTPResponse.error(.serviceUnavailable, code: error.code, message: error.message)
        response.headers.add(name: "Retry-After", value: "1")
        return response
    }

    private static func unauthorized() -> HTTPResponse {
        TokenAuthenticator.challenge("send Authorization: Bearer <token> (or a PostHog api_key) with a configured ingest token")
    }
}
