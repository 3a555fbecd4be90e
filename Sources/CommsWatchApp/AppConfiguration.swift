public import AlertDelivery
public import Foundation
import HTTPCore
import HTTPServer

/// Everything `commswatch serve` can be told, with the defaults it runs on when told nothing.
public struct AppConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 9470
    public var dataDirectory: String = "./data"
    /// Largest request body accepted, also applied to the decompressed size of gzip bodies.
    public var maxBodyBytes: Int = 1 << 20
    /// Series one metric family may hold before new label sets fold into its overflow series.
    public var seriesLimit: Int = 10_000
    public var maxConnections: Int = 4096
    public var threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Threads for handlers whose work takes milliseconds (scrapes, the rules API, large ingest
    /// bodies), so the event loops stay free.
    public var workerThreads: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)
    /// How long a request may wait for its answer (a journal sync, a PostgreSQL commit, a worker)
    /// before it is answered 503.
    public var responseTimeout: Duration = .seconds(30)
    public var requestReadTimeout: Duration = .seconds(15)
    public var idleTimeout: Duration = .seconds(60)
    public var shutdownGracePeriod: Duration = .seconds(5)
    /// Whether accepted events are journaled in the data directory (and replayed at start-up). Off,
    /// an event counts as soon as it is accepted and nothing survives a restart (`--no-journal`).
    public var journal = true
    /// A snapshot of the derived state is taken this often (and after `snapshotBytes` of journal),
    /// so a restart replays only what came after it and old segments can go.
    public var snapshotInterval: Duration = .seconds(300)
    public var snapshotBytes = 256 << 20
    /// Size at which a journal segment is closed and the next one started.
    public var journalSegmentBytes = 64 << 20
    /// PostgreSQL connection string (`DATABASE_URL`); when set, events, idempotency keys and dispute
    /// state live there instead of the embedded journal. Never logged: it may hold a password.
    public var databaseURL: String?
    /// Connections to PostgreSQL used side by side.
    public var databaseConnections = 4
    /// This instance's name in a shared database (`COMMSWATCH_INSTANCE`, default the host name); it
    /// replays the events it accepted itself. Keep it stable across restarts.
    public var instance: String = ProcessInfo.processInfo.hostName
    /// Put in front of every catalog metric name (seed 003 uses `plannivo_`).
    public var metricPrefix: String = ""
    /// When non-empty, ingest endpoints require one of these as a bearer token or PostHog `api_key`.
    public var ingestTokens: [String] = []
    /// When set, scrapes require it as a bearer token.
    public var metricsToken: String?
    /// HMAC key for personal data; nil means a random key per process (pseudonyms change on restart).
    public var personalDataKey: [UInt8]?
    /// Idempotency keys remembered at most (oldest forgotten first)…
    public var dedupCapacity: Int = 1_000_000
    /// …and for at most this long.
    public var dedupMaxAge: Duration = .seconds(24 * 3600)
    /// Alert and recording rule files to evaluate in-process; nil means `prometheus/alerts.yml` when
    /// it exists in the working directory, else none.
    public var ruleFiles: [String]?
    /// Interval for rule groups that set none (`--eval-interval`).
    public var evaluationInterval: Duration = .seconds(15)
    /// `$externalURL` in alert templates; nil means `http://<listen address>`.
    public var externalURL: String?
    /// Alertmanager base URLs alerts are sent to (`ALERTMANAGER_URL`, comma-separated for an HA pair).
    public var alertmanagerURLs: [URL] = []
    /// The direct receivers file (Slack, Telegram, PagerDuty, webhooks, routed by labels).
    public var receiversFile: String?
    /// The environment direct receivers are read from (`SLACK_ALERT_WEBHOOK_URL`, `COMMSWATCH_WEBHOOK_URL`…);
    /// `serve` passes the process environment, tests pass what they need.
    public var receiverEnvironment: [String: String] = [:]
    /// How often a firing or resolved alert is re-sent to Alertmanager (`--rules.alert.resend-delay`).
    public var resendDelay: Duration = .seconds(60)
    /// A direct receiver is not told of the same alert firing again within this time
    /// (`NOTIFICATION_ALERT_COOLDOWN_MS`); resolutions are never held back.
    public var notificationCooldown: Duration = .milliseconds(300_000)
    /// Seed 003's `NOTIFICATION_ALERT_*` thresholds; nil runs its four alerts as the rule file has them.
    public var notificationAlertThresholds: NotificationAlertThresholds?
    /// How long one request to a receiver may take before it counts as failed and is retried.
    public var notificationTimeout: Duration = .seconds(10)
    /// Back-off between attempts at a failing receiver.
    public var notificationRetry = RetryPolicy()
    /// The clock events and SLA deadlines are measured with, in seconds since the epoch.
    public var now: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    public init() {}

    /// Parses `HOST:PORT`, `:PORT` or `[IPv6]:PORT`.
    public mutating func setListen(_ address: String) throws(ConfigurationError) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ConfigurationError(setting: "listen", message: "expected HOST:PORT (e.g. 0.0.0.0:9470), got \"\(address)\"")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    /// Sets the metric name prefix, which must itself be a valid start of a metric name.
    public mutating func setMetricPrefix(_ prefix: String) throws(ConfigurationError) {
        let valid = prefix.utf8.enumerated().allSatisfy { index, byte in
            byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
                || (index > 0 && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        guard valid else {
            throw ConfigurationError(setting: "metric-prefix", message: "\"\(prefix)\" is not a valid metric name prefix ([a-zA-Z_:][a-zA-Z0-9_:]*)")
        }
        metricPrefix = prefix
    }

    /// Parses `90s`, `15m`, `24h` or `7d` (a whole number and a unit).
    public static func parseDuration(_ text: String, setting: String) throws(ConfigurationError) -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last, let scale = units[unit], let amount = Int64(text.dropLast()), amount > 0 else {
            throw ConfigurationError(setting: setting, message: "expected a duration like 90s, 15m, 24h or 7d, got \"\(text)\"")
        }
        return .seconds(amount * scale)
    }

    /// Where the event journal's segments live.
    public var journalDirectory: String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("journal").path
    }

    /// The rule files to load: those configured, else the conventional file when present.
    var effectiveRuleFiles: [String] {
        if let ruleFiles { return ruleFiles }
        return FileManager.default.fileExists(atPath: Self.defaultRuleFile) ? [Self.defaultRuleFile] : []
    }

    static let defaultRuleFile = "prometheus/alerts.yml"

    var serverConfiguration: ServerConfiguration {
        var server = ServerConfiguration(
            host: host, port: port, threads: threads, maxConnections: maxConnections,
            requestReadTimeout: requestReadTimeout, idleTimeout: idleTimeout, responseTimeout: responseTimeout,
            shutdownGracePeriod: shutdownGracePeriod
        )
        server.parserLimits.maxBodyBytes = maxBodyBytes
        return server
    }
}

/// A setting that cannot be used, named so the operator knows which flag or variable to fix.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var setting: String
    public var message: String

    public var description: String { "invalid \(setting): \(message)" }
}
