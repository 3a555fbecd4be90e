import Foundation
import Ingest
import MetricRegistry
import Synchronization
import TestSupport
import Testing

/// The in-process seed 001 figures, fed through the real decoding path and read back from the
/// registry, against the hand-computed `ProductWeek` table that the `daily_stats` view tests share.
struct ProductAnalyticsTests {
    typealias Gauges = [String: [String: Double]]

    func pipeline(_ registry: MetricRegistry, clock: ManualClock, store: (any EventStore)? = nil) -> IngestPipeline {
        let processor = EventProcessor(registry: registry, window: IdempotencyWindow(capacity: 10_000), now: { clock.now })
        return IngestPipeline(processor: processor, hasher: PersonalDataHasher(key: [1]), registry: registry, store: store)
    }

    func ingest(_ lines: [String], into pipeline: IngestPipeline) throws {
        let report = try pipeline.ingestNDJSONWaiting(Array(lines.joined(separator: "\n").utf8))
        #expect(report.rejected.isEmpty, "\(report.rejected)")
        #expect(report.accepted == lines.count)
    }

    /// The product gauges by name, then by label values joined with commas (day first).
    func gauges(_ registry: MetricRegistry) -> Gauges {
        var gauges: Gauges = [:]
        for family in registry.snapshot() where family.name.hasPrefix("product_") {
            for series in family.series {
                if case .scalar(let value) = series.value {
                    gauges[family.name, default: [:]][series.labels.values.joined(separator: ",")] = value
                }
            }
        }
        return gauges
    }

    /// The gauges `rows` call for: counts on every day, the rest where the row has a value.
    func expectedGauges(_ rows: some Sequence<DailyStatsRow>) -> Gauges {
        var gauges: Gauges = [:]
        func set(_ name: String, _ key: String, _ value: Double?) {
            if let value { gauges[name, default: [:]][key] = value }
        }
        for row in rows {
            let day = row.day
            set("product_active_contracts", day, Double(row.activeContracts))
            set("product_contract_chat_share", day, row.contractChatShare)
            set("product_chat_to_contract_conversion", day, row.chatToContractConversion)
            set("product_first_reply_latency_seconds", day + ",p50", row.firstReplyP50)
            set("product_first_reply_latency_seconds", day + ",p95", row.firstReplyP95)
            set("product_dispute_share", day, row.disputeShare)
            set("product_disputes_resolved", day + ",win_client", Double(row.disputesWinClient))
            set("product_disputes_resolved", day + ",win_freelancer", Double(row.disputesWinFreelancer))
            set("product_disputes_resolved", day + ",split", Double(row.disputesSplit))
            set("product_disputes_resolved", day + ",cancelled", Double(row.disputesCancelled))
            set("product_dispute_nps", day, row.nps)
            set("product_dispute_nps_responses", day, Double(row.npsResponses))
        }
        return gauges
    }

