import CommsWatchApp
import EventJournal
import Foundation
import TestSupport
import Testing

/// The service after a restart on the same data directory: counters, histograms, gauges and open
/// disputes as they were, idempotency keys remembered, and a journal torn by a crash cut back cleanly.
struct JournalRestartTests {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-journal-\(UUID())")

    func service() throws -> RunningService {
        let path = data.path
        return try RunningService { $0.dataDirectory = path }
    }

    static let events = """
        {"event": "chat_message_delivered", "event_id": "m-1", "properties": {"message_id": "m-1", "delivery_latency_ms": 120, "delivery_channel": "ws", "region": "eu"}}
        {"event": "chat_message_delivered", "event_id": "m-2", "properties": {"message_id": "m-2", "delivery_latency_ms": 900, "delivery_channel": "ws", "region": "eu"}}
        {"event": "dispute_opened", "event_id": "d-1", "properties": {"dispute_id": "d-1", "contract_id": "c-1", "initiator_role": "client", "reason_category": "quality", "owner": "ops-1", "sla_remaining_sec": 3600}}
        {"event": "notification_queue_sampled", "properties": {"queue_depth": 42}}
        """

    /// The series these events feed, with their values.
    func figures(_ service: RunningService) throws -> [String: Double] {
        let scrape = try service.samples()
        let names = [
            "chat_ws_delivery_latency_ms_count{region=\"eu\",channel=\"ws\"}", "chat_ws_delivery_latency_ms_sum{region=\"eu\",channel=\"ws\"}",
            "notification_queue_depth",
        ]
        var figures: [String: Double] = [:]
        for name in names { figures[name] = scrape[name] }
        figures["disputes open"] = scrape.series(of: "dispute_open_cases").values.reduce(0, +)
        return figures
    }

    @Test(.timeLimit(.minutes(5)))
    func aRestartComesBackWithEveryMetricAndKey() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        var before: [String: Double] = [:]
        do {
            let first = try service()
            let response = try first.post("/api/events", Array(Self.events.utf8), contentType: "application/x-ndjson")
            #expect(response.bodyText.contains("\"accepted\":4"), "\(response.bodyText)")
            before = try figures(first)
        }
        #expect(before["chat_ws_delivery_latency_ms_count{region=\"eu\",channel=\"ws\"}"] == 2)
        #expect(before["disputes open"] == 1)

        let second = try service()
        #expect(try figures(second) == before)
        #expect(second.logLines.contains { $0.contains("\"msg\":\"journal replayed\"") && $0.contains("\"snapshot\":\"segment-") })
        let again = try second.post("/api/events", Array(Self.events.utf8), contentType: "application/x-ndjson")
        #expect(again.bodyText.contains("\"accepted\":1,\"duplicates\":3"), "keys are remembered; the id-less sample counts again: \(again.bodyText)")
    }

    @Test(.timeLimit(.minutes(5)))
    func aRecordTornByACrashIsCutOffAtStart() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        do {
            let first = try service()
            _ = try first.post("/api/events", Array(Self.events.utf8), contentType: "application/x-ndjson")
        }
        // Half a record where the records end, as a write cut short by a crash leaves it.
        let segment = data.appendingPathComponent("journal/segment-0000000001.log")
        let end = try #require(try Journal(directory: data.appendingPathComponent("journal").path).verify().end)
        let handle = try FileHandle(forWritingTo: segment)
        try handle.seek(toOffset: UInt64(end.offset))
        handle.write(Data([200, 0, 0, 0, 1, 2, 3, 4, 5, 6]))
        try handle.close()

        let second = try service()
        #expect(try figures(second)["chat_ws_delivery_latency_ms_count{region=\"eu\",channel=\"ws\"}"] == 2)
        #expect(second.logLines.contains { $0.contains("journal ended in a torn record") && $0.contains("\"truncated_bytes\":\"10\"") })
        let more = #"{"event": "chat_message_delivered", "event_id": "m-3", "properties": {"message_id": "m-3", "delivery_latency_ms": 5, "delivery_channel": "ws", "region": "eu"}}"#
        #expect(try second.post(json: more).status == 202)
    }

    @Test func damageInsideTheJournalStopsTheStartWithItsPlace() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        let journal = data.appendingPathComponent("journal")
        try FileManager.default.createDirectory(at: journal, withIntermediateDirectories: true)
        try Data("not a journal at all".utf8).write(to: journal.appendingPathComponent("segment-0000000001.log"))
        try Data("CWJOURNAL1\n".utf8).write(to: journal.appendingPathComponent("segment-0000000002.log"))
        #expect {
            _ = try service()
        } throws: { error in
            "\(error)".contains("segment-0000000001.log is not a commswatch journal segment")
        }
    }
}
