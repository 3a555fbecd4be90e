import HTTPServer
import MetricRegistry

/// The service's own metrics about its HTTP traffic, fed by the server's observer.
struct SelfMetrics: Sendable {
    private let requests: CounterFamily
    private let latency: HistogramFamily
    private let size: HistogramFamily

    init(registry: MetricRegistry) {
        requests = registry.counter(
            name: "commswatch_http_requests_total",
            help: "HTTP requests answered, by route, method and status code.",
            labelNames: ["route", "method", "code"]
        )
        latency = registry.histogram(
            name: "commswatch_http_request_duration_seconds",
            help: "Time from a complete request to its encoded response, by route.",
            labelNames: ["route"],
            buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]
        )
        size = registry.histogram(
            name: "commswatch_http_response_size_bytes",
            help: "Response body sizes as sent (compressed when gzip was negotiated), by route; the scrape's size is route /api/metrics/prometheus.",
            labelNames: ["route"],
            buckets: [256, 1024, 4096, 16384, 65536, 262_144, 1_048_576, 4_194_304, 16_777_216]
        )
    }

    func record(_ request: ServerObserver.CompletedRequest) {
        requests.labels(request.route, Self.methodLabel(request.method), String(request.status)).increment()
        latency.labels(request.route).observe(request.durationSeconds)
        size.labels(request.route).observe(Double(request.responseBodyBytes))
    }

    /// Clients may send any token as a method; only the standard ones become label values.
    private static func methodLabel(_ method: String) -> String {
        switch method {
        case "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH": method
        case "": "none"
        default: "other"
        }
    }
}
