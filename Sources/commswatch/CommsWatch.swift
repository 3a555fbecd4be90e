import ArgumentParser
import CommsWatchApp
import Ingest
import Foundation

@main
struct CommsWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commswatch",
        abstract: "Turns chat, dispute and notification events into Prometheus metrics and alerts.",
        discussion: """
            commswatch receives events over HTTP, serves them as Prometheus metrics at \
            /api/metrics/prometheus, and reports its own health at /healthz and /readyz.

            Start it with `commswatch serve`; every flag can also be set through the environment \
            variable named in its help. Try it with `commswatch send --sample`.
            """,
        subcommands: [Serve.self, PrintCatalog.self, Send.self, Check.self, TestCommand.self, Notify.self, JournalCommand.self, Replay.self, DashboardsCommand.self]
    )
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP service until SIGTERM or SIGINT.",
        discussion: """
            Logs one JSON object per line to standard error. Exits 0 after a graceful shutdown.

            Secrets come from the environment only: COMMSWATCH_INGEST_TOKENS (comma-separated; when set, \
            ingest needs Authorization: Bearer <token> or a matching PostHog api_key), \
            COMMSWATCH_METRICS_TOKEN (when set, scrapes need it as a bearer token) and \
            COMMSWATCH_PII_KEY (HMAC key for personal data; without it a random key is used and \
            pseudonyms change on restart), DATABASE_URL (PostgreSQL connection string; when set, events, \
            idempotency keys, dispute state and daily_stats live there instead of the embedded journal), \
            and the receivers' SLACK_ALERT_WEBHOOK_URL (or SLACK_WEBHOOK_URL), \
            COMMSWATCH_WEBHOOK_URL, TELEGRAM_BOT_TOKEN with TELEGRAM_CHAT_ID, and PAGERDUTY_ROUTING_KEY, each \
            of which gets every alert. See docs/ALERTING.md.
            """
    )

    @Option(help: "Address to listen on, HOST:PORT. [env: COMMSWATCH_LISTEN] (default: 127.0.0.1:9470)")
    var listen: String?

    @Option(help: "Directory for the event journal and state. [env: COMMSWATCH_DATA_DIR] (default: ./data)")
    var dataDir: String?

    @Option(help: "Largest accepted request body in bytes, after decompression. [env: COMMSWATCH_MAX_BODY_BYTES] (default: 1048576)")
    var maxBodyBytes: Int?

    @Option(help: "Series per metric before new label sets fold into an overflow series. [env: COMMSWATCH_SERIES_LIMIT] (default: 10000)")
    var seriesLimit: Int?

    @Option(help: "Open connections before new ones get 503. [env: COMMSWATCH_MAX_CONNECTIONS] (default: 4096)")
    var maxConnections: Int?

    @Option(help: "HTTP event-loop threads. [env: COMMSWATCH_THREADS] (default: number of CPUs)")
    var threads: Int?

    @Option(help: "Threads for slow handlers: scrapes, the rules API, large ingest bodies. [env: COMMSWATCH_WORKER_THREADS] (default: number of CPUs, at least 2)")
    var workerThreads: Int?

    @Option(help: "How long a request may wait for the journal, PostgreSQL or a worker before it is answered 503, e.g. 30s. [env: COMMSWATCH_RESPONSE_TIMEOUT] (default: 30s)")
    var responseTimeout: String?

    @Option(help: "Prefix for every catalog metric name, e.g. plannivo_. [env: COMMSWATCH_METRIC_PREFIX] (default: none)")
    var metricPrefix: String?

    @Option(help: "Idempotency keys remembered at most. [env: COMMSWATCH_DEDUP_CAPACITY] (default: 1000000)")
    var dedupCapacity: Int?

    @Option(help: "How long idempotency keys are remembered, e.g. 24h, 90m. [env: COMMSWATCH_DEDUP_WINDOW] (default: 24h)")
    var dedupWindow: String?

    @Option(
        parsing: .upToNextOption,
        help: "Alert and recording rule files to evaluate in-process. [env: COMMSWATCH_RULES, comma-separated] (default: prometheus/alerts.yml when it exists)"
    )
    var rules: [String] = []

    @Option(help: "Evaluation interval for rule groups that set none, e.g. 15s, 1m. [env: COMMSWATCH_EVAL_INTERVAL] (default: 15s)")
    var evalInterval: String?

    @Option(help: "URL the service is reached at, $externalURL in alert templates. [env: COMMSWATCH_EXTERNAL_URL] (default: http://<listen address>)")
    var externalURL: String?

    @Flag(help: "Do not journal events: faster, but metrics start from zero after every restart. [env: COMMSWATCH_NO_JOURNAL=1]")
    var noJournal = false

    @Option(help: "How often the journaled state is snapshotted (old segments then removed), e.g. 5m. [env: COMMSWATCH_SNAPSHOT_INTERVAL] (default: 5m)")
    var snapshotInterval: String?

    @Option(help: "This instance's name in a shared PostgreSQL; keep it stable across restarts. [env: COMMSWATCH_INSTANCE] (default: host name)")
    var instance: String?

    @Option(help: "Connections to PostgreSQL when DATABASE_URL is set. [env: COMMSWATCH_DB_CONNECTIONS] (default: 4)")
    var dbConnections: Int?

    @OptionGroup(title: "Alert delivery") var alerting: AlertingOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        var configuration = AppConfiguration()
        if let listen = listen ?? environment["COMMSWATCH_LISTEN"] { try configuration.setListen(listen) }
        if let dataDir = dataDir ?? environment["COMMSWATCH_DATA_DIR"] { configuration.dataDirectory = dataDir }
        configuration.maxBodyBytes = try positive("max-body-bytes", maxBodyBytes, environment["COMMSWATCH_MAX_BODY_BYTES"])
            ?? configuration.maxBodyBytes
        configuration.seriesLimit = try positive("series-limit", seriesLimit, environment["COMMSWATCH_SERIES_LIMIT"])
            ?? configuration.seriesLimit
        configuration.maxConnections = try positive("max-connections", maxConnections, environment["COMMSWATCH_MAX_CONNECTIONS"])
            ?? configuration.maxConnections
        configuration.threads = try positive("threads", threads, environment["COMMSWATCH_THREADS"]) ?? configuration.threads
        configuration.workerThreads = try positive("worker-threads", workerThreads, environment["COMMSWATCH_WORKER_THREADS"])
            ?? configuration.workerThreads
        if let timeout = responseTimeout ?? environment["COMMSWATCH_RESPONSE_TIMEOUT"] {
            configuration.responseTimeout = try AppConfiguration.parseDuration(timeout, setting: "response-timeout")
        }
        if let prefix = metricPrefix ?? environment["COMMSWATCH_METRIC_PREFIX"] { try configuration.setMetricPrefix(prefix) }
        configuration.dedupCapacity = try positive("dedup-capacity", dedupCapacity, environment["COMMSWATCH_DEDUP_CAPACITY"])
            ?? configuration.dedupCapacity
        if let window = dedupWindow ?? environment["COMMSWATCH_DEDUP_WINDOW"] {
            configuration.dedupMaxAge = try AppConfiguration.parseDuration(window, setting: "dedup-window")
        }
        if !rules.isEmpty {
            configuration.ruleFiles = rules
        } else if let list = environment["COMMSWATCH_RULES"], !list.isEmpty {
            configuration.ruleFiles = list.split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
        }
        if let interval = evalInterval ?? environment["COMMSWATCH_EVAL_INTERVAL"] {
            configuration.evaluationInterval = try AppConfiguration.parseDuration(interval, setting: "eval-interval")
        }
        configuration.externalURL = externalURL ?? environment["COMMSWATCH_EXTERNAL_URL"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.ingestTokens = (environment["COMMSWATCH_INGEST_TOKENS"] ?? "").split(separator: ",")
            .map { String($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
        configuration.metricsToken = environment["COMMSWATCH_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.personalDataKey = environment["COMMSWATCH_PII_KEY"].flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        try alerting.apply(to: &configuration, environment: environment)
        configuration.journal = !(noJournal || environment["COMMSWATCH_NO_JOURNAL"] == "1")
        if let interval = snapshotInterval ?? environment["COMMSWATCH_SNAPSHOT_INTERVAL"] {
            configuration.snapshotInterval = try AppConfiguration.parseDuration(interval, setting: "snapshot-interval")
        }
        configuration.databaseURL = environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let instance = instance ?? environment["COMMSWATCH_INSTANCE"], !instance.isEmpty { configuration.instance = instance }
        configuration.databaseConnections = try positive("db-connections", dbConnections, environment["COMMSWATCH_DB_CONNECTIONS"])
            ?? configuration.databaseConnections

        let service: CommsWatchService
        do {
            service = try CommsWatchService(configuration: configuration)
        } catch {
            EventLog().log(.error, "commswatch could not start", ["error": String(describing: error)])
            throw ExitCode.failure
        }
        service.runUntilSignalled()
    }

    /// The flag's value, else the environment's, which must be a positive integer.
    private func positive(_ name: String, _ flag: Int?, _ environmentValue: String?) throws -> Int? {
        if let flag {
            guard flag > 0 else { throw ValidationError("--\(name) must be a positive integer, got \(flag)") }
            return flag
        }
        guard let environmentValue else { return nil }
        guard let value = Int(environmentValue), value > 0 else {
            throw ValidationError("the environment's value for --\(name) must be a positive integer, got \"\(environmentValue)\"")
        }
        return value
    }
}

struct PrintCatalog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Print the event and metric catalog as Markdown (the content of docs/EVENTS.md)."
    )

    @Option(help: "Show metric names with this prefix, as `serve --metric-prefix` would expose them.")
    var metricPrefix: String = ""

    @Option(
        parsing: .upToNextOption,
        help: "Alert and recording rule files to evaluate in-process. [env: COMMSWATCH_RULES, comma-separated] (default: prometheus/alerts.yml when it exists)"
    )
    var rules: [String] = []

    @Option(help: "Evaluation interval for rule groups that set none, e.g. 15s, 1m. [env: COMMSWATCH_EVAL_INTERVAL] (default: 15s)")
    var evalInterval: String?

    @Option(help: "URL the service is reached at, $externalURL in alert templates. [env: COMMSWATCH_EXTERNAL_URL] (default: http://<listen address>)")
    var externalURL: String?

    func run() throws {
        print(Catalog.standard.markdown(prefix: metricPrefix), terminator: "")
    }
}
