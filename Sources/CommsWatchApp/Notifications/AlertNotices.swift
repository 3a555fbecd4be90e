import AlertDelivery
import PrometheusModel
import Rules

/// Turns the rules' alerts into notices the way Prometheus's notifier fills Alertmanager's alert:
/// `startsAt` is when the alert became active, `endsAt` its resolution or how long the notice is
/// valid, and `generatorURL` links to the rule's expression in the expression browser.
enum AlertNotices {
    static func notices(_ alerts: [Alert], expression: String, externalURL: String) -> [AlertNotice] {
        let generatorURL = externalURL + "/graph?g0.expr=" + queryEscape(expression) + "&g0.tab=1"
        return alerts.map { alert in
            AlertNotice(
                status: alert.state == .inactive ? .resolved : .firing,
                labels: Dictionary(alert.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                annotations: Dictionary(alert.annotations.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                startsAt: alert.activeAt, endsAt: alert.endsAt, generatorURL: generatorURL, value: alert.value
            )
        }
    }

    /// Go's `url.QueryEscape`: unreserved bytes stay, a space becomes `+`, everything else `%XX`.
    static func queryEscape(_ text: String) -> String {
        var escaped = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                escaped += "+"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                escaped += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return escaped
    }
}
