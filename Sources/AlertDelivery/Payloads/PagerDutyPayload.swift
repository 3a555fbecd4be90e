public import Foundation
internal import PrometheusModel

/// A PagerDuty Events API v2 event. The dedup key is derived from the alert's fingerprint, so the
/// resolve event closes the incident its trigger opened, and re-sent triggers do not open new ones.
public enum PagerDutyPayload {
    /// PagerDuty's limit on `payload.summary`.
    static let maxSummaryLength = 1024

    public static func request(_ notice: AlertNotice, routingKey: String, url: URL) -> OutgoingRequest {
        var event = Event(routingKey: routingKey, eventAction: "resolve", dedupKey: "commswatch-" + notice.fingerprint)
        if notice.status == .firing {
            let summary = notice.summaryOrName
            event.eventAction = "trigger"
            event.payload = Payload(
                summary: summary.utf16.count > maxSummaryLength ? summary.prefix(utf16Count: maxSummaryLength - 1) + "…" : summary,
                source: notice.labels["instance"] ?? notice.labels["job"] ?? "commswatch",
                severity: severity(notice.labels["severity"]),
                timestamp: GoTimeFormat.rfc3339(milliseconds: notice.startsAt),
                alertClass: notice.alertName,
                group: notice.labels["team"],
                customDetails: Details(labels: notice.labels, annotations: notice.annotations, value: notice.formattedValue))
            event.client = "commswatch"
            event.clientURL = notice.generatorURL.isEmpty ? nil : notice.generatorURL
        }
        return .json(url, encoding: event)
    }

    /// PagerDuty's four severities from the usual `severity` label values; anything else pages as `error`.
    private static func severity(_ label: String?) -> String {
        switch label?.lowercased() {
        case "sev1", "critical": return "critical"
        case "sev3", "warning": return "warning"
        case "info": return "info"
        default: return "error"
        }
    }

    /// A resolve carries only the first three fields.
    private struct Event: Encodable {
        var routingKey: String
        var eventAction: String
        var dedupKey: String
        var payload: Payload?
        var client: String?
        var clientURL: String?

        enum CodingKeys: String, CodingKey {
            case payload, client
            case routingKey = "routing_key"
            case eventAction = "event_action"
            case dedupKey = "dedup_key"
            case clientURL = "client_url"
        }
    }

    private struct Payload: Encodable {
        var summary: String
        var source: String
        var severity: String
        var timestamp: String
        var alertClass: String
        var group: String?
        var customDetails: Details

        enum CodingKeys: String, CodingKey {
            case summary, source, severity, timestamp, group
            case alertClass = "class"
            case customDetails = "custom_details"
        }
    }

    private struct Details: Encodable {
        var labels: [String: String]
        var annotations: [String: String]
        var value: String?
    }
}
