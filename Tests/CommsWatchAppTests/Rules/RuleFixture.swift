import CommsWatchApp
import Foundation
import TestSupport

/// A rule file in a temporary directory and a service evaluating it every second, for the tests that
/// drive alerts through the HTTP API.
final class RuleFixture {
    static let queueRules = """
        groups:
          - name: queue
            rules:
              - alert: QueueBacklog
                expr: notification_queue_depth > 100
                for: 1s
                labels:
                  severity: page
                annotations:
                  summary: "Queue depth is {{ $value }} on {{ $labels.instance }}"
              - record: queue:depth:max
                expr: max(notification_queue_depth)
        """

    let directory: URL
    let file: URL
    let service: RunningService

    init(rules: String = RuleFixture.queueRules, configure: (inout AppConfiguration) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-rules-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        file = directory.appendingPathComponent("alerts.yml")
        try rules.write(to: file, atomically: true, encoding: .utf8)
        let path = file.path
        service = try RunningService { configuration in
            configuration.ruleFiles = [path]
            configuration.evaluationInterval = .seconds(1)
            configuration.externalURL = "http://commswatch.test"
            configure(&configuration)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func rewrite(_ rules: String) throws {
        try rules.write(to: file, atomically: true, encoding: .utf8)
    }

    func setQueueDepth(_ depth: Int) throws {
        try service.setQueueDepth(depth)
    }

    /// GETs `path` and decodes the JSON body into a dictionary.
    func json(_ path: String) throws -> [String: Any] {
        let response = try service.request("GET", path)
        guard let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw FixtureError("\(path) did not answer a JSON object: \(String(decoding: response.body, as: UTF8.self))")
        }
        return object
    }

    /// The firing alerts of `/api/v1/alerts`, polled until `condition` holds or 15 seconds pass.
    func pollAlerts(until condition: ([[String: Any]]) -> Bool) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(15)
        while true {
            let alerts = (try json("/api/v1/alerts")["data"] as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
            if condition(alerts) { return alerts }
            guard Date() < deadline else { throw FixtureError("alerts never reached the expected state: \(alerts)") }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// The names of the rules `/api/v1/rules` reports.
    func ruleNames() throws -> [String] {
        let groups = (try json("/api/v1/rules")["data"] as? [String: Any])?["groups"] as? [[String: Any]] ?? []
        return groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }.compactMap { $0["name"] as? String }
    }
}

extension RunningService {
    /// Ingests a `notification_queue_sampled` event, which sets `notification_queue_depth`.
    func setQueueDepth(_ depth: Int) throws {
        let event = "{\"event\": \"notification_queue_sampled\", \"properties\": {\"queue_depth\": \(depth)}}"
        let response = try post(json: event)
        guard response.bodyText.contains("\"accepted\":1") else { throw FixtureError("ingest answered \(response.bodyText)") }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
