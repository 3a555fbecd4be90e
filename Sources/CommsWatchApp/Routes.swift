import AlertDelivery
import HTTPCore
import Ingest
import HTTPServer
import MetricRegistry

/// The HTTP surface: which handler answers which method and path, and where it runs. Health checks
/// answer on the event loop; anything that renders or evaluates (scrapes, the rules API, queries,
/// reloads) runs on the worker pool; ingest answers once its events are durable.
struct Routes: Sendable {
    static let metricsPath = "/api/metrics/prometheus"

    let router: Router

    init(
        registry: MetricRegistry, dataDirectory: String, ingest: IngestHandler, metricsAuthenticator: TokenAuthenticator,
        scheduler: RuleScheduler, notifier: AlertNotifier?, ingestTokens: [String], store: (any EventStore)?, workers: WorkerPool
    ) {
        var router = Router()
        let scrape = ScrapeHandler(registry: registry, authenticator: metricsAuthenticator)
        let health = HealthHandlers(dataDirectory: dataDirectory, rulesRunning: { scheduler.isRunning }, storeUnavailability: { store?.unavailability })
        let rules = RulesHandlers(scheduler: scheduler)
        router.add("GET", "/healthz", health.live)
        router.add("GET", "/readyz", health.ready)
        router.add("GET", Self.metricsPath, on: workers, scrape.handle)
        router.addDeferred("POST", "/api/events", ingest.events)
        for path in IngestHandler.postHogPaths { router.addDeferred("POST", path, ingest.postHog) }
        router.add("GET", "/api/v1/rules", on: workers, rules.rules)
        router.add("GET", "/api/v1/alerts", on: workers, rules.alerts)
        router.add("GET", "/api/v1/query", on: workers, QueryHandler(scheduler: scheduler).query)
        router.add("POST", "/-/reload", on: workers, rules.reload)
        router.add(
            "POST", "/api/v1/alerts/test", on: workers,
            NotifyHandlers(notifier: notifier, authenticator: TokenAuthenticator(tokens: ingestTokens)).test)
        self.router = router
    }
}
