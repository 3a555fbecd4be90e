import CommsWatchApp
import EventJournal
import Foundation
import TestSupport
import Testing

/// `commswatch journal verify` and `commswatch replay` on a data directory a service wrote.
struct JournalCommandTests {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-journal-cli-\(UUID())")

    func writeEvents() throws {
        let path = data.path
        let service = try RunningService { $0.dataDirectory = path }
        let response = try service.post("/api/events", Array(JournalRestartTests.events.utf8), contentType: "application/x-ndjson")
        #expect(response.status == 202)
    }

    func commswatch(_ arguments: [String]) throws -> ExternalTool.Result {
        try ExternalTool.run(ExecutableTests.binary.path, arguments + ["--data-dir", data.path])
    }

    @Test func verifyReportsAWholeJournalATornTailAndDamage() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        try writeEvents()
        let whole = try commswatch(["journal", "verify"])
        #expect(
            whole.status == 0 && whole.stdout.contains("snapshot at segment-0000000001.log@")
                && whole.stdout.contains("0 records in 1 segments") && whole.stdout.contains(": OK"), "\(whole)")

        let segment = data.appendingPathComponent("journal/segment-0000000001.log")
        let end = try #require(try Journal(directory: data.appendingPathComponent("journal").path).verify().end)
        let handle = try FileHandle(forWritingTo: segment)
        try handle.seek(toOffset: UInt64(end.offset))
        handle.write(Data([9, 0, 0, 0, 1]))
        try handle.close()
        let torn = try commswatch(["journal", "verify"])
        #expect(torn.status == 0 && torn.stdout.contains("the last 5 bytes are a torn record"), "\(torn)")
        #expect(try commswatch(["journal", "verify"]).stdout == torn.stdout, "verify changes nothing")

        try Data("CWJOURNAL1\n".utf8).write(to: data.appendingPathComponent("journal/segment-0000000002.log"))
        let damaged = try commswatch(["journal", "verify"])
        #expect(damaged.status == 1 && damaged.stderr.contains("segment-0000000001.log at byte"), "\(damaged)")
    }

    @Test func replayPrintsTheMetricsTheServiceWouldServe() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        try writeEvents()
        let replay = try commswatch(["replay"])
        #expect(replay.status == 0, "\(replay.stderr)")
        let samples = ExpositionSamples(replay.stdout)
        #expect(samples["chat_ws_delivery_latency_ms_count{region=\"eu\",channel=\"ws\"}"] == 2)
        #expect(samples["notification_queue_depth"] == 42)
        #expect(replay.stderr.contains("restored the snapshot at segment-0000000001.log@") && replay.stderr.contains("replayed 0 events"), "\(replay.stderr)")
    }
}
