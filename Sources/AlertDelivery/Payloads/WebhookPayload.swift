public import Foundation
internal import PrometheusModel

/// Alertmanager's webhook payload, version 4, so any webhook consumer written for Alertmanager
/// (chat bridges, ticketing hooks) can take commswatch's notifications unchanged.
public enum WebhookPayload {
    public static func request(_ notices: [AlertNotice], url: URL, receiver: String, context: RenderContext) -> OutgoingRequest {
        let alertNames = Set(notices.map { $0.labels["alertname"] })
        var groupLabels: [String: String] = [:]
        if alertNames.count == 1, let only = alertNames.first, let alertName = only {
            groupLabels["alertname"] = alertName
        }
        let message = Message(
            groupKey: "{}:" + labelSetString(groupLabels),
            status: notices.contains { $0.status == .firing } ? "firing" : "resolved",
            receiver: receiver, groupLabels: groupLabels,
            commonLabels: common(notices.map(\.labels)), commonAnnotations: common(notices.map(\.annotations)),
            externalURL: context.externalURL,
            alerts: notices.map { notice in
                Alert(
                    status: notice.status.rawValue, labels: notice.labels, annotations: notice.annotations,
                    startsAt: GoTimeFormat.rfc3339(milliseconds: notice.startsAt),
                    endsAt: GoTimeFormat.rfc3339(milliseconds: notice.endsAt),
                    generatorURL: notice.generatorURL, fingerprint: notice.fingerprint)
            })
        return .json(url, encoding: message)
    }

    private struct Message: Encodable {
        var version = "4"
        var groupKey: String
        var truncatedAlerts = 0
        var status: String
        var receiver: String
        var groupLabels: [String: String]
        var commonLabels: [String: String]
        var commonAnnotations: [String: String]
        var externalURL: String
        var alerts: [Alert]
    }

    private struct Alert: Encodable {
        var status: String
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: String
        var endsAt: String
        var generatorURL: String
        var fingerprint: String
    }

    /// The name-value pairs every set has.
    private static func common(_ sets: [[String: String]]) -> [String: String] {
        guard let first = sets.first else { return [:] }
        return sets.dropFirst().reduce(first) { common, set in common.filter { set[$0.key] == $0.value } }
    }

    /// Go's `model.LabelSet.String()`: `{a="1", b="2"}`, names sorted, values as `strconv.Quote` writes them.
    private static func labelSetString(_ labels: [String: String]) -> String {
        let pairs = labels.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { "\($0.key)=\(GoQuote.quote($0.value))" }
        return "{" + pairs.joined(separator: ", ") + "}"
    }
}
