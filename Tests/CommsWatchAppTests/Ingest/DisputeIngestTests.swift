import CommsWatchApp
import Foundation
import TestSupport
import Testing

/// Dispute events over HTTP: counters, histograms and the live SLA gauges.
struct DisputeIngestTests {
    /// RFC 3339 for `offset` seconds from now, so deadlines are relative to the real clock.
    private func at(_ offset: Double) -> String {
        Date(timeIntervalSinceNow: offset).formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    @Test func disputeLifecycleFeedsCountersHistogramsAndGauges() throws {
        let running = try RunningService()
        let events = """
            [
              {"event": "dispute_opened", "timestamp": "\(at(-7200))", "properties": {"dispute_id": "d-1", "contract_id": "c-1", "initiator_role": "client", "reason_category": "quality", "owner": "alice", "sla_remaining_sec": 180000}},
              {"event": "dispute_opened", "timestamp": "\(at(-60))", "properties": {"dispute_id": "d-2", "contract_id": "c-2", "initiator_role": "freelancer", "reason_category": "payment", "owner": "bob", "sla_remaining_sec": 3600}},
              {"event": "dispute_opened", "timestamp": "\(at(-60))", "properties": {"dispute_id": "d-3", "contract_id": "c-3", "initiator_role": "client", "reason_category": "quality"}},
              {"event": "dispute_state_updated", "timestamp": "\(at(-30))", "properties": {"dispute_id": "d-3", "state": "in_review", "sla_remaining_sec": -10, "owner": "bob"}},
              {"event": "dispute_opened", "timestamp": "\(at(-10000))", "properties": {"dispute_id": "d-4", "contract_id": "c-4", "initiator_role": "client", "reason_category": "scope", "owner": "alice", "sla_remaining_sec": 86400}},
              {"event": "dispute_resolved", "timestamp": "\(at(-1))", "properties": {"dispute_id": "d-4", "resolution": "split", "payout_split": 50}},
              {"event": "dispute_resolved", "properties": {"dispute_id": "d-9", "resolution": "win_client", "resolution_time_sec": 90000}},
              {"event": "dispute_nps_submitted", "properties": {"dispute_id": "d-4", "score": 9, "role": "client", "comment_length": 12}},
              {"event": "dispute_nps_submitted", "properties": {"dispute_id": "d-4", "score": 3, "role": "freelancer"}}
            ]
            """
        #expect(try running.post(json: events).bodyText == "{\"accepted\":9,\"duplicates\":0,\"rejected\":[]}\n")
        let s = try running.samples()
        #expect(s["dispute_opened_total{reason_category=\"quality\",initiator_role=\"client\"}"] == 2)
        #expect(s["dispute_opened_total{reason_category=\"payment\",initiator_role=\"freelancer\"}"] == 1)
        #expect(s["dispute_resolved_total{resolution=\"split\"}"] == 1)
        #expect(s["dispute_resolved_total{resolution=\"win_client\"}"] == 1)
        // d-4 gave no resolution time: it is the ~9 999 s between its open and resolve events.
        #expect(s["dispute_resolution_time_seconds_bucket{resolution=\"split\",le=\"3600\"}"] == 0)
        #expect(s["dispute_resolution_time_seconds_bucket{resolution=\"split\",le=\"14400\"}"] == 1)
        #expect(abs((s["dispute_resolution_time_seconds_sum{resolution=\"split\"}"] ?? 0) - 9999) < 1)
        #expect(s["dispute_resolution_time_seconds_bucket{resolution=\"win_client\",le=\"86400\"}"] == 0)
        #expect(s["dispute_resolution_time_seconds_bucket{resolution=\"win_client\",le=\"172800\"}"] == 1)
        #expect(s["dispute_nps_score_bucket{role=\"client\",le=\"8\"}"] == 0)
        #expect(s["dispute_nps_score_bucket{role=\"client\",le=\"9\"}"] == 1)
        #expect(s["dispute_nps_score_sum{role=\"freelancer\"}"] == 3)
        // Open: d-1 (alice, ~48 h left → 24-48h), d-2 (bob, ~1 h → <24h), d-3 (bob, 10 s past → overdue).
        #expect(s["dispute_open_cases{owner=\"alice\",sla_bucket=\"24-48h\"}"] == 1)
        #expect(s["dispute_open_cases{owner=\"bob\",sla_bucket=\"<24h\"}"] == 1)
        #expect(s["dispute_open_cases{owner=\"bob\",sla_bucket=\"overdue\"}"] == 1)
        #expect(s["dispute_cases_overdue{owner=\"alice\"}"] == 0)
        #expect(s["dispute_cases_overdue{owner=\"bob\"}"] == 1)
        let minimum = try #require(s["dispute_sla_remaining_seconds{stat=\"min\"}"])
        #expect(minimum < -10 && minimum > -60)
    }

    @Test func overdueRisesByTheClockAlone() throws {
        let running = try RunningService()
        let open = """
            {"event": "dispute_opened", "properties": {"dispute_id": "d-1", "contract_id": "c-1", "initiator_role": "client", "reason_category": "quality", "owner": "ops", "sla_remaining_sec": 1}}
            """
        #expect(try running.post(json: open).status == 202)
        #expect(try running.samples()["dispute_cases_overdue{owner=\"ops\"}"] == 0)
        Thread.sleep(forTimeInterval: 1.2)
        // No event arrived; the deadline passed.
        let s = try running.samples()
        #expect(s["dispute_cases_overdue{owner=\"ops\"}"] == 1)
        #expect(s["dispute_open_cases{owner=\"ops\",sla_bucket=\"overdue\"}"] == 1)
        let resolve = "{\"event\": \"dispute_resolved\", \"properties\": {\"dispute_id\": \"d-1\", \"resolution\": \"cancelled\"}}"
        #expect(try running.post(json: resolve).status == 202)
        #expect(try running.samples()["dispute_cases_overdue{owner=\"ops\"}"] == nil)
    }
}
