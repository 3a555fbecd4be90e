extension DashboardSet {
    /// Seed 003's notification dispatcher dashboard: backlog and workers, job results, wait versus
    /// processing latency by job type, failure and drop rates with the four Slack alerts' lines.
    static func notificationPipeline(_ context: Context) throws(DashboardError) -> Dashboard {
        let names = context.names
        let queue = try names.metric("notification_queue_depth")
        let active = try names.metric("notification_active_jobs")
        let jobs = try names.metric("notification_jobs_total", labels: ["result", "job_type"])
        let wait = try names.histogram("notification_job_wait_duration_ms", labels: ["job_type"])
        let duration = try names.histogram("notification_job_duration_ms", labels: ["job_type"])
        let failures = try names.metric("notification_job_failures_total", labels: ["reason", "job_type"])
        let dropped = try names.metric("notification_jobs_dropped_total", labels: ["reason"])

        let backlogGrowth = try context.alert("NotificationBacklogGrowth", over: "notification_queue_depth")
        let backlog = try context.alert("NotificationQueueBacklog", over: "notification_queue_depth")
        let waitLatency = try context.alert("NotificationHighLatency", over: "notification_job_wait_duration_ms")
        let runLatency = try context.alert("NotificationHighLatency", over: "notification_job_duration_ms")
        let failureSpike = try context.alert("NotificationFailureSpike", over: "notification_job_failures_total")
        let capacityDrops = try context.alert("NotificationCapacityDrops", over: "notification_jobs_dropped_total")

        let panels: [Panel] = [
            Panel(
                .stat, "Backlog", unit: "short",
                description: "Jobs waiting in the dispatcher's queue now (the largest reported).",
                queries: [.prom("max(\(queue))", legend: "backlog", instant: true)], thresholds: .above([backlogGrowth, backlog])
            ).size(6, 4),
            Panel(
                .stat, "Active jobs", unit: "short",
                description: "Jobs executing right now, all instances.",
                queries: [.prom("sum(\(active))", legend: "active jobs", instant: true)]
            ).size(6, 4),
            Panel(
                .stat, "Failed jobs (5m)", unit: "short",
                description: "Jobs that failed permanently over 5 minutes: what NotificationFailureSpike compares.",
                queries: [.prom("sum(increase(\(failures)[5m]))", legend: "failed", instant: true)], thresholds: .above([failureSpike])
            ).size(6, 4),
            Panel(
                .stat, "Dropped jobs (5m)", unit: "short",
                description: "Jobs discarded before execution over 5 minutes, all reasons (NotificationCapacityDrops fires on any dropped for capacity).",
                queries: [.prom("sum(increase(\(dropped)[5m]))", legend: "dropped", instant: true)], thresholds: .above([capacityDrops])
            ).size(6, 4),

            Panel(
                .timeSeries, "Backlog and active jobs", unit: "short",
                description: "Left axis: the dispatcher's backlog, with NotificationBacklogGrowth's and NotificationQueueBacklog's lines. Right axis: jobs executing.",
                queries: [
                    .prom(queue, legend: "backlog {{instance}}"),
                    .prom(active, legend: "active jobs {{instance}}"),
                ],
                thresholds: .above([backlogGrowth, backlog])
            ).range(min: 0).overriding(.rightAxis("B", unit: "short")),
            Panel(
                .timeSeries, "Job results", unit: "cps",
                description: "Jobs finished per second by result (processed, failed, deduplicated, dropped), stacked.",
                queries: [.prom("sum by (result) (rate(\(jobs)[$__rate_interval]))", legend: "{{result}}")]
            ).range(min: 0).stacking(),
            Panel(
                .heatmap, "Queue wait", unit: "ms",
                description: "Time jobs waited in the queue before running, all job types, as a heatmap of notification_job_wait_duration_ms buckets.",
                queries: [.prom("sum by (le) (increase(\(wait.bucket)[$__rate_interval]))", legend: "{{le}}", format: .heatmap)]
            ),
            Panel(
                .heatmap, "Processing time", unit: "ms",
                description: "Processing time of jobs excluding queue wait, all job types, as a heatmap of notification_job_duration_ms buckets.",
                queries: [.prom("sum by (le) (increase(\(duration.bucket)[$__rate_interval]))", legend: "{{le}}", format: .heatmap)]
            ),
            Panel(
                .timeSeries, "Queue wait p95 by job type", unit: "ms",
                description: "95th percentile of queue wait over 5 minutes, by job type, as NotificationHighLatency evaluates it.",
                queries: [
                    .prom("histogram_quantile(0.95, sum by (le, job_type) (rate(\(wait.bucket)[5m])))", legend: "{{job_type}}")
                ],
                thresholds: .above([waitLatency])
            ).range(min: 0),
            Panel(
                .timeSeries, "Processing time p95 by job type", unit: "ms",
                description: "95th percentile of processing time over 5 minutes, by job type, as NotificationHighLatency evaluates it.",
                queries: [
                    .prom("histogram_quantile(0.95, sum by (le, job_type) (rate(\(duration.bucket)[5m])))", legend: "{{job_type}}")
                ],
                thresholds: .above([runLatency])
            ).range(min: 0),
            Panel(
                .timeSeries, "Failed jobs (5m) by job type and reason", unit: "short",
                description: "Jobs that failed permanently in the 5 minutes before each point, stacked: the top of the stack is what NotificationFailureSpike compares.",
                queries: [
                    .prom("sum by (job_type, reason) (increase(\(failures)[5m]))", legend: "{{job_type}}: {{reason}}")
                ],
                thresholds: .above([failureSpike])
            ).range(min: 0).stacking(),
            Panel(
                .timeSeries, "Dropped jobs (5m) by reason", unit: "short",
                description: "Jobs discarded before execution in the 5 minutes before each point, by reason, stacked. NotificationCapacityDrops fires as soon as any are dropped for capacity.",
                queries: [.prom("sum by (reason) (increase(\(dropped)[5m]))", legend: "{{reason}}")],
                thresholds: .above([capacityDrops])
            ).range(min: 0).stacking(),
            Panel(
                .timeSeries, "Failure rate by job type", unit: "percentunit",
                description: "Jobs that failed permanently per job finished, over 5 minutes, by job type.",
                queries: [
                    .prom("sum by (job_type) (rate(\(failures)[5m])) / sum by (job_type) (rate(\(jobs)[5m]))", legend: "{{job_type}}")
                ]
            ).range(min: 0),
            Panel(
                .pieChart, "Job results in range", unit: "short",
                description: "Jobs finished over the dashboard's time range, by result.",
                queries: [.prom("sum by (result) (increase(\(jobs)[$__range]))", legend: "{{result}}", instant: true)]
            ),
        ]
        return Dashboard(
            fileName: "notification-pipeline.json", uid: "commswatch-notification-pipeline", title: "Notification pipeline",
            description: "The notification dispatcher (seed 003): backlog, workers, job results, queue wait against processing time by job type, and failures and drops with the alert thresholds drawn in. Generated by `commswatch dashboards`; do not edit by hand.",
            tags: [tag, "notifications"], panels: panels
        )
    }
}
