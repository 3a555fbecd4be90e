public import AlertDelivery
import Foundation
import Glibc
public import HTTPServer
public import Ingest
public import MetricRegistry
import PrometheusModel
import PostgresStore
internal import Rules

/// The running service: registry, routes and HTTP server wired together, with a start/stop lifecycle.
public final class CommsWatchService: Sendable {
    public let registry: MetricRegistry
    public let server: HTTPServer
    /// Event processing state (trackers, rules), for tests and tools that feed events in-process.
    public let processor: EventProcessor
    /// In-process alert and recording rule evaluation over the registry's history.
    public let rules: RuleScheduler
    /// Alert delivery to Alertmanager and direct receivers; nil when none is configured.
    public let notifier: AlertNotifier?
    /// The port actually listened on (the kernel's choice when configured as 0).
    public var port: Int { server.port }
    private let log: EventLog
    private let configuration: AppConfiguration
    /// Where accepted events are made durable; nil with `--no-journal`.
    private let store: (any EventStore)?
    private let workers: WorkerPool

    /// Prepares the data directory, builds the routes and starts listening.
    public init(configuration: AppConfiguration, log: EventLog = EventLog()) throws {
        self.configuration = configuration
        self.log = log
        do {
            try FileManager.default.createDirectory(
                atPath: configuration.dataDirectory, withIntermediateDirectories: true
            )
        } catch {
            throw ConfigurationError(
                setting: "data-dir",
                message: "cannot create \(configuration.dataDirectory): \(error.localizedDescription)"
            )
        }
        let registry = MetricRegistry(seriesLimit: configuration.seriesLimit)
        registry.register(collector: ProcessCollector())
        self.registry = registry
        let selfMetrics = SelfMetrics(registry: registry)
        let hasher: PersonalDataHasher
        if let key = configuration.personalDataKey {
            hasher = PersonalDataHasher(key: key)
        } else {
            hasher = .withRandomKey()
            log.log(.warning, "COMMSWATCH_PII_KEY is not set: personal data is hashed with a random key that changes on restart")
        }
        let window = IdempotencyWindow(capacity: configuration.dedupCapacity, maxAge: configuration.dedupMaxAge)
        let processor = EventProcessor(
            registry: registry, prefix: configuration.metricPrefix, window: window, now: configuration.now
        )
        self.processor = processor
        let gate = IngestGate()
        let store = try EventStores.open(configuration, processor: processor, gate: gate, registry: registry, log: log)
        self.store = store
        let pipeline = IngestPipeline(processor: processor, hasher: hasher, registry: registry, store: store, gate: gate)
        let notifier = try Self.makeNotifier(configuration: configuration, registry: registry, log: log)
        if let thresholds = configuration.notificationAlertThresholds {
            log.log(.info, "seed 003 alert thresholds set by NOTIFICATION_ALERT_* variables", thresholds.expressions)
        }
        self.notifier = notifier
        do {
            rules = try RuleScheduler(
                paths: configuration.effectiveRuleFiles, evaluationInterval: configuration.evaluationInterval,
                resendDelay: configuration.resendDelay, registry: registry, log: log,
                forStatePath: URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("alerts-for-state.json").path,
                thresholds: configuration.notificationAlertThresholds,
                deliver: { expression, alerts, externalURL in
                    notifier?.submit(AlertNotices.notices(alerts, expression: expression, externalURL: externalURL))
                }
            )
        } catch {
            throw ConfigurationError(setting: "rules", message: "rule files do not load:\n\(error.description)")
        }
        // Started once nothing before the server can fail any more, so a refused start leaves no threads behind.
        let workers = WorkerPool(threads: configuration.workerThreads, name: "commswatch-worker")
        self.workers = workers
        let ingest = IngestHandler(
            pipeline: pipeline, workers: workers,
            authenticator: TokenAuthenticator(tokens: configuration.ingestTokens), maxBodyBytes: configuration.maxBodyBytes
        )
        let routes = Routes(
            registry: registry, dataDirectory: configuration.dataDirectory, ingest: ingest,
            metricsAuthenticator: TokenAuthenticator(tokens: configuration.metricsToken.map { [$0] } ?? []),
            scheduler: rules, notifier: notifier, ingestTokens: configuration.ingestTokens, store: store, workers: workers
        )
        let observer = ServerObserver(
            requestCompleted: { selfMetrics.record($0) },
            problem: { message, details in log.log(.warning, message, details) }
        )
        do {
            server = try HTTPServer(configuration: configuration.serverConfiguration, router: routes.router, observer: observer)
        } catch {
            workers.shutdown()
            throw error
        }
        // Listening already, so /healthz answers and /readyz says why it is not ready while this runs.
        do {
            try store?.restore()
        } catch {
            server.shutdown()
            server.wait()
            workers.shutdown()
            store?.close()
            throw ConfigurationError(setting: configuration.databaseURL == nil ? "data-dir" : "DATABASE_URL", message: "\(error)")
        }
        let externalURL = configuration.externalURL ?? "http://\(configuration.host):\(server.port)"
        notifier?.start(context: RenderContext(externalURL: externalURL))
        rules.start(externalURL: externalURL)
    }

