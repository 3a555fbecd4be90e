import CommsWatchApp
import Foundation
import TestSupport
import Testing

/// Every chat, contract and WebSocket event of the catalog, posted over HTTP, read back from a scrape.
struct ChatIngestTests {
    @Test func chatEventsBecomeTheirMetrics() throws {
        let running = try RunningService()
        let events = """
            [
              {"event": "chat_thread_created", "properties": {"thread_id": "t-1", "thread_type": "contract", "participants_count": 2}},
              {"event": "chat_thread_created", "properties": {"thread_id": 2, "thread_type": "proposal"}},
              {"event": "chat_message_sent", "properties": {"message_id": "m-1", "thread_id": "t-1", "sender_role": "client", "message_kind": "text", "text": "never stored"}},
              {"event": "chat_message_sent", "properties": {"message_id": "m-2", "thread_id": "t-1", "sender_role": "freelancer", "message_kind": "text", "first_response": true, "reply_latency_sec": 42}},
              {"event": "chat_message_sent", "properties": {"message_id": "m-3", "thread_id": "t-1", "sender_role": "freelancer", "message_kind": "file", "first_response": false, "reply_latency_sec": 9}},
              {"event": "chat_message_delivered", "properties": {"message_id": "m-1", "delivery_latency_ms": 120, "delivery_channel": "ws", "region": "eu"}},
              {"event": "chat_message_delivered", "properties": {"message_id": "m-2", "delivery_latency_ms": 2500.5, "delivery_channel": "sse"}},
              {"event": "chat_message_failed", "properties": {"message_id": "m-4", "failure_code": "moderation", "moderation_reason": "spam"}},
              {"event": "chat_thread_archived", "properties": {"contract_id": "c-1", "reason": "contract_closed"}},
              {"event": "chat_thread_archived", "properties": {"thread_id": "t-2"}},
              {"event": "contract_started", "properties": {"contract_id": "c-1", "thread_id": "t-1", "from_chat": true}},
              {"event": "contract_started", "properties": {"contract_id": "c-2"}},
              {"event": "contract_closed", "properties": {"contract_id": "c-1", "had_dispute": false}}
            ]
            """
        let response = try running.post(json: events)
        #expect(response.status == 202)
        #expect(response.bodyText == "{\"accepted\":13,\"duplicates\":0,\"rejected\":[]}\n")

        let s = try running.samples()
        #expect(s["chat_threads_created_total{thread_type=\"contract\"}"] == 1)
        #expect(s["chat_threads_created_total{thread_type=\"proposal\"}"] == 1)
        #expect(s["chat_messages_published_total{sender_role=\"client\",message_kind=\"text\"}"] == 1)
        #expect(s["chat_messages_published_total{sender_role=\"freelancer\",message_kind=\"text\"}"] == 1)
        #expect(s["chat_messages_published_total{sender_role=\"freelancer\",message_kind=\"file\"}"] == 1)
        #expect(s["chat_first_reply_latency_seconds_bucket{sender_role=\"freelancer\",le=\"30\"}"] == 0)
        #expect(s["chat_first_reply_latency_seconds_bucket{sender_role=\"freelancer\",le=\"60\"}"] == 1)
        #expect(s["chat_first_reply_latency_seconds_sum{sender_role=\"freelancer\"}"] == 42)
        #expect(s["chat_first_reply_latency_seconds_count{sender_role=\"freelancer\"}"] == 1)
        #expect(s["chat_ws_delivery_latency_ms_bucket{region=\"eu\",channel=\"ws\",le=\"100\"}"] == 0)
        #expect(s["chat_ws_delivery_latency_ms_bucket{region=\"eu\",channel=\"ws\",le=\"250\"}"] == 1)
        #expect(s["chat_ws_delivery_latency_ms_sum{region=\"eu\",channel=\"ws\"}"] == 120)
        #expect(s["chat_ws_delivery_latency_ms_bucket{region=\"unknown\",channel=\"sse\",le=\"2000\"}"] == 0)
        #expect(s["chat_ws_delivery_latency_ms_bucket{region=\"unknown\",channel=\"sse\",le=\"5000\"}"] == 1)
        #expect(s["chat_ws_delivery_latency_ms_sum{region=\"unknown\",channel=\"sse\"}"] == 2500.5)
        #expect(s["chat_ws_delivery_latency_ms_count{region=\"unknown\",channel=\"sse\"}"] == 1)
        #expect(s["chat_message_failures_total{failure_code=\"moderation\"}"] == 1)
        #expect(s["chat_ws_errors_total{code=\"moderation\"}"] == 1)
        #expect(s["chat_threads_archived_total{reason=\"contract_closed\"}"] == 1)
        #expect(s["chat_threads_archived_total{reason=\"unspecified\"}"] == 1)
        #expect(s["contracts_started_total{from_chat=\"true\"}"] == 1)
        #expect(s["contracts_started_total{from_chat=\"false\"}"] == 1)
        #expect(s["contracts_closed_total{had_dispute=\"false\"}"] == 1)
        #expect(s["commswatch_events_accepted_total{event=\"chat_message_sent\"}"] == 3)
    }

