import AlertDelivery
import Postgres
import PostgresStore
import Testing
import TestSupport

/// The alert outbox kept in PostgreSQL: what was queued survives reopening until delivered, dead
/// letters are kept, compaction rewrites the rows, and each instance sees only its own outbox.
struct PostgresOutboxLogTests {
    func notice(_ name: String) -> AlertNotice {
        AlertNotice(status: .firing, labels: ["alertname": name, "team": "chat", "note": #"quote " and \ backslash"#], startsAt: 1_000, endsAt: 61_000)
    }

    func outbox(_ url: String, instance: String, now: Int64) throws -> Outbox {
        try Outbox(
            log: PostgresOutboxLog(url: url, instance: instance, table: .outbox),
            deadLetters: PostgresOutboxLog(url: url, instance: instance, table: .deadLetters), now: now)
    }

    @Test func queuedNoticesSurviveReopeningAndStayWithTheirInstance() throws {
        let server = try PostgresServer()
        try Migration.apply(StoreMigrations.bundled(), on: PostgresConnection(url: server.url))
        let outbox = try outbox(server.url, instance: "a", now: 0)
        let first = try outbox.add(notice("A"), for: ["slack", "webhook"], at: 10)
        try outbox.add(notice("B"), for: ["slack"], at: 20)
        try outbox.markDelivered([first[0]], at: 30)
        try outbox.deadLetter([first[1]], reason: "HTTP 400", at: 35)

        let reopened = try self.outbox(server.url, instance: "a", now: 40)
        #expect(reopened.pending(for: "slack").map(\.notice) == [notice("B")])
        #expect(reopened.pending(for: "webhook").isEmpty)
        #expect(reopened.told("slack", fingerprint: notice("A").fingerprint)?.last.notice.status == .firing)
        #expect(try self.outbox(server.url, instance: "b", now: 40).pending(for: "slack").isEmpty, "instance b has its own outbox")
        #expect(try server.psql("SELECT count(*) FROM notification_dead_letters WHERE instance = 'a' AND record LIKE '%HTTP 400%'") == "1\n")
        let rowsAfterCompaction = try server.psql("SELECT count(*) FROM notification_outbox WHERE instance = 'a'")
        #expect(
            rowsAfterCompaction == "5\n",
            "reopening compacted the rows to B pending, and A as told to slack and to webhook (an add and a delivered each)")
    }
}
