import CommsWatchApp
import Foundation
import TestSupport
import Testing

/// The exposition with every catalog metric populated still passes promtool: the only notes allowed are
/// the "abbreviated units" ones on the seeds' `_ms` names, which SPEC.md keeps for compatibility.
struct CatalogExpositionTests {
    @Test func populatedCatalogLintsCleanExceptTheSeedsMillisecondNames() throws {
        let running = try RunningService { $0.metricPrefix = "plannivo_" }
        let events = """
            {"event": "chat_message_delivered", "properties": {"message_id": "m", "delivery_latency_ms": 5, "delivery_channel": "ws"}}
            {"event": "chat_message_sent", "properties": {"message_id": "m", "thread_id": "t", "sender_role": "client", "message_kind": "text", "first_response": true, "reply_latency_sec": 3}}
            {"event": "ws_connection_opened", "properties": {"client_id": "c", "connection_region": "eu", "reconnect_attempts": 1}}
            {"event": "dispute_opened", "properties": {"dispute_id": "d", "contract_id": "c", "initiator_role": "client", "reason_category": "quality", "sla_remaining_sec": 60}}
            {"event": "dispute_resolved", "properties": {"dispute_id": "x", "resolution": "split", "resolution_time_sec": 5}}
            {"event": "dispute_nps_submitted", "properties": {"dispute_id": "x", "score": 8, "role": "client"}}
            {"event": "notification_delivery_failed", "properties": {"notification_id": "n", "channel": "email", "error_code": "5xx", "retry_count": 1}}
            {"event": "notification_job_completed", "properties": {"job_type": "j", "result": "failed", "wait_ms": 1, "duration_ms": 2}}
            """
        let response = try running.post("/api/events", Array(events.utf8), contentType: "application/x-ndjson")
        #expect(response.bodyText == "{\"accepted\":8,\"duplicates\":0,\"rejected\":[]}\n")
        let scrape = try running.curl(["\(running.baseURL)/api/metrics/prometheus"]).stdout
        #expect(scrape.contains("\nplannivo_dispute_open_cases{owner=\"unassigned\",sla_bucket=\"<24h\"} 1\n"))
        #expect(scrape.contains("\nplannivo_chat_ws_delivery_latency_ms_count{region=\"unknown\",channel=\"ws\"} 1\n"))
        let promtool = try #require(ExternalTool.find("promtool"), "promtool is not installed; run .ci/install-deps")
        let lint = try ExternalTool.run(promtool, ["check", "metrics"], stdin: Array(scrape.utf8))
        let notes = (lint.stdout + lint.stderr).split(separator: "\n").map(String.init)
        let expected = ["chat_ws_delivery_latency_ms", "notification_job_duration_ms", "notification_job_wait_duration_ms"]
            .map { "plannivo_\($0) metric names should not contain abbreviated units" }
        #expect(Set(notes) == Set(expected), "promtool said: \(notes)")
    }
}