    func expectAgree(_ actual: Gauges, _ expected: Gauges, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.keys.sorted() == expected.keys.sorted(), sourceLocation: sourceLocation)
        for (name, series) in expected {
            let got = actual[name] ?? [:]
            #expect(got.keys.sorted() == series.keys.sorted(), "\(name)", sourceLocation: sourceLocation)
            for (key, value) in series where !DailyStatsRow.agree(got[key], value) {
                let text = got[key].map { String($0) } ?? "nothing"
                Issue.record("\(name){\(key)}: got \(text), expected \(value)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func theWeekGivesTheHandComputedFigures() throws {
        let registry = MetricRegistry()
        try ingest(ProductWeek.events, into: pipeline(registry, clock: ManualClock(ProductWeek.endOfWeek)))
        expectAgree(gauges(registry), expectedGauges(ProductWeek.week))
    }

    @Test func theFiguresDoNotDependOnTheOrderEventsArriveIn() throws {
        let registry = MetricRegistry()
        try ingest(ProductWeek.events.reversed(), into: pipeline(registry, clock: ManualClock(ProductWeek.endOfWeek)))
        expectAgree(gauges(registry), expectedGauges(ProductWeek.week))
    }

    @Test func replayingTheJournalRebuildsTheSameFigures() throws {
        let journal = RecordingStore()
        let clock = ManualClock(ProductWeek.endOfWeek)
        try ingest(ProductWeek.events, into: pipeline(MetricRegistry(), clock: clock, store: journal))

        let registry = MetricRegistry()
        let processor = EventProcessor(registry: registry, window: IdempotencyWindow(capacity: 10_000), now: { clock.now })
        for record in journal.records.withLock({ $0 }) {
            let decoded = try record.withUnsafeBytes { try EventRecord(catalog: processor.catalog).decode($0) }
            let (event, receivedAt) = try #require(decoded)
            processor.replay(event, receivedAt: receivedAt)
        }
        expectAgree(gauges(registry), expectedGauges(ProductWeek.week))
    }

    @Test func eventsBeforeTheWindowCreateNoSeries() throws {
        let registry = MetricRegistry()
        let ingest = pipeline(registry, clock: ManualClock(ProductWeek.endOfWeek))
        // The window is 03-02 to 03-08; all of these fall before it, the contract included.
        try self.ingest([
            #"{"event":"contract_started","timestamp":"2026-02-20T10:00:00Z","properties":{"contract_id":"old","thread_id":"t","from_chat":true}}"#,
            #"{"event":"chat_thread_created","timestamp":"2026-02-20T09:00:00Z","properties":{"thread_id":"t","thread_type":"order"}}"#,
            #"{"event":"chat_message_sent","timestamp":"2026-02-20T09:30:00Z","properties":{"message_id":"m","thread_id":"t","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":12}}"#,
            #"{"event":"contract_closed","timestamp":"2026-03-01T23:59:59Z","properties":{"contract_id":"old","had_dispute":true}}"#,
            #"{"event":"dispute_resolved","timestamp":"2026-03-01T12:00:00Z","properties":{"dispute_id":"x","resolution":"split"}}"#,
            #"{"event":"dispute_nps_submitted","timestamp":"2026-02-25T12:00:00Z","properties":{"dispute_id":"x","score":10,"role":"client"}}"#,
        ], into: ingest)
        #expect(gauges(registry).isEmpty)

        // The window's first second.
        try self.ingest([#"{"event":"dispute_resolved","timestamp":"2026-03-02T00:00:00Z","properties":{"dispute_id":"y","resolution":"split"}}"#], into: ingest)
        expectAgree(gauges(registry), expectedGauges([DailyStatsRow("2026-03-02", disputesSplit: 1)]))
    }

    /// Sixty days of one short contract, one open contract and a few untied chats a day: the state
    /// keeps the window's 7 days, the contracts that can still count, and threads heard of in the
    /// 30 days before the window (docs/ANALYTICS.md).
    @Test func stateStaysBoundedOverSixtyDays() throws {
        let firstDay = 20_514.0  // 2026-03-02
        let clock = ManualClock(firstDay * 86400)
        let registry = MetricRegistry()
        let ingest = pipeline(registry, clock: clock)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        var labels: [String] = []
        for day in 0..<60 {
            clock.set((firstDay + Double(day)) * 86400 + 43200)
            let time = Int64(clock.now * 1000)
            var lines = [
                #"{"event":"chat_thread_created","timestamp":\#(time),"properties":{"thread_id":"t\#(day)","thread_type":"order"}}"#,
                #"{"event":"chat_message_sent","timestamp":\#(time),"properties":{"message_id":"m\#(day)","thread_id":"t\#(day)","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":\#(day)}}"#,
                #"{"event":"contract_started","timestamp":\#(time),"properties":{"contract_id":"c\#(day)","thread_id":"t\#(day)","from_chat":true}}"#,
                #"{"event":"contract_closed","timestamp":\#(time),"properties":{"contract_id":"c\#(day)"}}"#,
                #"{"event":"chat_message_sent","timestamp":\#(time),"properties":{"message_id":"u\#(day)","thread_id":"u\#(day)","sender_role":"client","message_kind":"text"}}"#,
                #"{"event":"dispute_resolved","timestamp":\#(time),"properties":{"dispute_id":"x\#(day)","resolution":"split"}}"#,
            ]
            if day == 0 {
                lines.append(#"{"event":"contract_started","timestamp":\#(time),"properties":{"contract_id":"open","thread_id":"t0"}}"#)
            }
            try self.ingest(lines, into: ingest)
            labels.append(formatter.string(from: Date(timeIntervalSince1970: clock.now)))
        }
        let footprint = ingest.processor.analytics.footprint
        #expect(footprint.days == 7, "days 53–59")
        #expect(footprint.contracts == 8, "open, and c53–c59 closed in the window")
        #expect(footprint.threads == 75, "t0 (the open contract's), t23–t59 and u23–u59")
        #expect(footprint.firstReplyLatencies == 7)
        let active = gauges(registry)["product_active_contracts"] ?? [:]
        let lastWeek = Dictionary(uniqueKeysWithValues: labels.suffix(7).map { ($0, 2.0) })
        #expect(active == lastWeek, "the open contract and that day's")
    }
}
