@testable import CommsWatchApp
import EventJournal
import Foundation
import HTTPCore
import Ingest
import JournalStore
import MetricRegistry
import Testing

/// `/readyz` follows the journal: 503 `replaying` until the replay is done, then ready; ingest
/// cannot take events before that, since they could not be made durable.
struct ReadinessTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-ready-\(UUID())").path

    @Test func readyOnlyOnceTheJournalIsReplayed() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let processor = EventProcessor(registry: MetricRegistry(), window: IdempotencyWindow(capacity: 10), now: { 1_800_000_000 })
        let store = try JournalEventStore(
            options: .init(directory: directory + "/journal"), processor: processor, gate: IngestGate()) { _, _, _ in }
        defer { store.close() }
        let journal = store.journal
        let health = HealthHandlers(dataDirectory: directory, rulesRunning: { true }, storeUnavailability: { store.unavailability })
        let request = HTTPRequest(method: "GET", target: "/readyz", version: .http11, headers: HTTPHeaders(), body: [])

        let before = health.ready(request)
        #expect(before.status == .serviceUnavailable)
        #expect(String(decoding: before.body, as: UTF8.self).contains("\"replaying\""))
        #expect(throws: JournalError.self) { try journal.append([[1, 2, 3]]) }

        try store.restore()
        #expect(health.ready(request).status == .ok)
        try journal.append([[1, 2, 3]])
    }
}
