import AlertDelivery
import Foundation
import Testing

/// The outbox journal: what was queued survives reopening, delivered and dead-lettered notices never
/// come back, a crash mid-append loses only the torn line, and compaction keeps what each receiver was told.
struct OutboxTests {
    let dayMs: Int64 = 24 * 3_600_000
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-test-\(UUID())").path

    func notice(_ name: String, _ status: AlertNotice.Status = .firing) -> AlertNotice {
        AlertNotice(status: status, labels: ["alertname": name, "team": "chat"], startsAt: 1_000, endsAt: 61_000)
    }

    @Test func queuedNoticesSurviveReopeningUntilDelivered() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outbox = try Outbox(directory: directory, now: 0)
        let first = try outbox.add(notice("A"), for: ["slack", "webhook"], at: 10)
        try outbox.add(notice("B"), for: ["slack"], at: 20)
        try outbox.markDelivered([first[0]], at: 30)

        let reopened = try Outbox(directory: directory, now: 40)
        #expect(reopened.pending(for: "slack").map(\.notice.alertName) == ["B"])
        #expect(reopened.pending(for: "webhook").map(\.notice.alertName) == ["A"])
        #expect(reopened.told("slack", fingerprint: notice("A").fingerprint)?.last.notice.status == .firing)
        let depths = Dictionary(uniqueKeysWithValues: reopened.depths().map { ($0.receiver, $0) })
        #expect(depths["slack"]?.count == 1 && depths["slack"]?.oldestQueuedAt == 20)
        let next = try reopened.add(notice("C"), for: ["slack"], at: 50)
        #expect(next[0].seq > first[0].seq, "sequence numbers keep growing across restarts")
    }

    @Test func deadLettersLeaveTheQueueAndAreKeptForInspection() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outbox = try Outbox(directory: directory, now: 0)
        let entries = try outbox.add(notice("A"), for: ["pagerduty"], at: 10)
        try outbox.deadLetter(entries, reason: "HTTP 400", at: 20)
        #expect(outbox.pending(for: "pagerduty").isEmpty)
        #expect(try Outbox(directory: directory, now: 30).pending(for: "pagerduty").isEmpty)
        let letters = try String(contentsOfFile: directory + "/dead-letters.jsonl", encoding: .utf8)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(letters.utf8)) as? [String: Any])
        #expect(record["reason"] as? String == "HTTP 400")
        #expect(record["receiver"] as? String == "pagerduty")
    }

    @Test func replacingKeepsOnlyTheLatestNoticeOfAnAlert() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outbox = try Outbox(directory: directory, now: 0)
        try outbox.add(notice("A"), for: ["am"], replacing: ["am"], at: 10)
        try outbox.add(notice("B"), for: ["am"], replacing: ["am"], at: 11)
        try outbox.add(notice("A", .resolved), for: ["am"], replacing: ["am"], at: 12)
        let pending = try Outbox(directory: directory, now: 20).pending(for: "am")
        #expect(pending.map { "\($0.notice.alertName) \($0.notice.status)" } == ["B firing", "A resolved"])
    }

    @Test func aTornLastLineIsDroppedAndLaterAppendsStayReadable() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outbox = try Outbox(directory: directory, now: 0)
        try outbox.add(notice("A"), for: ["slack"], at: 10)
        let handle = try #require(FileHandle(forWritingAtPath: directory + "/outbox.jsonl"))
        handle.seekToEndOfFile()
        handle.write(Data("{\"op\":\"add\",\"seq\":9,\"recei".utf8))
        try handle.close()

        let reopened = try Outbox(directory: directory, now: 20)
        #expect(reopened.pending(for: "slack").map(\.notice.alertName) == ["A"])
        try reopened.add(notice("B"), for: ["slack"], at: 30)
        #expect(try Outbox(directory: directory, now: 40).pending(for: "slack").map(\.notice.alertName) == ["A", "B"])
    }

    @Test func aCorruptLineInTheMiddleIsAnErrorNotSilentLoss() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "not json\n{\"op\":\"delivered\",\"seq\":1}\n".write(toFile: directory + "/outbox.jsonl", atomically: true, encoding: .utf8)
        #expect(throws: OutboxError.self) { try Outbox(directory: directory, now: 0) }
    }

    @Test func compactionKeepsWhatEachReceiverWasToldAndForgetsOldResolutions() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outbox = try Outbox(directory: directory, now: 0)
        let hourAgo = dayMs - 3_600_000
        try outbox.add(notice("Old", .resolved), for: ["slack"], at: 0)
        try outbox.markDelivered(outbox.pending(for: "slack"), at: 1)
        for round in 0..<600 {
            let at = hourAgo + Int64(round)
            let entries = try outbox.add(notice("Flapping", round % 2 == 0 ? .firing : .resolved), for: ["slack"], at: at)
            try outbox.markDelivered(entries, at: at)
        }
        let lines = try String(contentsOfFile: directory + "/outbox.jsonl", encoding: .utf8).split(separator: "\n").count
        #expect(lines < 1_300, "the journal was compacted (\(lines) lines)")

        let reopened = try Outbox(directory: directory, now: dayMs + 60_000)
        let told = try #require(reopened.told("slack", fingerprint: notice("Flapping").fingerprint))
        #expect(told.last.notice.status == .resolved && told.last.queuedAt == hourAgo + 599)
        #expect(told.lastFiring?.queuedAt == hourAgo + 598)
        #expect(reopened.told("slack", fingerprint: notice("Old").fingerprint) == nil, "resolved a day ago: forgotten")
        #expect(reopened.pending(for: "slack").isEmpty)
    }
}
