import CommsWatchApp
import Foundation
import TestSupport
import Testing

/// A pending alert survives a restart: its `for` state is saved in the data directory and restored,
/// so the time already spent pending still counts (Prometheus's `RestoreForState`).
struct ForStateRestartTests {
    static let rules = """
        groups:
          - name: queue
            rules:
              - alert: QueueBacklog
                expr: notification_queue_depth > 100
                for: 30m
        """

    @Test(.timeLimit(.minutes(5)))
    func pendingAlertKeepsItsActiveAtAcrossARestart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-restart-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rulesFile = directory.appendingPathComponent("alerts.yml")
        try Self.rules.write(to: rulesFile, atomically: true, encoding: .utf8)
        let dataDirectory = directory.appendingPathComponent("data")
        let stateFile = dataDirectory.appendingPathComponent("alerts-for-state.json")

        let firstActiveAt: Date
        do {
            let first = try Self.start(rules: rulesFile, data: dataDirectory)
            try first.setQueueDepth(5200)
            firstActiveAt = try Self.pollActiveAt(first) { _ in true }
            try Self.poll("the for-state file to name the alert") {
                (try? String(contentsOf: stateFile, encoding: .utf8))?.contains("QueueBacklog") == true
                    && Date().timeIntervalSince(firstActiveAt) > 3
            }
        }

        let restartedAt = Date()
        let second = try Self.start(rules: rulesFile, data: dataDirectory)
        try second.setQueueDepth(5200)
        let restored = try Self.pollActiveAt(second) { $0 < restartedAt }
        #expect(restored > firstActiveAt)
        #expect(second.logLines.contains { $0.contains("alert for-state found") })
    }

    @Test func anUnreadableStateFileIsReportedAndAlertsStartAfresh() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-restart-\(UUID())")
        let dataDirectory = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rulesFile = directory.appendingPathComponent("alerts.yml")
        try Self.rules.write(to: rulesFile, atomically: true, encoding: .utf8)
        try "{not json".write(to: dataDirectory.appendingPathComponent("alerts-for-state.json"), atomically: true, encoding: .utf8)
        let service = try Self.start(rules: rulesFile, data: dataDirectory)
        #expect(service.logLines.contains { $0.contains("alert for-state unreadable") })
        #expect(service.service.rules.isRunning)
    }

    private static func start(rules: URL, data: URL) throws -> RunningService {
        try RunningService { configuration in
            configuration.ruleFiles = [rules.path]
            configuration.evaluationInterval = .milliseconds(500)
            configuration.dataDirectory = data.path
        }
    }

    /// The alert's `activeAt` from `/api/v1/alerts`, polled until `accept` takes it.
    private static func pollActiveAt(_ service: RunningService, accept: @escaping (Date) -> Bool) throws -> Date {
        var found: Date?
        try poll("an activeAt that fits") {
            let response = try service.request("GET", "/api/v1/alerts")
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            let alerts = (object?["data"] as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            guard let text = alerts.first?["activeAt"] as? String,
                let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text), accept(date)
            else { return false }
            found = date
            return true
        }
        return found!
    }

    private static func poll(_ what: String, until condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(20)
        while try !condition() {
            guard Date() < deadline else { throw FixtureError("timed out waiting for \(what)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }
}
