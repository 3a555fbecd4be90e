import Foundation
import Testing

/// `/api/v1/rules` and `/api/v1/alerts` read with the keys and JSON types Prometheus's HTTP API
/// documents (web/api/v1: `RuleGroup`, `AlertingRule`, `RecordingRule`, `Alert`), the way a
/// Prometheus client would decode them.
@Suite(.serialized)
struct RulesAPIShapeTests {
    @Test(.timeLimit(.minutes(5)))
    func everyFieldHasPrometheusType() throws {
        let fixture = try RuleFixture()
        try fixture.setQueueDepth(5200)
        let alerts = try fixture.pollAlerts { $0.contains { $0["state"] as? String == "firing" } }
        for alert in alerts { try Self.checkAlert(alert) }

        let rules = try fixture.json("/api/v1/rules")
        #expect(rules["status"] as? String == "success")
        let groups = try #require((rules["data"] as? [String: Any])?["groups"] as? [[String: Any]])
        #expect(!groups.isEmpty)
        for group in groups {
            #expect(Set(group.keys) == ["name", "file", "interval", "limit", "evaluationTime", "lastEvaluation", "rules"])
            #expect(group["name"] is String && group["file"] is String)
            #expect(group["interval"] is NSNumber && group["limit"] is NSNumber && group["evaluationTime"] is NSNumber)
            try Self.checkTime(group["lastEvaluation"])
            for rule in try #require(group["rules"] as? [[String: Any]]) { try Self.checkRule(rule) }
        }
    }

    static func checkRule(_ rule: [String: Any]) throws {
        let common: Set<String> = ["name", "query", "health", "evaluationTime", "lastEvaluation", "type"]
        #expect(rule["name"] is String && rule["query"] is String)
        #expect(["ok", "err", "unknown"].contains(rule["health"] as? String ?? ""))
        #expect(rule["evaluationTime"] is NSNumber)
        try checkTime(rule["lastEvaluation"])
        if rule["lastError"] != nil { #expect(rule["lastError"] is String) }
        switch rule["type"] as? String {
        case "alerting":
            let keys = common.union(["duration", "keepFiringFor", "labels", "annotations", "state", "alerts"])
            #expect(Set(rule.keys).subtracting(["lastError"]) == keys)
            #expect(rule["duration"] is NSNumber && rule["keepFiringFor"] is NSNumber)
            #expect(rule["labels"] is [String: String] && rule["annotations"] is [String: String])
            #expect(["inactive", "pending", "firing"].contains(rule["state"] as? String ?? ""))
            for alert in try #require(rule["alerts"] as? [[String: Any]]) { try checkAlert(alert) }
        case "recording":
            #expect(Set(rule.keys).subtracting(["lastError", "labels"]) == common)
            if rule["labels"] != nil { #expect(rule["labels"] is [String: String]) }
        default:
            Issue.record("unknown rule type \(String(describing: rule["type"]))")
        }
    }

    static func checkAlert(_ alert: [String: Any]) throws {
        #expect(Set(alert.keys).subtracting(["keepFiringSince"]) == ["labels", "annotations", "state", "activeAt", "value"])
        #expect(alert["labels"] is [String: String] && alert["annotations"] is [String: String])
        #expect(["pending", "firing"].contains(alert["state"] as? String ?? ""))
        try checkTime(alert["activeAt"])
        if alert["keepFiringSince"] != nil { try checkTime(alert["keepFiringSince"]) }
        let value = try #require(alert["value"] as? String)
        #expect(value.wholeMatch(of: /-?\d(\.\d+)?e[+-]\d{2,3}|NaN|[+-]Inf/) != nil, "Go %e: \(value)")
    }

    /// Go's RFC 3339 encoding of a `time.Time`, as JSON strings.
    static func checkTime(_ value: Any?) throws {
        let text = try #require(value as? String)
        #expect(text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z/) != nil, "RFC 3339: \(text)")
    }
}
