import CommsWatchApp
import Foundation
import TestSupport
import Testing

/// Snapshots keep the replay short: after a graceful stop the next start restores the snapshot and
/// replays nothing, the segments before it are gone, the metrics and keys are as they were, and a
/// damaged snapshot stops the start with a message naming what is missing.
struct SnapshotTests {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-snapshot-\(UUID())")

    func service() throws -> RunningService {
        let path = data.path
        return try RunningService {
            $0.dataDirectory = path
            $0.journalSegmentBytes = 1024
        }
    }

    static func batch(_ number: Int) -> [UInt8] {
        Array((0..<20).map { index in
            """
            {"event":"chat_message_delivered","event_id":"s-\(number)-\(index)","properties":{"message_id":"s-\(number)-\(index)",\
            "delivery_latency_ms":\(index * 10),"delivery_channel":"ws","region":"eu"}}\n
            """
        }.joined().utf8)
    }

    var journal: URL { data.appendingPathComponent("journal") }

    func files(_ prefix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: journal.path).filter { $0.hasPrefix(prefix) }.sorted()
    }

    @Test(.timeLimit(.minutes(5)))
    func aGracefulStopSnapshotsAndTheRestartReplaysNothing() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        var before = ExpositionSamples("")
        do {
            let first = try service()
            for number in 0..<10 { #expect(try first.post("/api/events", Self.batch(number), contentType: "application/x-ndjson").status == 202) }
            #expect(try files("segment-").count > 5, "small segments: 200 events fill several")
            before = try first.samples()
        }
        let segments = try files("segment-"), snapshots = try files("snapshot-")
        #expect(snapshots.count == 1 && segments.count == 1, "the snapshot leaves only the segment it continues in: \(snapshots) \(segments)")
        let verify = try ExternalTool.run(ExecutableTests.binary.path, ["journal", "verify", "--data-dir", data.path])
        #expect(verify.status == 0 && verify.stdout.contains("snapshot at segment-"), "\(verify)")

        let second = try service()
        let replayed = second.logLines.first { $0.contains("\"msg\":\"journal replayed\"") } ?? ""
        #expect(replayed.contains("\"events\":\"0\"") && !replayed.contains("\"snapshot\":\"none\""), "\(replayed)")
        let after = try second.samples()
        for family in ["chat_ws_delivery_latency_ms", "product_active_contracts"] {
            #expect(after.series(of: family) == before.series(of: family))
        }
        #expect(after.series(of: "chat_ws_delivery_latency_ms").count > 3)
        let again = try second.post("/api/events", Self.batch(3), contentType: "application/x-ndjson")
        #expect(again.bodyText.contains("\"accepted\":0,\"duplicates\":20"), "keys came back with the snapshot: \(again.bodyText)")
    }

    @Test(.timeLimit(.minutes(5)))
    func aDamagedSnapshotWithoutItsSegmentsStopsTheStart() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        do {
            let first = try service()
            for number in 0..<5 { _ = try first.post("/api/events", Self.batch(number), contentType: "application/x-ndjson") }
        }
        let snapshot = journal.appendingPathComponent(try #require(try files("snapshot-").first))
        var bytes = try Data(contentsOf: snapshot)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: snapshot)

        let error = #expect(throws: ConfigurationError.self) { try service() }
        #expect(error?.description.contains("are missing") == true, "\(error.map { "\($0)" } ?? "")")
    }
}
