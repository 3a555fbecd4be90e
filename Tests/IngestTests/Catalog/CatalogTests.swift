import Foundation
import Ingest
import TestSupport
import Testing

struct CatalogTests {
    @Test func theStandardCatalogIsConsistent() {
        #expect(Catalog.standard.problems() == [])
    }

    @Test func everySpecEventAndMetricIsInTheCatalog() {
        let events = [
            "chat_thread_created", "chat_message_sent", "chat_message_delivered", "chat_message_failed", "chat_thread_archived",
            "contract_started", "contract_closed", "dispute_opened", "dispute_state_updated", "dispute_resolved",
            "dispute_nps_submitted", "notification_delivery_scheduled", "notification_delivered", "notification_delivery_failed",
            "notification_dropped", "notification_job_completed", "notification_queue_sampled", "ws_connection_opened",
            "ws_connection_closed",
        ]
        #expect(Set(Catalog.standard.events.map(\.name)) == Set(events))
        let metrics = [
            "chat_ws_delivery_latency_ms", "chat_messages_published_total", "chat_message_failures_total",
            "chat_threads_created_total", "chat_threads_archived_total", "chat_first_reply_latency_seconds",
            "chat_ws_active_connections", "chat_sessions_total", "chat_fallback_sessions_total", "chat_ws_errors_total",
            "ws_reconnect_attempts_total", "ws_reconnect_attempts_per_connection", "contracts_started_total",
            "contracts_closed_total", "dispute_opened_total", "dispute_open_cases", "dispute_cases_overdue",
            "dispute_sla_remaining_seconds", "dispute_resolution_time_seconds", "dispute_resolved_total", "dispute_nps_score",
            "notification_attempted_total", "notification_delivered_total", "notification_dropped_total",
            "notification_delivery_failed_total", "notification_retry_count", "notification_queue_depth",
            "notification_active_jobs", "notification_jobs_total", "notification_job_wait_duration_ms",
            "notification_job_duration_ms", "notification_job_failures_total", "notification_jobs_dropped_total",
        ]
        #expect(Set(Catalog.standard.metrics.map(\.name)) == Set(metrics))
    }

    @Test func problemsNameWhatIsWrong() {
        var catalog = Catalog.standard
        catalog.events[0].updates.append(MetricUpdate("no_such_metric"))
        catalog.events[0].updates.append(MetricUpdate("chat_sessions_total", labels: [.label("nope")]))
        catalog.events[0].updates.append(MetricUpdate("notification_queue_depth", .observe("thread_id")))
        #expect(
            catalog.problems() == [
                "chat_thread_created: unknown metric no_such_metric",
                "chat_thread_created → chat_sessions_total: unknown property nope",
                "chat_thread_created → notification_queue_depth: observe(\"thread_id\") does not fit a gauge",
            ]
        )
    }

    /// docs/EVENTS.md is `commswatch catalog`'s output; regenerate it with
    /// `swift run commswatch catalog > docs/EVENTS.md` when the catalog changes.
    @Test func eventsDocumentIsCurrent() throws {
        let file = SharedData.repositoryRoot.appendingPathComponent("docs/EVENTS.md")
        let committed = try String(contentsOf: file, encoding: .utf8)
        #expect(committed == Catalog.standard.markdown(), "docs/EVENTS.md is stale: run `swift run commswatch catalog > docs/EVENTS.md`")
    }
}
