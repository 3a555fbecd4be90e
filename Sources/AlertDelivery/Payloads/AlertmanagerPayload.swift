public import Foundation
internal import PrometheusModel

/// Alertmanager's `POST /api/v2/alerts` (a list of the OpenAPI `postableAlert`), shaped as Prometheus's
/// notifier sends it, so Alertmanager treats commswatch like any Prometheus server.
public enum AlertmanagerPayload {
    /// `alertmanager` is the base URL; a path prefix it has (`http://am:9093/prefix`) is kept.
    public static func request(_ notices: [AlertNotice], alertmanager: URL) -> OutgoingRequest {
        let alerts = notices.map { notice in
            Alert(
                labels: notice.labels, annotations: notice.annotations, startsAt: GoTimeFormat.rfc3339(milliseconds: notice.startsAt),
                endsAt: notice.endsAt.map { GoTimeFormat.rfc3339(milliseconds: $0) },
                generatorURL: notice.generatorURL.isEmpty ? nil : notice.generatorURL)
        }
        return .json(alertmanager.appending(path: "api/v2/alerts"), encoding: alerts)
    }

    /// Optional fields are left out when nil, as Prometheus leaves out an empty `generatorURL`.
    private struct Alert: Encodable {
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: String
        var endsAt: String?
        var generatorURL: String?
    }
}
