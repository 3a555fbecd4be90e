import Foundation
import TestSupport
import Testing

/// The docker-compose stack, run natively: commswatch on PostgreSQL, a real Prometheus 2.42 and
/// Alertmanager 0.25 with the repository's own configuration files (only addresses and ports
/// rewritten), fed a scripted burst of events. Prometheus's target is up; every query of every
/// generated dashboard is accepted and returns data (Prometheus's PromQL, PostgreSQL's SQL); and an
/// alert of `alerts.yml` driven by the events fires in Prometheus and in commswatch and reaches
/// the stand-in Slack webhook through Alertmanager.
struct StackTests {
    @Test(.timeLimit(.minutes(5)))
    func theStackFromTheRepositoryWorksEndToEnd() throws {
        let prometheusBinary = try #require(ExternalTool.find("prometheus"), "prometheus is not installed; run .ci/install-deps")
        let database = try PostgresServer()
        let standIn = try StandInReceiver(paths: AlertmanagerProcess.standInPaths)
        // The repository's group timings are kept: the first notice waits out group_wait (30 s).
        let alertmanager = try AlertmanagerProcess(receiver: standIn, keepTimings: true)
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-stack-\(UUID())")
        defer { try? FileManager.default.removeItem(at: data) }
        let repository = SharedData.repositoryRoot
        let service = try ServiceProcess(
            data: data,
            environment: [
                "DATABASE_URL": database.url, "ALERTMANAGER_URL": alertmanager.baseURL.absoluteString,
                "COMMSWATCH_RULES": repository.appendingPathComponent("prometheus/alerts.yml").path,
            ])
        defer { service.stop() }
        let prometheus = try StackPrometheus(binary: prometheusBinary, servicePort: service.port, alertmanagerPort: alertmanager.port)
        defer { prometheus.stop() }

        // Two bursts a scrape apart, so every counter has a rate; capacity drops drive the alert.
        try Self.burst(service, seed: 11)
        #expect(try prometheus.waitForValue(of: #"up{job="commswatch"}"#, timeout: 60) == "1", "Prometheus scrapes commswatch")
        _ = try prometheus.waitForValue(of: "commswatch_events_accepted_total", timeout: 60)
        Thread.sleep(forTimeInterval: 16)
        try Self.burst(service, seed: 12)
        _ = try prometheus.waitForValue(of: "count(count_over_time(commswatch_events_accepted_total[5m]) >= 3)", timeout: 60)

        // Every Prometheus query of every dashboard returns data.
        let dashboards = try Dashboards.load(from: repository.appendingPathComponent("grafana/dashboards"))
        #expect(dashboards.count == 6, "\(dashboards.map(\.file))")
        var empty: [String] = []
        for query in dashboards.flatMap(\.prometheusQueries) {
            if try prometheus.waitForResult(of: query.expr, timeout: 20) == nil { empty.append("\(query.where): \(query.expr)") }
        }
        #expect(empty.isEmpty, "queries with no data:\n\(empty.joined(separator: "\n"))\n\(prometheus.log)")

        // Every SQL query of the product dashboard runs on the database and returns rows.
        for query in dashboards.flatMap(\.sqlQueries) {
            let rows = try database.psql(query.sql(from: "now() - interval '7 days'", to: "now() + interval '1 day'"))
            #expect(!rows.isEmpty, "\(query.where) returned no rows: \(query.rawSQL)")
        }

        // The alert fires in Prometheus and in commswatch, and Alertmanager posts it to Slack.
        let alert = #"ALERTS{alertname="NotificationCapacityDrops",alertstate="firing"}"#
        #expect(try prometheus.waitForValue(of: alert, timeout: 90) == "1", "firing in Prometheus")
        let inService = try Self.waitFor(seconds: 60) {
            let answer = try JSONSerialization.jsonObject(with: Data(service.request("GET", "/api/v1/alerts").body)) as? [String: Any]
            let alerts = (answer?["data"] as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
            return alerts.contains { ($0["labels"] as? [String: String])?["alertname"] == "NotificationCapacityDrops" && $0["state"] as? String == "firing" }
        }
        let serviceAlerts = try service.request("GET", "/api/v1/alerts").bodyText
        #expect(inService, "firing in commswatch: \(serviceAlerts)")
        let slack = AlertmanagerEndToEndTests.waitFor(standIn, AlertmanagerProcess.slackPath, seconds: 90) {
            AlertmanagerEndToEndTests.title($0) == "NotificationCapacityDrops (firing)"
        }
        #expect(slack?["channel"] as? String == "#notif-oncall", "Slack stand-in got: \(standIn.accepted.map(\.path))\n\(alertmanager.log.suffix(2000))")
        #expect(standIn.strayCount == 0)
    }

    /// Synthetic events across the whole catalog (the real `commswatch send`), plus jobs dropped for
    /// lack of capacity.
    static func burst(_ service: ServiceProcess, seed: Int) throws {
        let send = try ExternalTool.run(
            ExecutableTests.binary.path,
            ["send", "--url", "http://127.0.0.1:\(service.port)", "--synthetic", "3000", "--batch", "500", "--seed", String(seed)])
        #expect(send.status == 0, "\(send.stdout)\(send.stderr)")
        let drops = (0..<3).map { index in
            #"{"event":"notification_job_completed","properties":{"job_id":"drop-\#(seed)-\#(index)","job_type":"booking-created","result":"dropped","wait_ms":5,"duration_ms":0,"failure_reason":"capacity"}}"#
        }
        let response = try service.request("POST", "/api/events", body: drops.joined(separator: "\n"), contentType: "application/x-ndjson")
        #expect(response.status == 202 && response.bodyText.contains(#""accepted":3"#), "\(response.bodyText)")
    }

    static func waitFor(seconds: Double, _ condition: () throws -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.5)
        }
        return false
    }
}