    @Test func webSocketEventsTrackSessionsErrorsAndFallbacks() throws {
        let running = try RunningService()
        let events = """
            {"event": "ws_connection_opened", "timestamp": "2026-11-23T08:00:00Z", "properties": {"client_id": "c1", "connection_region": "eu", "reconnect_attempts": 2}}
            {"event": "ws_connection_opened", "timestamp": "2026-11-23T08:00:01Z", "properties": {"client_id": "c2", "connection_region": "eu", "reconnect_attempts": 0}}
            {"event": "ws_connection_opened", "timestamp": "2026-11-23T08:00:02Z", "properties": {"client_id": "c3", "connection_region": "us", "protocol_version": "13"}}
            {"event": "ws_connection_closed", "timestamp": "2026-11-23T08:05:00Z", "properties": {"client_id": "c1", "close_code": 1006, "uptime_sec": 300, "fallback_used": "sse"}}
            {"event": "ws_connection_closed", "timestamp": "2026-11-23T08:05:01Z", "properties": {"client_id": "c3", "close_code": 1000, "uptime_sec": 299, "fallback_used": "none"}}
            """
        let response = try running.post("/api/events", Array(events.utf8), contentType: "application/x-ndjson")
        #expect(response.bodyText == "{\"accepted\":5,\"duplicates\":0,\"rejected\":[]}\n")
        let s = try running.samples()
        #expect(s["chat_sessions_total{region=\"eu\"}"] == 2)
        #expect(s["chat_sessions_total{region=\"us\"}"] == 1)
        #expect(s["ws_reconnect_attempts_total{region=\"eu\"}"] == 2)
        #expect(s["ws_reconnect_attempts_per_connection_bucket{region=\"eu\",le=\"0\"}"] == 1)
        #expect(s["ws_reconnect_attempts_per_connection_bucket{region=\"eu\",le=\"2\"}"] == 2)
        #expect(s["ws_reconnect_attempts_per_connection_count{region=\"eu\"}"] == 2)
        #expect(s["ws_reconnect_attempts_per_connection_count{region=\"us\"}"] == nil, "no attempts reported for us")
        #expect(s["chat_fallback_sessions_total{fallback=\"sse\"}"] == 1)
        #expect(s["chat_fallback_sessions_total{fallback=\"none\"}"] == nil)
        #expect(s["chat_ws_errors_total{code=\"1006\"}"] == 1)
        #expect(s["chat_ws_errors_total{code=\"1000\"}"] == nil)
        #expect(s["chat_ws_active_connections{region=\"eu\"}"] == 1)
        #expect(s["chat_ws_active_connections{region=\"us\"}"] == 0)
    }

    @Test func activeConnectionsSurviveOutOfOrderAndRepeatedEvents() throws {
        let running = try RunningService()
        func send(_ event: String, _ client: String, _ time: String, region: String = "eu") throws {
            let body = event == "ws_connection_opened"
                ? "{\"event\":\"\(event)\",\"timestamp\":\"\(time)\",\"properties\":{\"client_id\":\"\(client)\",\"connection_region\":\"\(region)\"}}"
                : "{\"event\":\"\(event)\",\"timestamp\":\"\(time)\",\"properties\":{\"client_id\":\"\(client)\",\"close_code\":1000,\"uptime_sec\":1}}"
            #expect(try running.post(json: body).status == 202)
        }
        // The close overtakes its open: the late open must not count.
        try send("ws_connection_closed", "late", "2026-11-23T08:00:10Z")
        try send("ws_connection_opened", "late", "2026-11-23T08:00:00Z")
        // A close with no open at all changes nothing.
        try send("ws_connection_closed", "stranger", "2026-11-23T08:00:10Z")
        // A second open of the same client moves it instead of counting it twice.
        try send("ws_connection_opened", "mover", "2026-11-23T08:00:00Z")
        try send("ws_connection_opened", "mover", "2026-11-23T08:00:05Z", region: "us")
        // A stale close (older than the current open) does not end the newer connection.
        try send("ws_connection_closed", "mover", "2026-11-23T08:00:01Z")
        let s = try running.samples()
        #expect(s["chat_ws_active_connections{region=\"eu\"}"] == 0)
        #expect(s["chat_ws_active_connections{region=\"us\"}"] == 1)
        try send("ws_connection_closed", "mover", "2026-11-23T08:01:00Z")
        #expect(try running.samples()["chat_ws_active_connections{region=\"us\"}"] == 0)
    }
}
