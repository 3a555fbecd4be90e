import Ingest
import MetricRegistry
import Postgres
import PostgresStore
import Testing
import TestSupport

/// The `daily_stats` view over the hand-made `ProductWeek` events, against the hand-computed table
/// the in-process analytics tests share.
@Suite("daily_stats view")
struct DailyStatsViewTests {
    @Test func theWeekGivesTheHandComputedRows() throws {
        let server = try PostgresServer()
        let connection = try PostgresConnection(url: server.url)
        try Migration.apply(try StoreMigrations.bundled(), on: connection)
        #expect(try connection.execute("SELECT * FROM daily_stats").rows.isEmpty, "no events, no days")

        // The events arrive as a sender posts them and are stored as the service stores them.
        let registry = MetricRegistry()
        let processor = EventProcessor(registry: registry, window: IdempotencyWindow(capacity: 1000), now: { ProductWeek.endOfWeek })
        let store = PostgresEventStore(url: server.url, options: .init(instance: "test"), processor: processor) { _, _, _ in }
        _ = try store.prepare()
        try store.restore()
        let pipeline = IngestPipeline(processor: processor, hasher: PersonalDataHasher(key: [1]), registry: registry, store: store)
        let report = try pipeline.ingestNDJSONWaiting(Array(ProductWeek.events.joined(separator: "\n").utf8))
        #expect(report.accepted == ProductWeek.events.count, "\(report.rejected)")

        // 14 hours ahead of UTC: most events fall on another local day, which must not matter.
        try connection.execute("SET TIME ZONE 'Pacific/Kiritimati'")
        let result = try connection.execute("SELECT * FROM daily_stats ORDER BY day")
        let expected = ProductWeek.expected
        #expect(result.columns == ["day"] + expected[0].columns.map(\.name))
        // Grafana reads counts as integers and the rest as floats.
        let types = try connection.execute(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'daily_stats' ORDER BY ordinal_position"
        ).rows.map { $0[0] ?? "" }
        let ratios: Set = ["contract_chat_share", "chat_to_contract_conversion", "first_reply_p50", "first_reply_p95", "dispute_share", "nps"]
        #expect(types == ["date"] + expected[0].columns.map { ratios.contains($0.name) ? "double precision" : "bigint" })
        #expect(result.rows.map { $0[0] } == expected.map(\.day))
        for (row, want) in zip(result.rows, expected) {
            for (index, column) in want.columns.enumerated() {
                let text = row[index + 1]
                let got = text.flatMap(Double.init)
                #expect(
                    DailyStatsRow.agree(got, column.value),
                    "\(want.day) \(column.name): got \(text ?? "NULL"), expected \(column.value.map { String($0) } ?? "NULL")"
                )
            }
        }
    }
}
