import Foundation
import PromQL
import PrometheusModel
import Rules

/// The JSON objects of Prometheus's `/api/v1/rules` and `/api/v1/alerts`, field for field
/// (`web/api/v1` `RuleGroup`, `AlertingRule`, `RecordingRule`, `Alert`), so dashboards and tools
/// written against Prometheus read this service unchanged.
enum RulesAPIJSON {
    static func group(_ group: GroupSnapshot, rules: [RuleSnapshot]) -> [String: Any] {
        [
            "name": group.name,
            "file": group.file,
            "interval": Double(group.interval) / 1000,
            "limit": group.limit,
            "evaluationTime": group.evaluationDuration.inSeconds,
            "lastEvaluation": GoTimeFormat.rfc3339(milliseconds: group.lastEvaluation),
            "rules": rules.map(rule),
        ]
    }

    static func rule(_ rule: RuleSnapshot) -> [String: Any] {
        var object: [String: Any] = [
            "health": rule.status.health.rawValue,
            "evaluationTime": rule.status.evaluationDuration.inSeconds,
            "lastEvaluation": GoTimeFormat.rfc3339(milliseconds: rule.status.lastEvaluation),
        ]
        if let lastError = rule.status.lastError { object["lastError"] = lastError }
        switch rule.kind {
        case .alerting(let alerting, let state, let alerts):
            object["type"] = "alerting"
            object["name"] = alerting.name
            object["query"] = alerting.expression.expr.description
            object["duration"] = Double(alerting.holdDuration) / 1000
            object["keepFiringFor"] = Double(alerting.keepFiringFor) / 1000
            object["labels"] = labels(alerting.labels)
            object["annotations"] = labels(alerting.annotations)
            object["state"] = state.rawValue
            object["alerts"] = alerts.filter { $0.state != .inactive }.map(alert)
        case .recording(let recording):
            object["type"] = "recording"
            object["name"] = recording.name
            object["query"] = recording.expression.expr.description
            if !recording.labels.isEmpty { object["labels"] = labels(recording.labels) }
        }
        return object
    }

    static func alert(_ alert: Alert) -> [String: Any] {
        var object: [String: Any] = [
            "labels": labels(alert.labels),
            "annotations": Dictionary(alert.annotations.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
            "state": alert.state.rawValue,
            "activeAt": GoTimeFormat.rfc3339(milliseconds: alert.activeAt),
            "value": APIValueFormat.alertValue(alert.value),
        ]
        if let keepFiringSince = alert.keepFiringSince { object["keepFiringSince"] = GoTimeFormat.rfc3339(milliseconds: keepFiringSince) }
        return object
    }

    /// The response envelope, `{"status":"success","data":…}`.
    static func success(_ data: [String: Any]) -> [UInt8] {
        let object: [String: Any] = ["status": "success", "data": data]
        let bytes = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Array(bytes) + [UInt8(ascii: "\n")]
    }

    private static func labels(_ labels: Labels) -> [String: String] {
        Dictionary(labels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
    }
}
