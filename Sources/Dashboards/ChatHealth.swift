extension DashboardSet {
    /// Seed 000's "Chat Health": WebSocket delivery latency, connections, errors, fallbacks, throughput.
    static func chatHealth(_ context: Context) throws(DashboardError) -> Dashboard {
        let names = context.names
        let latency = try names.histogram("chat_ws_delivery_latency_ms", labels: ["region"])
        let connections = try names.metric("chat_ws_active_connections", labels: ["region"])
        let reconnects = try names.metric("ws_reconnect_attempts_total")
        let perConnection = try names.histogram("ws_reconnect_attempts_per_connection", labels: ["region"])
        let errors = try names.metric("chat_ws_errors_total", labels: ["code"])
        let fallbacks = try names.metric("chat_fallback_sessions_total", labels: ["fallback"])
        let sessions = try names.metric("chat_sessions_total")
        let published = try names.metric("chat_messages_published_total", labels: ["message_kind"])
        let failures = try names.metric("chat_message_failures_total", labels: ["failure_code"])
        let firstReply = try names.histogram("chat_first_reply_latency_seconds")

        let latencyHigh = try context.alert("ChatWsLatencyHigh", over: "chat_ws_delivery_latency_ms")
        let latencySLO = try context.alert("ChatWsLatencySLO", over: "chat_ws_delivery_latency_ms")
        let storm = try context.alert("ChatWsDisconnectStorm", over: "ws_reconnect_attempts_total")
        let stormFallback = try context.alert("ChatWsDisconnectStorm", over: "chat_fallback_sessions_total")
        let errorsFire = try context.alert("ChatGatewayWsErrors", over: "chat_ws_errors_total", 0)
        let errorsResolve = try context.alert("ChatGatewayWsErrors", over: "chat_ws_errors_total", 1)
        let firstReplySLO = try context.alert("ChatFirstReplySLO", over: "chat_first_reply_latency_seconds")

        let p95 = "histogram_quantile(0.95, sum by (le) (rate(\(latency.bucket)[5m])))"
        let errorsPerMinute = "sum(rate(\(errors)[2m])) * 60"
        let fallbackShare = "sum(rate(\(fallbacks)[5m])) / sum(rate(\(sessions)[5m]))"

        let panels: [Panel] = [
            Panel(
                .stat, "Delivery p95 (5m)", unit: "ms",
                description: "95th percentile of WebSocket delivery latency over the last 5 minutes, all regions: what ChatWsLatencyHigh evaluates.",
                queries: [.prom(p95, legend: "p95", instant: true)], thresholds: .above([latencyHigh])
            ).size(6, 4),
            Panel(
                .stat, "Open connections", unit: "short",
                description: "WebSocket connections open right now, all regions (opened minus closed per client).",
                queries: [.prom("sum(\(connections))", legend: "connections", instant: true)]
            ).size(6, 4),
            Panel(
                .stat, "WebSocket errors per minute", unit: "cpm",
                description: "Abnormal close codes and message failures per minute over 2 minutes: what ChatGatewayWsErrors evaluates (fires above the upper line, resolves below the lower).",
                queries: [.prom(errorsPerMinute, legend: "errors/min", instant: true)], thresholds: .above([errorsFire, errorsResolve])
            ).size(6, 4),
            Panel(
                .stat, "Fallback share (5m)", unit: "percentunit",
                description: "Sessions that fell back from WebSocket to SSE or polling, as a share of sessions opened, over 5 minutes.",
                queries: [.prom(fallbackShare, legend: "fallback share", instant: true)],
                thresholds: .above([stormFallback], targets: [.fallbackShare])
            ).size(6, 4),

            Panel(
                .timeSeries, "Delivery latency p50 / p95 / p99 by region", unit: "ms",
                description: "Time from the server sending a message to its delivery to every client (chat_ws_delivery_latency_ms), over 5-minute windows as the alerts use: p95 and p99 of all regions, and each percentile per region.",
                queries: [
                    .prom(p95, legend: "p95 all regions"),
                    .prom("histogram_quantile(0.99, sum by (le) (rate(\(latency.bucket)[5m])))", legend: "p99 all regions"),
                    .prom("histogram_quantile(0.5, sum by (le, region) (rate(\(latency.bucket)[5m])))", legend: "p50 {{region}}"),
                    .prom("histogram_quantile(0.95, sum by (le, region) (rate(\(latency.bucket)[5m])))", legend: "p95 {{region}}"),
                    .prom("histogram_quantile(0.99, sum by (le, region) (rate(\(latency.bucket)[5m])))", legend: "p99 {{region}}"),
                ],
                thresholds: .above([latencyHigh, latencySLO])
            ).range(min: 0),
            Panel(
                .timeSeries, "Connections and reconnect attempts", unit: "short",
                description: "Left axis: open WebSocket connections by region. Right axis: reconnect attempts reported by connecting clients in the 5 minutes before each point, the first half of ChatWsDisconnectStorm.",
                queries: [
                    .prom("sum by (region) (\(connections))", legend: "{{region}} connections"),
                    .prom("sum(increase(\(reconnects)[5m]))", legend: "reconnect attempts / 5m"),
                ],
                thresholds: .above([storm])
            ).range(min: 0).overriding(.thresholds("A", nil), .rightAxis("B", unit: "short", lines: true)),
            Panel(
                .timeSeries, "WebSocket errors by code", unit: "cpm",
                description: "Abnormal close codes (not 1000/1001) and message failure codes per minute, over 2-minute windows, stacked: the top of the stack is what ChatGatewayWsErrors compares.",
                queries: [.prom("sum by (code) (rate(\(errors)[2m])) * 60", legend: "{{code}}")],
                thresholds: .above([errorsFire, errorsResolve])
            ).range(min: 0).stacking(),
            Panel(
                .timeSeries, "Fallback share: ws→sse, ws→poll", unit: "percentunit",
                description: "Sessions that fell back from WebSocket, by transport, as a share of all sessions opened, over 5 minutes. The norm is under 2 %; ChatWsDisconnectStorm needs more than its share together with a reconnect surge.",
                queries: [
                    .prom("sum by (fallback) (rate(\(fallbacks)[5m])) / ignoring (fallback) group_left sum(rate(\(sessions)[5m]))", legend: "ws→{{fallback}}"),
                    .prom(fallbackShare, legend: "all fallbacks"),
                ],
                thresholds: .above([stormFallback], targets: [.fallbackShare])
            ).range(min: 0),
            Panel(
                .timeSeries, "Message throughput", unit: "cpm",
                description: "Chat messages sent per minute (rate over 1 minute), in all and by message kind. No alert covers throughput; the line marks 1 message a minute, below which chat has most likely stopped.",
                queries: [
                    .prom("sum(rate(\(published)[1m])) * 60", legend: "all messages"),
                    .prom("sum by (message_kind) (rate(\(published)[1m])) * 60", legend: "{{message_kind}}"),
                ],
                thresholds: .target(.messageThroughputFloor)
            ).range(min: 0),
            Panel(
                .timeSeries, "Message failures by code", unit: "cpm",
                description: "Messages whose sending or moderation failed, per minute, by failure code (they also count as WebSocket errors).",
                queries: [.prom("sum by (failure_code) (rate(\(failures)[$__rate_interval])) * 60", legend: "{{failure_code}}")]
            ).range(min: 0).stacking(),
            Panel(
                .timeSeries, "First reply latency p50 / p95", unit: "s",
                description: "Time to the first reply in a thread over 1-hour windows, as ChatFirstReplySLO evaluates p95. Targets (seed 001): p50 at most 2 minutes, p95 at most 10 minutes.",
                queries: [
                    .prom("histogram_quantile(0.5, sum by (le) (rate(\(firstReply.bucket)[1h])))", legend: "p50"),
                    .prom("histogram_quantile(0.95, sum by (le) (rate(\(firstReply.bucket)[1h])))", legend: "p95"),
                ],
                thresholds: .above([firstReplySLO])
            ).range(min: 0).overriding(.thresholds("A", .target(.firstReplyP50))),
            Panel(
                .timeSeries, "Reconnect attempts per connection", unit: "short",
                description: "Average number of reconnect attempts before a connection was established, over 5 minutes, in all and by region (seed 001 target: at most 3 on average).",
                queries: [
                    .prom("sum(rate(\(perConnection.sum)[5m])) / sum(rate(\(perConnection.count)[5m]))", legend: "all regions"),
                    .prom("sum by (region) (rate(\(perConnection.sum)[5m])) / sum by (region) (rate(\(perConnection.count)[5m]))", legend: "{{region}}"),
                ],
                thresholds: .target(.reconnectsPerConnection)
            ).range(min: 0),
        ]
        return Dashboard(
            fileName: "chat-health.json", uid: "commswatch-chat-health", title: "Chat Health",
            description: "WebSocket chat delivery: latency percentiles, connections, errors, fallbacks and throughput. Generated by `commswatch dashboards`; do not edit by hand.",
            tags: [tag, "chat"], panels: panels
        )
    }
}
