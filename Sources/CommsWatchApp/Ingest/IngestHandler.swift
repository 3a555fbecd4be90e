import HTTPCore
import HTTPServer
import Ingest

/// `POST /api/events` and the PostHog capture endpoints: authentication, body decoding and the
/// HTTP answer around the ingest pipeline. Once the store has made the events durable, applying
/// them and answering resume on the event loop that received the request; bodies large enough to
/// take a millisecond to decode are decoded on a worker.
struct IngestHandler: Sendable {
    let pipeline: IngestPipeline
    let workers: WorkerPool
    let authenticator: TokenAuthenticator
    let maxBodyBytes: Int

    /// Paths PostHog SDKs post to, with and without their trailing slash.
    static let postHogPaths = ["/batch/", "/capture/", "/e/", "/i/v0/e/", "/batch", "/capture", "/e", "/i/v0/e"]
    /// Bodies from this size on (about 300 events) are decoded on a worker, not on the event loop.
    static let workerBodyBytes = 64 << 10

    func events(_ request: HTTPRequest, _ responder: Responder) {
        guard authenticator.allows(authorization: request.headers["Authorization"]) else {
            return responder.respond(Self.unauthorized())
        }
        guard let format = RequestBody.format(of: request) else {
            return responder.respond(
                .error(
                    .unsupportedMediaType, code: "unsupported_media_type",
                    message: "send application/json (an event or an array of events) or application/x-ndjson"))
        }
        run(request, responder) { [pipeline, maxBodyBytes] resume in
            let body: [UInt8]
            do throws(RequestBody.Refusal) {
                body = try RequestBody.decoded(request, maxBytes: maxBodyBytes)
            } catch {
                return responder.respond(error.response)
            }
            guard !RequestBody.isBlank(body) else {
                return responder.respond(.error(.badRequest, code: "empty_body", message: "the body holds no events"))
            }
            switch format {
            case .ndjson:
                pipeline.ingestNDJSON(body, resume: resume) { result in
                    responder.respond(Self.response(to: result.map { ($0, false) }))
                }
            case .json:
                pipeline.ingestJSON(body, resume: resume) { result in responder.respond(Self.response(to: result)) }
            }
        }
    }

    /// PostHog answers `200 {"status": 1}` to every payload it could read (its SDKs retry anything else),
    /// whatever became of the individual events; they are counted in commswatch_events_*_total.
    func postHog(_ request: HTTPRequest, _ responder: Responder) {
        let compression = request.query.flatMap { query in
            query.split(separator: "&").first { $0.hasPrefix("compression=") }?.dropFirst("compression=".count)
        }
        if let compression, compression != "gzip", compression != "gzip-js" {
            return responder.respond(
                .error(.unsupportedMediaType, code: "unsupported_encoding", message: "compression \(compression) is not supported; use gzip"))
        }
        run(request, responder) { [pipeline, authenticator, maxBodyBytes] resume in
            let body: [UInt8]
            do throws(RequestBody.Refusal) {
                body = try RequestBody.decoded(request, maxBytes: maxBodyBytes, gzipRequested: compression != nil)
            } catch {
                return responder.respond(error.response)
            }
            let header = request.headers["Authorization"]
            let authorize: @Sendable (String?) -> Bool = { apiKey in
                authenticator.allows(token: apiKey) || (header != nil && authenticator.allows(authorization: header))
            }
            pipeline.ingestPostHog(body, authorize: authorize, resume: resume) { result in
                switch result {
                case .success(nil): responder.respond(Self.unauthorized())
                case .success: responder.respond(HTTPResponse(status: .ok, contentType: "application/json", body: "{\"status\":1}"))
                case .failure(let error): responder.respond(Self.response(to: error))
                }
            }
        }
    }

    /// Runs `work` here on the event loop for a small body, on a worker for a large one (here too
    /// when every worker is busy and the queue is full: the loop then slows its own intake), and
    /// tells it where to resume once the store has answered: the same place.
    private func run(
        _ request: HTTPRequest, _ responder: Responder, _ work: @escaping @Sendable (@escaping IngestPipeline.Resumption) -> Void
    ) {
        let onWorkers: IngestPipeline.Resumption = { [workers] rest in
            if !workers.submit(rest) { rest() }
        }
        if request.body.count >= Self.workerBodyBytes && workers.submit({ work(onWorkers) }) { return }
        work(responder.resume)
    }

    /// 202 with the report (422 when nothing in it was taken, or the single event was refused).
    private static func response(to result: Result<(report: IngestReport, single: Bool), IngestPipeline.RequestError>) -> HTTPResponse {
        let report: IngestReport, single: Bool
        switch result {
        case .success(let outcome): (report, single) = outcome
        case .failure(let error): return response(to: error)
        }
        let refused = !report.rejected.isEmpty && report.accepted == 0 && report.duplicates == 0
        return HTTPResponse(
            status: refused || (single && !report.rejected.isEmpty) ? .unprocessableContent : .accepted,
            contentType: "application/json", body: report.json
        )
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
