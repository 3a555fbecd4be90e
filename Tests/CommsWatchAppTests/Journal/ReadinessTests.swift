@testable import CommsWatchApp
import EventJournal
import Foundation
import HTTPCore
import Ingest
import Testing

/// `/readyz` follows the journal: 503 `replaying` until the replay is done, then ready; ingest
/// cannot take events before that, since they could not be made durable.
struct ReadinessTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-ready-\(UUID())").path

    @Test func readyOnlyOnceTheJournalIsReplayed() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = try Journal(directory: directory + "/journal")
        let storage = EventStorage.journal(JournalEventStore(journal: journal, catalog: .standard))
        let health = HealthHandlers(dataDirectory: directory, rulesRunning: { true }, storageUnready: { storage.unready })
        let request = HTTPRequest(method: "GET", target: "/readyz", version: .http11, headers: HTTPHeaders(), body: [])

        let before = health.ready(request)
        #expect(before.status == .serviceUnavailable)
        #expect(String(decoding: before.body, as: UTF8.self).contains("\"replaying\""))
        #expect(throws: JournalError.self) { try journal.append([[1, 2, 3]]) }

        try journal.replay { _ in }
        #expect(health.ready(request).status == .ok)
        try journal.append([[1, 2, 3]])
    }
}
