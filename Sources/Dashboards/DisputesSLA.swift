extension DashboardSet {
    /// Seed 000's "Disputes SLA": deadlines, overdue cases, resolution times, outcomes and NPS.
    static func disputesSLA(_ context: Context) throws(DashboardError) -> Dashboard {
        let names = context.names
        let remaining = try names.metric("dispute_sla_remaining_seconds", labels: ["stat"])
        let overdue = try names.metric("dispute_cases_overdue", labels: ["owner"])
        let open = try names.metric("dispute_open_cases", labels: ["owner", "sla_bucket"])
        let resolutionTime = try names.histogram("dispute_resolution_time_seconds", labels: ["resolution"])
        let resolved = try names.metric("dispute_resolved_total", labels: ["resolution"])
        let opened = try names.metric("dispute_opened_total", labels: ["reason_category"])
        let nps = try names.histogram("dispute_nps_score", labels: ["role"])

        let overdueBreach = try context.alert("DisputeOverdueBreach", over: "dispute_cases_overdue")
        // The SLA buckets of dispute_open_cases (SPEC.md): overdue below 0, "<24h" below a day.
        let deadlines = Thresholds(
            base: "red",
            steps: [
                Thresholds.Step(value: 0, color: "orange", source: "overdue below 0", fromAlert: false),
                Thresholds.Step(value: 86400, color: "green", source: "sla_bucket <24h below 1 day", fromAlert: false),
            ]
        )

        let panels: [Panel] = [
            Panel(
                .stat, "Overdue disputes", unit: "short",
                description: "Open disputes past their SLA deadline, all owners: what DisputeOverdueBreach compares (for 10 minutes).",
                queries: [.prom("sum(\(overdue))", legend: "overdue", instant: true)], thresholds: .above([overdueBreach])
            ).size(6, 4),
            Panel(
                .stat, "Open disputes", unit: "short",
                description: "Disputes opened and not yet resolved, all owners and SLA buckets.",
                queries: [.prom("sum(\(open))", legend: "open", instant: true)]
            ).size(6, 4),
            Panel(
                .stat, "Nearest SLA deadline", unit: "s",
                description: "Time left to the nearest SLA deadline among open disputes; negative once a dispute is overdue.",
                queries: [.prom("min(\(remaining))", legend: "nearest deadline", instant: true)], thresholds: deadlines
            ).size(6, 4),
            Panel(
                .stat, "Resolved in range", unit: "short",
                description: "Disputes resolved over the dashboard's time range.",
                queries: [.prom("sum(increase(\(resolved)[$__range]))", legend: "resolved", instant: true)]
            ).size(6, 4),

            Panel(
                .timeSeries, "SLA countdown (min, avg)", unit: "s",
                description: "Seconds left to the SLA deadline over open disputes: the nearest deadline (min) and the average; negative once overdue.",
                queries: [.prom("min by (stat) (\(remaining))", legend: "{{stat}}")], thresholds: deadlines
            ),
            Panel(
                .timeSeries, "Overdue cases by owner", unit: "short",
                description: "Open disputes past their SLA deadline, by owner, stacked: the top of the stack is what DisputeOverdueBreach compares. Cases turn overdue as time passes, without an event.",
                queries: [.prom("sum by (owner) (\(overdue))", legend: "{{owner}}")], thresholds: .above([overdueBreach])
            ).range(min: 0).stacking(),
            Panel(
                .timeSeries, "Open cases by SLA bucket", unit: "short",
                description: "Open disputes by time left to their deadline: <24h, 24-48h, 48h+, overdue, or unknown while no deadline is known.",
                queries: [.prom("sum by (sla_bucket) (\(open))", legend: "{{sla_bucket}}")]
            ).range(min: 0).stacking(),
            Panel(
                .heatmap, "Resolution time", unit: "s",
                description: "Time from opening to resolution of the disputes resolved in each interval, as a heatmap of dispute_resolution_time_seconds buckets.",
                queries: [
                    .prom("sum by (le) (increase(\(resolutionTime.bucket)[$__rate_interval]))", legend: "{{le}}", format: .heatmap)
                ]
            ),
            Panel(
                .pieChart, "Outcome distribution", unit: "short",
                description: "Disputes resolved over the dashboard's time range by outcome: win_client, win_freelancer, split, cancelled.",
                queries: [.prom("sum by (resolution) (increase(\(resolved)[$__range]))", legend: "{{resolution}}", instant: true)]
            ),
            Panel(
                .timeSeries, "Resolution time p50 / p95 by outcome", unit: "s",
                description: "Median and 95th percentile time to resolution of the disputes resolved in the hour before each point, by outcome.",
                queries: [
                    .prom("histogram_quantile(0.5, sum by (le, resolution) (rate(\(resolutionTime.bucket)[1h])))", legend: "p50 {{resolution}}"),
                    .prom("histogram_quantile(0.95, sum by (le, resolution) (rate(\(resolutionTime.bucket)[1h])))", legend: "p95 {{resolution}}"),
                ]
            ).range(min: 0),
            Panel(
                .timeSeries, "NPS score after dispute (rolling 1h average)", unit: "none",
                description: "Average score (0-10) of the surveys submitted after a dispute closed, over the hour before each point, in all and by role. The NPS itself is on the Product analytics dashboard.",
                queries: [
                    .prom("sum(rate(\(nps.sum)[1h])) / sum(rate(\(nps.count)[1h]))", legend: "all roles"),
                    .prom("sum by (role) (rate(\(nps.sum)[1h])) / sum by (role) (rate(\(nps.count)[1h]))", legend: "{{role}}"),
                ]
            ).range(min: 0, max: 10),
            Panel(
                .timeSeries, "Disputes opened by reason", unit: "short",
                description: "Disputes opened in the hour before each point, by reason category.",
                queries: [.prom("sum by (reason_category) (increase(\(opened)[1h]))", legend: "{{reason_category}}")]
            ).range(min: 0).stacking(),
        ]
        return Dashboard(
            fileName: "disputes-sla.json", uid: "commswatch-disputes-sla", title: "Disputes SLA",
            description: "Disputes between client and freelancer: SLA deadlines, overdue cases, resolution times, outcomes and satisfaction. Generated by `commswatch dashboards`; do not edit by hand.",
            tags: [tag, "disputes"], panels: panels
        )
    }
}
