import CommsWatchApp
import Foundation
import MetricRegistry
import TestSupport
import Testing

/// Rules evaluated in-process against the service's own series, seen through the Prometheus-style API.
@Suite(.serialized)
struct RuleEvaluationTests {
    @Test(.timeLimit(.minutes(5)))
    func queueBacklogFiresAndIsReported() throws {
        let fixture = try RuleFixture()
        try fixture.setQueueDepth(5200)
        let alerts = try fixture.pollAlerts { alerts in alerts.contains { $0["state"] as? String == "firing" } }
        let alert = try #require(alerts.first)
        #expect(alert["labels"] as? [String: String] == ["alertname": "QueueBacklog", "severity": "page"])
        #expect(alert["annotations"] as? [String: String] == ["summary": "Queue depth is 5200 on "])
        #expect(alert["value"] as? String == "5.2e+03")

        let rules = try fixture.json("/api/v1/rules")
        #expect(rules["status"] as? String == "success")
        let group = try #require(((rules["data"] as? [String: Any])?["groups"] as? [[String: Any]])?.first)
        #expect(group["name"] as? String == "queue")
        #expect(group["file"] as? String == fixture.file.path)
        #expect(group["interval"] as? Double == 1)
        let groupRules = try #require(group["rules"] as? [[String: Any]])
        #expect(groupRules.count == 2)
        let alerting = groupRules[0]
        #expect(alerting["type"] as? String == "alerting")
        #expect(alerting["health"] as? String == "ok")
        #expect(alerting["state"] as? String == "firing")
        #expect(alerting["query"] as? String == "notification_queue_depth > 100")
        #expect(alerting["duration"] as? Double == 1)
        #expect((alerting["alerts"] as? [[String: Any]])?.count == 1)
        #expect(groupRules[1]["type"] as? String == "recording")
        #expect(groupRules[1]["health"] as? String == "ok")

        let onlyRecording = try fixture.json("/api/v1/rules?type=record")
        let filtered = ((onlyRecording["data"] as? [String: Any])?["groups"] as? [[String: Any]])?.first?["rules"] as? [[String: Any]]
        #expect(filtered?.map { $0["name"] as? String } == ["queue:depth:max"])

        let query = try fixture.json("/api/v1/query?query=notification_queue_depth")
        #expect(query["status"] as? String == "success")
        let data = try #require(query["data"] as? [String: Any])
        #expect(data["resultType"] as? String == "vector")
        let result = try #require((data["result"] as? [[String: Any]])?.first)
        #expect(result["metric"] as? [String: String] == ["__name__": "notification_queue_depth"])
        let value = try #require(result["value"] as? [Any])
        #expect(value.count == 2 && value[0] is Double)
        #expect(value[1] as? String == "5200")

        let recorded = try fixture.json("/api/v1/query?query=queue%3Adepth%3Amax")
        let recordedValue = ((recorded["data"] as? [String: Any])?["result"] as? [[String: Any]])?.first?["value"] as? [Any]
        #expect(recordedValue?.last as? String == "5200", "recording rules write into the same store")

        let scrape = try fixture.service.samples()
        #expect(scrape["commswatch_rule_evaluation_duration_seconds_count{group=\"queue\"}"].map { $0 >= 1 } == true)
        #expect(scrape["commswatch_rule_group_last_evaluation_timestamp_seconds{group=\"queue\"}"].map { $0 > 0 } == true)
        #expect(fixture.service.logLines.contains { $0.contains("\"msg\":\"alert firing\"") && $0.contains("QueueBacklog") })
    }

    @Test func readyOnceRulesRun() throws {
        let fixture = try RuleFixture()
        #expect(try fixture.service.request("GET", "/readyz").status == 200)
    }

    @Test func badQueriesAreBadData() throws {
        let fixture = try RuleFixture()
        let response = try fixture.service.request("GET", "/api/v1/query?query=sum(")
        #expect(response.status == 400)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(body["status"] as? String == "error")
        #expect(body["errorType"] as? String == "bad_data")
        #expect(body["error"] is String)
        #expect(try fixture.service.request("GET", "/api/v1/rules?type=nonsense").status == 400)
    }

    @Test(.timeLimit(.minutes(5)))
    func brokenReloadKeepsTheOldRulesAndAFixedOneSwapsThem() throws {
        let fixture = try RuleFixture()
        try fixture.setQueueDepth(5200)
        _ = try fixture.pollAlerts { !$0.isEmpty }

        try fixture.rewrite("groups:\n  - name: queue\n    rules:\n      - alert: Broken\n        expr: sum(\n")
        let failed = try fixture.service.request("POST", "/-/reload")
        #expect(failed.status == 500)
        #expect(failed.bodyText.contains("Broken") || failed.bodyText.contains("alerts.yml"))
        #expect(try fixture.ruleNames() == ["QueueBacklog", "queue:depth:max"])
        #expect(fixture.service.logLines.contains { $0.contains("rule reload failed") })
        _ = try fixture.pollAlerts { !$0.isEmpty }

        try fixture.rewrite(RuleFixture.queueRules + "\n      - alert: QueueEmpty\n        expr: notification_queue_depth == 0\n")
        #expect(try fixture.service.request("POST", "/-/reload").status == 200)
        #expect(try fixture.ruleNames() == ["QueueBacklog", "queue:depth:max", "QueueEmpty"])
    }
}

/// `serve` refuses to start on rules it cannot load, naming the file and the problem.
struct BrokenRulesStartupTests {
    @Test func brokenRuleFileExitsOneWithTheError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-broken-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.yml")
        try "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try ExternalTool.run(
            ExecutableTests.binary.path,
            ["serve", "--listen", "127.0.0.1:0", "--data-dir", directory.appendingPathComponent("data").path, "--rules", file.path]
        )
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken.yml"))
        #expect(result.stderr.contains("invalid rules"))
    }
}

/// Without rule files the service still samples itself, so instant queries have something to answer.
struct QueryWithoutRulesTests {
    @Test(.timeLimit(.minutes(5)))
    func queriesWorkWithoutRules() throws {
        let service = try RunningService { $0.evaluationInterval = .seconds(1) }
        service.service.registry.counter(name: "commswatch_test_queried_total", help: "Set by the test.").labels().increment(by: 3)
        #expect(try service.request("GET", "/readyz").status == 200)
        let deadline = Date().addingTimeInterval(10)
        var body = ""
        while Date() < deadline {
            body = try service.request("GET", "/api/v1/query?query=commswatch_test_queried_total").bodyText
            if body.contains("\"3\"") { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(body.contains("\"value\":[") && body.contains(",\"3\"]"), "\(body)")
    }
}
