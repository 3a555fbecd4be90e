import AlertDelivery
import HTTPCore
import Ingest
import HTTPServer
import MetricRegistry

/// The HTTP surface: which handler answers which method and path.
struct Routes: Sendable {
    static let metricsPath = "/api/metrics/prometheus"

    let router: Router

    init(
        registry: MetricRegistry, dataDirectory: String, ingest: IngestHandler, metricsAuthenticator: TokenAuthenticator,
        scheduler: RuleScheduler, notifier: AlertNotifier?, ingestTokens: [String], storage: EventStorage
    ) {
        var router = Router()
        let scrape = ScrapeHandler(registry: registry, authenticator: metricsAuthenticator)
        let health = HealthHandlers(dataDirectory: dataDirectory, rulesRunning: { scheduler.isRunning }, storageUnready: { storage.unready })
        let rules = RulesHandlers(scheduler: scheduler)
        router.add("GET", Self.metricsPath, scrape.handle)
        router.add("GET", "/healthz", health.live)
        router.add("GET", "/readyz", health.ready)
        router.add("POST", "/api/events", ingest.events)
        for path in IngestHandler.postHogPaths { router.add("POST", path, ingest.postHog) }
        router.add("GET", "/api/v1/rules", rules.rules)
        router.add("GET", "/api/v1/alerts", rules.alerts)
        router.add("GET", "/api/v1/query", QueryHandler(scheduler: scheduler).query)
        router.add("POST", "/-/reload", rules.reload)
        router.add("POST", "/api/v1/alerts/test", NotifyHandlers(notifier: notifier, authenticator: TokenAuthenticator(tokens: ingestTokens)).test)
        self.router = router
    }
}
