import AlertDelivery
import Foundation
import MetricRegistry
import PrometheusModel

/// The service's metrics about alert delivery (the counterparts of Prometheus's
/// `prometheus_notifications_*`), by receiver, so a receiver that stopped accepting shows on a scrape.
struct NotificationMetrics: Sendable {
    private let sent: CounterFamily
    private let failed: CounterFamily
    private let dropped: CounterFamily

    /// Every receiver's series exist from the start at 0, so a first failure shows as a rate.
    init(registry: MetricRegistry, receivers: [String]) {
        sent = registry.counter(
            name: "commswatch_notifications_sent_total", help: "Alert notifications the receiver confirmed with a 2xx answer.",
            labelNames: ["receiver"])
        failed = registry.counter(
            name: "commswatch_notifications_failed_total",
            help: "Attempts to send alert notifications that failed and will be retried (no answer, 5xx, 408, 429).",
            labelNames: ["receiver"])
        dropped = registry.counter(
            name: "commswatch_notifications_dropped_total",
            help: "Alert notifications the receiver rejected for good (4xx), moved to the dead-letter file.",
            labelNames: ["receiver"])
        for receiver in receivers {
            for family in [sent, failed, dropped] { _ = family.labels(receiver) }
        }
    }

    /// Counts and logs what the delivery workers report.
    func observer(log: EventLog) -> DeliveryObserver {
        DeliveryObserver(
            delivered: { receiver, count in sent.labels(receiver).increment(by: Double(count)) },
            failed: { receiver, reason, retryIn in
                failed.labels(receiver).increment()
                log.log(.warning, "alert notification failed; will retry", ["receiver": receiver, "error": reason, "retry_in": "\(retryIn)"])
            },
            deadLettered: { receiver, count, reason in
                dropped.labels(receiver).increment(by: Double(count))
                log.log(.error, "receiver rejected alert notifications; dead-lettered", ["receiver": receiver, "count": String(count), "reason": reason])
            },
            outboxFailed: { error in log.log(.error, "alert outbox write failed", ["error": error.description]) }
        )
    }
}

/// Each receiver's outbox depth and the age of its oldest pending notification, read at scrape time.
struct OutboxCollector: MetricCollector {
    let outbox: Outbox
    let receivers: [String]
    let now: @Sendable () -> Double

    func collect() -> [MetricFamilySnapshot] {
        let depths = Dictionary(outbox.depths().map { ($0.receiver, $0) }, uniquingKeysWith: { first, _ in first })
        let time = now()
        return [
            MetricFamilySnapshot(
                name: "commswatch_notification_outbox_depth", help: "Alert notifications waiting for their receiver.", type: .gauge,
                labelNames: ["receiver"], samples: receivers.map { ([$0], Double(depths[$0]?.count ?? 0)) }),
            MetricFamilySnapshot(
                name: "commswatch_notification_outbox_oldest_age_seconds",
                help: "How long the oldest waiting alert notification has waited, by receiver (0 when none waits).", type: .gauge,
                labelNames: ["receiver"],
                samples: receivers.map { receiver in
                    ([receiver], depths[receiver]?.oldestQueuedAt.map { max(0, time - Double($0) / 1000) } ?? 0)
                }),
        ]
    }
}
