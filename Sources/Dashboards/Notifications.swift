extension DashboardSet {
    /// Seed 000's "Notifications": delivery success and drops by channel, failures, queue, retries.
    static func notifications(_ context: Context) throws(DashboardError) -> Dashboard {
        let names = context.names
        let attempted = try names.metric("notification_attempted_total", labels: ["channel"])
        let delivered = try names.metric("notification_delivered_total", labels: ["channel"])
        let dropped = try names.metric("notification_dropped_total", labels: ["channel", "reason"])
        let failed = try names.metric("notification_delivery_failed_total", labels: ["channel", "error_code", "template"])
        let retries = try names.histogram("notification_retry_count")
        let queue = try names.metric("notification_queue_depth")

        let deliveryDrop = try context.alert("NotificationDeliveryDrop", over: "notification_delivered_total")
        let workerErrors = try context.alert("NotificationWorkerDeliveryErrors", over: "notification_delivery_failed_total")
        let failureSLO = try context.alert("NotificationDeliveryFailureSLO", over: "notification_delivery_failed_total")
        let backlog = try context.alert("NotificationQueueBacklog", over: "notification_queue_depth")
        let backlogGrowth = try context.alert("NotificationBacklogGrowth", over: "notification_queue_depth")

        let successByChannel = "sum by (channel) (rate(\(delivered)[15m])) / sum by (channel) (rate(\(attempted)[15m]))"
        let panels: [Panel] = [
            Panel(
                .stat, "Delivery success (15m)", unit: "percentunit",
                description: "Notifications delivered per notification scheduled over 15 minutes, by channel: what NotificationDeliveryDrop compares (for 15 minutes).",
                queries: [.prom(successByChannel, legend: "{{channel}}", instant: true)], thresholds: .below(deliveryDrop)
            ).size(8, 4),
            Panel(
                .stat, "Delivery failures (5m)", unit: "short",
                description: "Failed delivery attempts over 5 minutes, all channels: what NotificationWorkerDeliveryErrors compares.",
                queries: [.prom("sum(increase(\(failed)[5m]))", legend: "failures", instant: true)], thresholds: .above([workerErrors])
            ).size(8, 4),
            Panel(
                .stat, "Queue depth", unit: "short",
                description: "Current size of the dispatcher backlog.",
                queries: [.prom("max(\(queue))", legend: "queue depth", instant: true)], thresholds: .above([backlogGrowth, backlog])
            ).size(8, 4),

            Panel(
                .timeSeries, "Delivery success by channel", unit: "percentunit",
                description: "Notifications delivered per notification scheduled, by channel, over 15-minute windows as NotificationDeliveryDrop uses; it fires below the line.",
                queries: [.prom(successByChannel, legend: "{{channel}}")], thresholds: .below(deliveryDrop)
            ),
            Panel(
                .timeSeries, "Drop rate by channel", unit: "percentunit",
                description: "Notifications dropped before sending (unsubscribed, throttled, blocked) per notification scheduled, by channel, over 15 minutes.",
                queries: [.prom("sum by (channel) (rate(\(dropped)[15m])) / sum by (channel) (rate(\(attempted)[15m]))", legend: "{{channel}}")],
                thresholds: .target(.notificationDropRate)
            ).range(min: 0),
            Panel(
                .timeSeries, "Delivery failures by channel (5m)", unit: "short",
                description: "Failed delivery attempts in the 5 minutes before each point, by channel, stacked: the top of the stack is what NotificationWorkerDeliveryErrors compares.",
                queries: [.prom("sum by (channel) (increase(\(failed)[5m]))", legend: "{{channel}}")], thresholds: .above([workerErrors])
            ).range(min: 0).stacking(),
            Panel(
                .timeSeries, "Delivery failure ratio (1 day)", unit: "percentunit",
                description: "Failed delivery attempts per notification scheduled over the day before each point, in all (what NotificationDeliveryFailureSLO compares) and by channel.",
                queries: [
                    .prom("sum(increase(\(failed)[1d])) / sum(increase(\(attempted)[1d]))", legend: "all channels"),
                    .prom("sum by (channel) (increase(\(failed)[1d])) / sum by (channel) (increase(\(attempted)[1d]))", legend: "{{channel}}"),
                ],
                thresholds: .above([failureSLO])
            ).range(min: 0),
            Panel(
                .table, "Failures by channel and error code", unit: "short",
                description: "Failed delivery attempts over the dashboard's time range by channel, error code and template, most first.",
                queries: [
                    .prom("sum by (channel, error_code, template) (increase(\(failed)[$__range]))", format: .table, instant: true)
                ]
            ),
            Panel(
                .timeSeries, "Queue depth", unit: "short",
                description: "Current size of the dispatcher backlog, per reporting instance (NotificationBacklogGrowth and NotificationQueueBacklog compare each).",
                queries: [.prom(queue, legend: "queue depth {{instance}}")], thresholds: .above([backlogGrowth, backlog])
            ).range(min: 0),
            Panel(
                .heatmap, "Retry heatmap", unit: "short",
                description: "Retry count of the failed delivery attempts in each interval, as a heatmap of notification_retry_count buckets.",
                queries: [.prom("sum by (le) (increase(\(retries.bucket)[$__rate_interval]))", legend: "{{le}}", format: .heatmap)]
            ),
            Panel(
                .timeSeries, "Scheduled and delivered by channel", unit: "cps",
                description: "Notifications scheduled and delivered per second, by channel.",
                queries: [
                    .prom("sum by (channel) (rate(\(attempted)[$__rate_interval]))", legend: "scheduled {{channel}}"),
                    .prom("sum by (channel) (rate(\(delivered)[$__rate_interval]))", legend: "delivered {{channel}}"),
                ]
            ).range(min: 0),
            Panel(
                .timeSeries, "Drops by reason", unit: "cps",
                description: "Notifications dropped before sending per second, by channel and reason.",
                queries: [.prom("sum by (channel, reason) (rate(\(dropped)[$__rate_interval]))", legend: "{{channel}}: {{reason}}")]
            ).range(min: 0).stacking(),
        ]
        return Dashboard(
            fileName: "notifications.json", uid: "commswatch-notifications", title: "Notifications",
            description: "E-mail and web-push notification delivery: success and drop rates by channel, failures, queue depth and retries. Generated by `commswatch dashboards`; do not edit by hand.",
            tags: [tag, "notifications"], panels: panels
        )
    }
}
