import Exposition
import Gzip
import HTTPCore
import MetricRegistry
import Synchronization

/// `GET /api/metrics/prometheus`: renders the registry in the format the scraper prefers,
/// gzip-compressed when it accepts that.
final class ScrapeHandler: Sendable {
    private let registry: MetricRegistry
    private let authenticator: TokenAuthenticator
    /// Size of the last rendering, so the next one allocates its buffer once.
    private let lastSize = Atomic<Int>(64 * 1024)

    init(registry: MetricRegistry, authenticator: TokenAuthenticator) {
        self.registry = registry
        self.authenticator = authenticator
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard authenticator.allows(authorization: request.headers["Authorization"]) else {
            return TokenAuthenticator.challenge("scrapes need Authorization: Bearer <COMMSWATCH_METRICS_TOKEN>")
        }
        let format = ExpositionFormat.negotiate(accept: request.headers["Accept"])
        var body: [UInt8] = []
        body.reserveCapacity(lastSize.load(ordering: .relaxed) + 4096)
        format.render(registry.snapshot(), into: &body)
        lastSize.store(body.count, ordering: .relaxed)

        var headers = HTTPHeaders([("Content-Type", format.contentType)])
        headers.add(name: "Vary", value: "Accept, Accept-Encoding")
        if Self.acceptsGzip(request.headers["Accept-Encoding"]) {
            body = Gzip.compress(body)
            headers.add(name: "Content-Encoding", value: "gzip")
        }
        return HTTPResponse(status: .ok, headers: headers, body: body)
    }

    /// True when `gzip` is listed with a non-zero quality (RFC 9110 §12.5.3).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";")
            guard let coding = parts.first?.trimmingASCIISpaces(), coding.lowercased() == "gzip" || coding == "*" else {
                continue
            }
            let quality = parts.dropFirst().compactMap { parameter -> Double? in
                let pair = parameter.trimmingASCIISpaces().split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].lowercased() == "q" else { return nil }
                return Double(pair[1])
            }.first ?? 1
            if quality > 0 { return true }
        }
        return false
    }
}
