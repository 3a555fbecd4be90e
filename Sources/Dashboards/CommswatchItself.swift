extension DashboardSet {
    /// The service's own health: ingest, HTTP and scrapes, journal writes, rule evaluation, alerts,
    /// alert delivery and the process.
    static func commswatchItself(_ context: Context) throws(DashboardError) -> Dashboard {
        let names = context.names
        let accepted = try names.own("commswatch_events_accepted_total", labels: ["event"])
        let rejected = try names.own("commswatch_events_rejected_total", labels: ["reason"])
        let duplicates = try names.own("commswatch_events_duplicate_total", labels: ["event"])
        let requests = try names.own("commswatch_http_requests_total", labels: ["route", "code"])
        let latency = try names.ownHistogram("commswatch_http_request_duration_seconds", labels: ["route"])
        let size = try names.ownHistogram("commswatch_http_response_size_bytes", labels: ["route"])
        let storeWrites = try names.ownHistogram("commswatch_event_store_write_duration_seconds")
        let ruleDuration = try names.ownHistogram("commswatch_rule_evaluation_duration_seconds", labels: ["group"])
        let ruleFailures = try names.own("commswatch_rule_evaluation_failures_total")
        let lastEvaluation = try names.own("commswatch_rule_group_last_evaluation_timestamp_seconds", labels: ["group"])
        let ruleAlerts = try names.own("commswatch_rule_alerts", labels: ["group", "state"])
        let prometheusAlerts = try names.own("ALERTS", labels: ["alertstate"])
        let outboxDepth = try names.own("commswatch_notification_outbox_depth", labels: ["receiver"])
        let outboxAge = try names.own("commswatch_notification_outbox_oldest_age_seconds", labels: ["receiver"])
        let sent = try names.own("commswatch_notifications_sent_total", labels: ["receiver"])
        let sendFailures = try names.own("commswatch_notifications_failed_total", labels: ["receiver"])
        let overflow = try names.own("commswatch_metric_series_overflow_total")
        let cpu = try names.own("process_cpu_seconds_total")
        let memory = try names.own("process_resident_memory_bytes")
        let openFiles = try names.own("process_open_fds")

        // The scrape is the request Prometheus makes; the route label is the path the router matched.
        let scrape = "{route=\"/api/metrics/prometheus\"}"
        // Process metrics carry no service label, and Prometheus, Alertmanager and commswatch all
        // export them: keep the targets that also export commswatch's own request counter.
        let onlyCommswatch = "and on (job, instance) group by (job, instance) (\(requests))"
        let firingInPrometheus = "count(\(prometheusAlerts){alertstate=\"firing\"}) or vector(0)"

        let panels: [Panel] = [
            Panel(
                .stat, "Events accepted", unit: "cps",
                description: "Events accepted and applied to metrics per second, over 5 minutes.",
                queries: [.prom("sum(rate(\(accepted)[5m]))", legend: "accepted", instant: true)]
            ).size(4, 4),
            Panel(
                .stat, "Events rejected", unit: "cps",
                description: "Events refused per second, over 5 minutes, all reasons.",
                queries: [.prom("sum(rate(\(rejected)[5m]))", legend: "rejected", instant: true)]
            ).size(4, 4),
            Panel(
                .stat, "Alerts firing (Prometheus)", unit: "short",
                description: "Alerts firing in Prometheus's own evaluation of prometheus/alerts.yml (its ALERTS series), 0 when none.",
                queries: [.prom(firingInPrometheus, legend: "firing", instant: true)]
            ).size(4, 4),
            Panel(
                .stat, "Scrape p99", unit: "s",
                description: "99th percentile time to answer /api/metrics/prometheus over 5 minutes.",
                queries: [
                    .prom("histogram_quantile(0.99, sum by (le) (rate(\(latency.bucket)\(scrape)[5m])))", legend: "p99", instant: true)
                ]
            ).size(4, 4),
            Panel(
                .stat, "Alert outbox", unit: "short",
                description: "Alert notifications waiting for their receiver, all receivers.",
                queries: [.prom("sum(\(outboxDepth))", legend: "waiting", instant: true)]
            ).size(4, 4),
            Panel(
                .stat, "Resident memory", unit: "bytes",
                description: "Resident memory of the commswatch process.",
                queries: [.prom("max(\(memory) \(onlyCommswatch))", legend: "RSS", instant: true)]
            ).size(4, 4),

            Panel(
                .timeSeries, "Ingest rate by event", unit: "cps",
                description: "Events accepted and applied to metrics per second, by event name, stacked.",
                queries: [.prom("sum by (event) (rate(\(accepted)[$__rate_interval]))", legend: "{{event}}")]
            ).range(min: 0).stacking(),
            Panel(
                .timeSeries, "Rejected events by reason", unit: "cps",
                description: "Events refused per second, by reason code (the `code` of the JSON error), stacked.",
                queries: [.prom("sum by (reason) (rate(\(rejected)[$__rate_interval]))", legend: "{{reason}}")]
            ).range(min: 0).stacking(),
            Panel(
                .timeSeries, "Duplicate events by event", unit: "cps",
                description: "Events acknowledged as duplicates of one already seen (same idempotency key) per second, by event name.",
                queries: [.prom("sum by (event) (rate(\(duplicates)[$__rate_interval]))", legend: "{{event}}")]
            ).range(min: 0).stacking(),
            Panel(
                .timeSeries, "Requests by route and status", unit: "reqps",
                description: "HTTP requests answered per second, by route and status code.",
                queries: [.prom("sum by (route, code) (rate(\(requests)[$__rate_interval]))", legend: "{{route}} {{code}}")]
            ).range(min: 0),
            Panel(
                .timeSeries, "Request latency by route", unit: "s",
                description: "Time from a complete request to its encoded response: p50 and p99 by route.",
                queries: [
                    .prom("histogram_quantile(0.5, sum by (le, route) (rate(\(latency.bucket)[$__rate_interval])))", legend: "p50 {{route}}"),
                    .prom("histogram_quantile(0.99, sum by (le, route) (rate(\(latency.bucket)[$__rate_interval])))", legend: "p99 {{route}}"),
                ]
            ).range(min: 0),
            Panel(
                .timeSeries, "Scrape duration", unit: "s",
                description: "Time to render and encode /api/metrics/prometheus for a scrape: p50, p99 and the mean.",
                queries: [
                    .prom("histogram_quantile(0.5, sum by (le) (rate(\(latency.bucket)\(scrape)[5m])))", legend: "p50"),
                    .prom("histogram_quantile(0.99, sum by (le) (rate(\(latency.bucket)\(scrape)[5m])))", legend: "p99"),
                    .prom("sum(rate(\(latency.sum)\(scrape)[5m])) / sum(rate(\(latency.count)\(scrape)[5m]))", legend: "mean"),
                ]
            ).range(min: 0),
            Panel(
                .timeSeries, "Scrape size", unit: "bytes",
                description: "Size of the /api/metrics/prometheus response body as sent (compressed when gzip was negotiated): the mean and p99.",
                queries: [
                    .prom("sum(rate(\(size.sum)\(scrape)[5m])) / sum(rate(\(size.count)\(scrape)[5m]))", legend: "mean"),
                    .prom("histogram_quantile(0.99, sum by (le) (rate(\(size.bucket)\(scrape)[5m])))", legend: "p99"),
                ]
            ).range(min: 0),
            Panel(
                .timeSeries, "Event store write time (journal lag)", unit: "s",
                description: "Time to make a batch of events durable (journal or PostgreSQL) before they are acknowledged: p50, p99 and the mean.",
                queries: [
                    .prom("histogram_quantile(0.5, sum by (le) (rate(\(storeWrites.bucket)[$__rate_interval])))", legend: "p50"),
                    .prom("histogram_quantile(0.99, sum by (le) (rate(\(storeWrites.bucket)[$__rate_interval])))", legend: "p99"),
                    .prom("sum(rate(\(storeWrites.sum)[$__rate_interval])) / sum(rate(\(storeWrites.count)[$__rate_interval]))", legend: "mean"),
                ]
            ).range(min: 0),
            Panel(
                .timeSeries, "Rule evaluation time by group", unit: "s",
                description: "Time taken to evaluate each rule group of prometheus/alerts.yml in-process: p99 and the mean per group.",
                queries: [
                    .prom("histogram_quantile(0.99, sum by (le, group) (rate(\(ruleDuration.bucket)[5m])))", legend: "p99 {{group}}"),
                    .prom("sum by (group) (rate(\(ruleDuration.sum)[5m])) / sum by (group) (rate(\(ruleDuration.count)[5m]))", legend: "mean {{group}}"),
                ]
            ).range(min: 0),
            Panel(
                .timeSeries, "Rule evaluation age and failures", unit: "s",
                description: "Left axis: seconds since each rule group was last evaluated (a stuck evaluator shows as a rising line). Right axis: rule evaluations that failed in the last 5 minutes.",
                queries: [
                    .prom("time() - max by (group) (\(lastEvaluation))", legend: "{{group}} age"),
                    .prom("sum(increase(\(ruleFailures)[5m])) or vector(0)", legend: "failed evaluations / 5m"),
                ]
            ).range(min: 0).overriding(.rightAxis("B", unit: "short")),
            Panel(
                .timeSeries, "Alerts by group and state", unit: "short",
                description: "Alerts of the in-process rule evaluation by group and state (pending, firing), and alerts firing in Prometheus's evaluation of the same file: the two should agree.",
                queries: [
                    .prom("sum by (group, state) (\(ruleAlerts))", legend: "commswatch {{group}} {{state}}"),
                    .prom(firingInPrometheus, legend: "Prometheus firing"),
                ]
            ).range(min: 0),
            Panel(
                .timeSeries, "Alert notifications sent and failed", unit: "cps",
                description: "Alert notifications receivers confirmed, and attempts that failed and will be retried, per second by receiver.",
                queries: [
                    .prom("sum by (receiver) (rate(\(sent)[$__rate_interval]))", legend: "sent {{receiver}}"),
                    .prom("sum by (receiver) (rate(\(sendFailures)[$__rate_interval]))", legend: "failed {{receiver}}"),
                ]
            ).range(min: 0),
            Panel(
                .timeSeries, "Alert outbox", unit: "short",
                description: "Left axis: alert notifications waiting for each receiver. Right axis: how long the oldest of them has waited.",
                queries: [
                    .prom("sum by (receiver) (\(outboxDepth))", legend: "waiting {{receiver}}"),
                    .prom("max by (receiver) (\(outboxAge))", legend: "oldest {{receiver}}"),
                ]
            ).range(min: 0).overriding(.rightAxis("B", unit: "s")),
            Panel(
                .timeSeries, "CPU", unit: "short",
                description: "CPU time used by the commswatch process, in cores.",
                queries: [.prom("rate(\(cpu)[$__rate_interval]) \(onlyCommswatch)", legend: "{{instance}}")]
            ).range(min: 0),
            Panel(
                .timeSeries, "Memory and open files", unit: "bytes",
                description: "Left axis: resident memory of the commswatch process. Right axis: its open file descriptors (connections, journal segments).",
                queries: [
                    .prom("\(memory) \(onlyCommswatch)", legend: "RSS {{instance}}"),
                    .prom("\(openFiles) \(onlyCommswatch)", legend: "open fds {{instance}}"),
                ]
            ).range(min: 0).overriding(.rightAxis("B", unit: "short")),
            Panel(
                .timeSeries, "Series folded at the limit", unit: "short",
                description: "Lookups of new label sets folded into a metric's overflow series in the last 5 minutes (a sender exceeding the per-metric series limit), 0 when none.",
                queries: [.prom("sum(increase(\(overflow)[5m])) or vector(0)", legend: "folded / 5m")]
            ).range(min: 0),
        ]
        return Dashboard(
            fileName: "commswatch.json", uid: "commswatch-self", title: "commswatch",
            description: "commswatch itself: ingest, HTTP and scrapes, journal writes, in-process rule evaluation and alerts, alert delivery, and the process. Generated by `commswatch dashboards`; do not edit by hand.",
            tags: [tag, "self"], panels: panels
        )
    }
}
