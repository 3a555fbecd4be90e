import HTTPCore
import Ingest
import HTTPServer
import MetricRegistry

/// The HTTP surface: which handler answers which method and path.
struct Routes: Sendable {
    static let metricsPath = "/api/metrics/prometheus"

    let router: Router

    init(registry: MetricRegistry, dataDirectory: String, ingest: IngestHandler, metricsAuthenticator: TokenAuthenticator) {
        var router = Router()
        let scrape = ScrapeHandler(registry: registry, authenticator: metricsAuthenticator)
        let health = HealthHandlers(dataDirectory: dataDirectory)
        router.add("GET", Self.metricsPath, scrape.handle)
        router.add("GET", "/healthz", health.live)
        router.add("GET", "/readyz", health.ready)
        router.add("POST", "/api/events", ingest.events)
        for path in IngestHandler.postHogPaths { router.add("POST", path, ingest.postHog) }
        self.router = router
    }
}
