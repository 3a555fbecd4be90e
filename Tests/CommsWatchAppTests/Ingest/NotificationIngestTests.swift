import CommsWatchApp
import Foundation
import TestSupport
import Testing

/// Notification delivery and worker events over HTTP (seed 003's metrics included).
struct NotificationIngestTests {
    @Test func notificationEventsBecomeTheirMetrics() throws {
        let running = try RunningService()
        let events = """
            [
              {"event": "notification_delivery_scheduled", "properties": {"notification_id": "n-1", "channel": "email", "template": "welcome"}},
              {"event": "notification_delivery_scheduled", "properties": {"notification_id": "n-2", "channel": "webpush", "template": "reply"}},
              {"event": "notification_delivered", "properties": {"notification_id": "n-1", "channel": "email", "latency_ms": 350}},
              {"event": "notification_delivery_failed", "properties": {"notification_id": "n-2", "channel": "webpush", "error_code": "410", "retry_count": 0, "template": "reply"}},
              {"event": "notification_delivery_failed", "properties": {"notification_id": "n-2", "channel": "webpush", "error_code": "410", "retry_count": 1, "permanent": true}},
              {"event": "notification_dropped", "properties": {"notification_id": "n-3", "channel": "email", "drop_reason": "unsubscribed"}},
              {"event": "notification_job_completed", "properties": {"job_id": "j-1", "job_type": "booking-created", "result": "processed", "wait_ms": 40, "duration_ms": 120}},
              {"event": "notification_job_completed", "properties": {"job_id": "j-2", "job_type": "booking-created", "result": "failed", "wait_ms": 20, "duration_ms": 3000, "failure_reason": "smtp_timeout"}},
              {"event": "notification_job_completed", "properties": {"job_type": "lesson-completed", "result": "dropped", "wait_ms": 0, "duration_ms": 0, "failure_reason": "capacity"}},
              {"event": "notification_queue_sampled", "properties": {"queue_depth": 5200, "active_jobs": 4}}
            ]
            """
        #expect(try running.post(json: events).bodyText == "{\"accepted\":10,\"duplicates\":0,\"rejected\":[]}\n")
        var s = try running.samples()
        #expect(s["notification_attempted_total{channel=\"email\"}"] == 1)
        #expect(s["notification_attempted_total{channel=\"webpush\"}"] == 1)
        #expect(s["notification_delivered_total{channel=\"email\"}"] == 1)
        #expect(s["notification_delivery_failed_total{channel=\"webpush\",error_code=\"410\",template=\"reply\"}"] == 1)
        #expect(s["notification_delivery_failed_total{channel=\"webpush\",error_code=\"410\",template=\"unspecified\"}"] == 1)
        #expect(s["notification_retry_count_bucket{channel=\"webpush\",le=\"0\"}"] == 1)
        #expect(s["notification_retry_count_bucket{channel=\"webpush\",le=\"1\"}"] == 2)
        #expect(s["notification_retry_count_sum{channel=\"webpush\"}"] == 1)
        #expect(s["notification_dropped_total{channel=\"email\",reason=\"unsubscribed\"}"] == 1)
        #expect(s["notification_jobs_total{result=\"processed\",job_type=\"booking-created\"}"] == 1)
        #expect(s["notification_jobs_total{result=\"failed\",job_type=\"booking-created\"}"] == 1)
        #expect(s["notification_jobs_total{result=\"dropped\",job_type=\"lesson-completed\"}"] == 1)
        #expect(s["notification_job_wait_duration_ms_bucket{job_type=\"booking-created\",le=\"10\"}"] == 0)
        #expect(s["notification_job_wait_duration_ms_bucket{job_type=\"booking-created\",le=\"50\"}"] == 2)
        #expect(s["notification_job_wait_duration_ms_sum{job_type=\"booking-created\"}"] == 60)
        #expect(s["notification_job_duration_ms_bucket{job_type=\"booking-created\",le=\"2500\"}"] == 1)
        #expect(s["notification_job_duration_ms_bucket{job_type=\"booking-created\",le=\"5000\"}"] == 2)
        #expect(s["notification_job_failures_total{reason=\"smtp_timeout\",job_type=\"booking-created\"}"] == 1)
        #expect(s["notification_jobs_dropped_total{reason=\"capacity\"}"] == 1)
        #expect(s["notification_queue_depth"] == 5200)
        #expect(s["notification_active_jobs"] == 4)

        // Queue samples have no id: each one is applied, never taken for a duplicate.
        let sample = "{\"event\": \"notification_queue_sampled\", \"properties\": {\"queue_depth\": 12}}"
        #expect(try running.post(json: sample).bodyText == "{\"accepted\":1,\"duplicates\":0,\"rejected\":[]}\n")
        #expect(try running.post(json: sample).bodyText == "{\"accepted\":1,\"duplicates\":0,\"rejected\":[]}\n")
        s = try running.samples()
        #expect(s["notification_queue_depth"] == 12)
        #expect(s["notification_active_jobs"] == 4)
    }
}
