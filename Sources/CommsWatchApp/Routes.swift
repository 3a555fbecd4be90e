import HTTPCore
import HTTPServer
import MetricRegistry

/// The HTTP surface: which handler answers which method and path.
struct Routes: Sendable {
    static let metricsPath = "/api/metrics/prometheus"

    let router: Router

    init(registry: MetricRegistry, dataDirectory: String) {
        var router = Router()
        let scrape = ScrapeHandler(registry: registry)
        let health = HealthHandlers(dataDirectory: dataDirectory)
        router.add("GET", Self.metricsPath, scrape.handle)
        router.add("GET", "/healthz", health.live)
        router.add("GET", "/readyz", health.ready)
        self.router = router
    }
}