    /// Loads the receivers; an outbox in the data directory keeps what they have not confirmed.
    private static func makeNotifier(
        configuration: AppConfiguration, registry: MetricRegistry, log: EventLog
    ) throws -> AlertNotifier? {
        let delivery: DeliveryConfiguration
        do {
            delivery = try DeliveryConfiguration.load(
                file: configuration.receiversFile, environment: configuration.receiverEnvironment,
                alertmanagers: configuration.alertmanagerURLs)
        } catch {
            throw ConfigurationError(setting: "receivers", message: error.description)
        }
        guard !delivery.isEmpty else {
            log.log(.info, "no alert receivers configured; alerts are evaluated and shown at /api/v1/alerts only")
            return nil
        }
        let now: @Sendable () -> Int64 = { Int64((configuration.now() * 1000).rounded(.down)) }
        let outbox: Outbox
        do {
            if let url = configuration.databaseURL {
                outbox = try Outbox(
                    log: PostgresOutboxLog(url: url, instance: configuration.instance, table: .outbox),
                    deadLetters: PostgresOutboxLog(url: url, instance: configuration.instance, table: .deadLetters), now: now())
            } else {
                outbox = try Outbox(
                    directory: URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("notifications").path, now: now())
            }
        } catch {
            throw ConfigurationError(setting: "data-dir", message: "alert outbox: \(error.description)")
        }
        let names = delivery.receivers.map(\.name)
        registry.register(collector: OutboxCollector(outbox: outbox, receivers: names, now: configuration.now))
        let pending = outbox.depths().reduce(0) { $0 + $1.count }
        log.log(.info, "alert receivers configured", ["receivers": names.joined(separator: ","), "pending": String(pending)])
        return AlertNotifier(
            configuration: delivery, outbox: outbox, transport: HTTPTransport(timeout: configuration.notificationTimeout),
            options: AlertNotifier.Options(
                cooldown: configuration.notificationCooldown.inMilliseconds,
                retry: configuration.notificationRetry),
            observer: NotificationMetrics(registry: registry, receivers: names).observer(log: log), now: now)
    }

    /// Stops accepting and drains in-flight requests; `wait()` returns once that is done.
    public func shutdown(reason: String) {
        log.log(.info, "shutting down", ["reason": reason, "open_connections": String(server.openConnections)])
        rules.stop()
        notifier?.stop()
        server.shutdown()
    }

    /// Returns once the server stopped and the event store closed (after a last journal snapshot).
    public func wait() {
        server.wait()
        workers.shutdown()
        store?.close()
        log.log(.info, "commswatch stopped")
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully; SIGHUP reloads the rule files.
    /// Logs "commswatch started" once the signal handlers are in place.
    public func runUntilSignalled() {
        SignalWatcher.start { [self] signalNumber in
            switch signalNumber {
            case SIGHUP: try? rules.reload()
            case SIGTERM: shutdown(reason: "SIGTERM")
            default: shutdown(reason: "SIGINT")
            }
        }
        // Announced only now: a supervisor that signals as soon as it reads this line is heard.
        log.log(
            .info, "commswatch started",
            [
                "listen": "\(configuration.host):\(server.port)", "data_dir": configuration.dataDirectory,
                "threads": String(configuration.threads), "pid": String(getpid()),
            ]
        )
        wait()
    }
}
