extension DashboardSet {
    /// Seed 001's product metrics from PostgreSQL's `daily_stats` view (docs/ANALYTICS.md), with the
    /// seed's targets as thresholds.
    static func productAnalytics(_ context: Context) throws(DashboardError) -> Dashboard {
        // The one product target an alert also checks: first reply p95 (ChatFirstReplySLO).
        let firstReplySLO = try context.alert("ChatFirstReplySLO", over: "chat_first_reply_latency_seconds")

        func daily(_ columns: String) -> Query {
            .sql("SELECT day AS time, \(columns) FROM daily_stats WHERE $__timeFilter(day) ORDER BY day")
        }
        func overRange(_ columns: String) -> Query {
            .sql("SELECT \(columns) FROM daily_stats WHERE $__timeFilter(day)", format: .table)
        }
        let npsOverRange = overRange("sum(nps * nps_responses) / nullif(sum(nps_responses), 0) AS nps")

        let panels: [Panel] = [
            Panel(
                .stat, "Contract chat share", unit: "percentunit", datasource: .postgres,
                description: "Latest day: active contracts with at least one chat message in their threads, per active contract.",
                queries: [daily("contract_chat_share")], thresholds: .target(.contractChatShare)
            ).size(4, 4),
            Panel(
                .stat, "Chat → contract", unit: "percentunit", datasource: .postgres,
                description: "Latest day: contracts started from a chat per order or proposal chat created.",
                queries: [daily("chat_to_contract_conversion")], thresholds: .target(.chatToContractConversion)
            ).size(4, 4),
            Panel(
                .stat, "First reply p50", unit: "s", datasource: .postgres,
                description: "Latest day: median time to the first reply.",
                queries: [daily("first_reply_p50")], thresholds: .target(.firstReplyP50)
            ).size(4, 4),
            Panel(
                .stat, "First reply p95", unit: "s", datasource: .postgres,
                description: "Latest day: 95th percentile of the time to the first reply.",
                queries: [daily("first_reply_p95")], thresholds: .above([firstReplySLO])
            ).size(4, 4),
            Panel(
                .stat, "Dispute share", unit: "percentunit", datasource: .postgres,
                description: "Latest day: contracts closed with a dispute per contract closed.",
                queries: [daily("dispute_share")], thresholds: .target(.disputeShare)
            ).size(4, 4),
            Panel(
                .stat, "NPS after dispute", unit: "none", datasource: .postgres,
                description: "Net promoter score (-100 to 100) of every dispute survey in the time range: promoters (9-10) minus detractors (0-6), per 100 surveys.",
                queries: [npsOverRange], thresholds: .target(.disputeNPS)
            ).size(4, 4),

            Panel(
                .timeSeries, "Contract chat share", unit: "percentunit", datasource: .postgres,
                description: "Per UTC day: contracts active that day with at least one chat message in their threads, per active contract (daily_stats.contract_chat_share).",
                queries: [daily("contract_chat_share")], thresholds: .target(.contractChatShare)
            ).range(min: 0, max: 1),
            Panel(
                .timeSeries, "Chat → contract conversion", unit: "percentunit", datasource: .postgres,
                description: "Per UTC day: contracts started from a chat per order or proposal chat created (daily_stats.chat_to_contract_conversion).",
                queries: [daily("chat_to_contract_conversion")], thresholds: .target(.chatToContractConversion)
            ).range(min: 0),
            Panel(
                .timeSeries, "First reply p50 / p95", unit: "s", datasource: .postgres,
                description: "Per UTC day: median and 95th percentile of the first replies' latency. The p95 line is ChatFirstReplySLO's threshold; the p50 line the seed's target.",
                queries: [daily("first_reply_p50"), daily("first_reply_p95")], thresholds: .above([firstReplySLO])
            ).range(min: 0).overriding(.thresholds("A", .target(.firstReplyP50))),
            Panel(
                .timeSeries, "Dispute share", unit: "percentunit", datasource: .postgres,
                description: "Per UTC day: contracts closed that day that had a dispute, per contract closed (daily_stats.dispute_share).",
                queries: [daily("dispute_share")], thresholds: .target(.disputeShare)
            ).range(min: 0).fill(30),
            Panel(
                .timeSeries, "Dispute outcomes per day", unit: "short", datasource: .postgres,
                description: "Disputes resolved per UTC day by outcome, stacked.",
                queries: [
                    daily(
                        "disputes_win_client AS win_client, disputes_win_freelancer AS win_freelancer, disputes_split AS split, disputes_cancelled AS cancelled"
                    )
                ]
            ).range(min: 0).stacking().asBars(),
            Panel(
                .pieChart, "Dispute outcomes in range", unit: "short", datasource: .postgres,
                description: "Disputes resolved over the time range by outcome.",
                queries: [
                    overRange(
                        "sum(disputes_win_client) AS win_client, sum(disputes_win_freelancer) AS win_freelancer, sum(disputes_split) AS split, sum(disputes_cancelled) AS cancelled"
                    )
                ]
            ),
            Panel(
                .timeSeries, "NPS after dispute", unit: "none", datasource: .postgres,
                description: "Per UTC day: net promoter score of the dispute surveys (left axis; none on days without surveys) and the number of surveys (right axis).",
                queries: [daily("nps"), daily("nps_responses")], thresholds: .target(.disputeNPS)
            ).range(min: -100, max: 100).overriding(.rightAxis("B", unit: "short")),
            Panel(
                .timeSeries, "Chat → contract funnel", unit: "short", datasource: .postgres,
                description: "Per UTC day: order and proposal chats created, and contracts started from a chat.",
                queries: [daily("chats_with_proposal, contracts_from_chat")]
            ).range(min: 0).asBars(),
            Panel(
                .timeSeries, "Contracts", unit: "short", datasource: .postgres,
                description: "Per UTC day: contracts active and those with chat messages; contracts closed and those with a dispute.",
                queries: [daily("active_contracts, contracts_with_messages, closed_contracts, closed_with_dispute")]
            ).range(min: 0),
        ]
        var dashboard = Dashboard(
            fileName: "product-analytics.json", uid: "commswatch-product-analytics", title: "Product analytics",
            description: "Seed 001's product metrics per UTC day from PostgreSQL's daily_stats view (docs/ANALYTICS.md), against the seed's targets. Needs commswatch running with DATABASE_URL. Generated by `commswatch dashboards`; do not edit by hand.",
            tags: [tag, "analytics"], panels: panels
        )
        dashboard.timeFrom = "now-30d"
        dashboard.refresh = "5m"
        dashboard.timezone = "utc"
        return dashboard
    }
}
