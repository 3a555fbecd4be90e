import Foundation
import Synchronization
import TestSupport
import Testing

/// Durable ingest through the real `commswatch` binary, run as an operator runs it, on the embedded
/// journal and on PostgreSQL: 64 clients post unique events, one at a time or in batches, while the process is
/// killed with SIGKILL. After a restart on the same data directory (or database) every event that got
/// a 202 is counted, and when the clients re-send everything, each event is counted exactly once (the
/// store restored the idempotency keys along with the metrics).
struct IngestCrashTests {
    enum Storage: String, CustomTestStringConvertible, CaseIterable {
        case journal, postgres

        var testDescription: String { rawValue }

        /// The message of the log line that reports how many events the restart replayed.
        var replayMessage: String { self == .journal ? "journal replayed" : "PostgreSQL ready; events replayed" }
    }

    static let clients = 64
    /// Every fourth client posts batches of 50 events; the others post one event per request, as
    /// services sending as things happen do, so the group commit carries many requests per sync.
    static func batchSize(of client: Int) -> Int { client % 4 == 0 ? 50 : 1 }
    static let latencyMs = 120
    static let count = "chat_ws_delivery_latency_ms_count{region=\"eu\",channel=\"ws\"}"
    static let sum = "chat_ws_delivery_latency_ms_sum{region=\"eu\",channel=\"ws\"}"
    static let accepted = "commswatch_events_accepted_total{event=\"chat_message_delivered\"}"
    static let duplicates = "commswatch_events_duplicate_total{event=\"chat_message_delivered\"}"

    @Test(.timeLimit(.minutes(3)), arguments: Storage.allCases)
    func sigkillUnderLoadLosesNoAcknowledgedEventAndCountsEachOnce(storage: Storage) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-ingest-crash-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        let database = storage == .postgres ? try PostgresServer() : nil
        // On the journal, snapshots every second: the restart restores one and replays the rest.
        let environment = database.map { ["DATABASE_URL": $0.url] } ?? ["COMMSWATCH_SNAPSHOT_INTERVAL": "1s"]

        // a. 64 clients post unique events, half over keep-alive connections, half over a fresh
        //    connection per request, until the service goes away under them.
        let first = try ServiceProcess(data: data, environment: environment)
        defer { first.stop() }
        let load = Ledger()
        let loadStarted = Date()
        let clients = Self.startClients(port: first.port, ledger: load) { client in
            var batch = 0
            return { () -> Int? in
                defer { batch += 1 }
                return batch
            }
        }
        defer {
            load.stopRequested()
            clients.wait()
        }

        // b. SIGKILL once the load has run for a while (1.5 s, or fewer on a disk fast enough to take
        //    200 000 events before: well inside the idempotency window) and, on the journal, a snapshot
        //    was taken, with requests in flight.
        let deadline = Date().addingTimeInterval(60)
        func snapshotPending() -> Bool { storage == .journal && first.logFields("snapshot taken") == nil }
        while load.acknowledgedCount < 20 || (Date().timeIntervalSince(loadStarted) < 1.5 && load.acknowledgedCount < 4_000) || snapshotPending() {
            guard Date() < deadline, load.clientsRunning > 0 else {
                Issue.record("the load never got going: \(load.acknowledgedCount) batches acknowledged\n\(load.summary)\n\(first.logTail)")
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        load.killing()
        first.kill(SIGKILL)
        let loadSeconds = Date().timeIntervalSince(loadStarted)
        #expect(first.terminationSignal == SIGKILL)
        #expect(clients.wait(timeout: 30), "the clients stop once the service is gone")

        let attempts = load.attempts
        let acknowledged = attempts.filter(\.acknowledged)
        let sentEvents = attempts.reduce(0) { $0 + $1.size }
        let acknowledgedEvents = acknowledged.reduce(0) { $0 + $1.size }
        let oddAnswers = attempts.filter { $0.acknowledged ? $0.accepted != $0.size || $0.duplicates != 0 : $0.status != nil }
        let oddAnswerCount = oddAnswers.count
        #expect(oddAnswerCount == 0, "before the kill every answer is a 202 accepting the whole batch: \(oddAnswers.prefix(10))")
        let earlyFailures = attempts.filter { $0.error != nil && !$0.afterKill }
        let earlyFailureCount = earlyFailures.count
        #expect(earlyFailureCount == 0, "no client failed before the kill: \(earlyFailures.prefix(10))")

        // c. A new process on the same data directory (or database) replays the events: every
        //    acknowledged one counts again; an unacknowledged one may have been stored, but nothing more.
        let second = try ServiceProcess(data: data, environment: environment)
        defer { second.stop() }
        let restarted = try second.samples()
        let replayedCount = Int(restarted[Self.count] ?? 0)
        let replayLog = second.logFields(storage.replayMessage)
        func context() -> String {
            """

            load: \(String(format: "%.2f", loadSeconds)) s, \(attempts.count) batches attempted (\(sentEvents) events), \
            \(acknowledged.count) acknowledged (\(acknowledgedEvents) events), \
            \(attempts.filter { $0.requestSent && !$0.acknowledged }.count) unacknowledged batches in flight at the kill
            \(load.summary)
            count after the restart: \(replayedCount); replayed: \(replayLog.map { "\($0)" } ?? "<no log line>")
            journal files: \((try? FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("journal").path).sorted()) ?? [])
            first process log:
            \(first.logTail)
            second process log:
            \(second.logTail)
            """
        }
        #expect(
            acknowledgedEvents <= replayedCount && replayedCount <= sentEvents,
            "acknowledged \(acknowledgedEvents) ≤ counted \(replayedCount) ≤ sent \(sentEvents)\(context())")
        if storage == .journal {
            #expect(first.logFields("snapshot taken") != nil, "a snapshot was taken under load\(context())")
            #expect((replayLog?["snapshot"] as? String)?.hasPrefix("segment-") == true, "the restart restored it\(context())")
        } else {
            #expect(Int(replayLog?["events"] as? String ?? "") == replayedCount, "the replay log names what it counted\(context())")
        }
        #expect(restarted[Self.sum] == Double(replayedCount * Self.latencyMs), "\(restarted.series(of: "chat_ws_delivery_latency_ms"))")

        // d. Every client re-sends every batch it attempted, acknowledged or not: all are answered 202,
        //    the acknowledged ones as duplicates only, and each event ends up counted exactly once.
        let resend = Ledger()
        let batchesByClient = Dictionary(grouping: attempts, by: \.client).mapValues { $0.map(\.batch) }
        let resenders = Self.startClients(port: second.port, ledger: resend) { client in
            var remaining = batchesByClient[client] ?? []
            return { () -> Int? in remaining.isEmpty ? nil : remaining.removeFirst() }
        }
        defer {
            resend.stopRequested()
            resenders.wait()
        }
        #expect(resenders.wait(timeout: 90), "the re-sends finish\(context())")
        let resent = resend.attempts
        let outcome = Dictionary(uniqueKeysWithValues: resent.map { (BatchID(client: $0.client, batch: $0.batch), $0) })
        let (resentCount, attemptCount) = (resent.count, attempts.count)
        #expect(resentCount == attemptCount, "every batch is re-sent once\(context())")
        let unanswered = resent.filter { !$0.acknowledged || ($0.accepted ?? -1) + ($0.duplicates ?? -1) != $0.size }
        let unansweredCount = unanswered.count
        #expect(
            unansweredCount == 0,
            "every re-sent batch is answered 202, each event in it accepted or a duplicate: \(unanswered.prefix(10))\(context())")
        let lostKeys = acknowledged.compactMap { original -> Attempt? in
            guard let again = outcome[BatchID(client: original.client, batch: original.batch)] else { return nil }
            return again.accepted == 0 && again.duplicates == again.size ? nil : again
        }
        let lostKeyCount = lostKeys.count
        #expect(
            lostKeyCount == 0,
            "acknowledged batches re-sent are all duplicates (\"accepted\":0), not: \(lostKeys.prefix(10))\(context())")
        let newlyAccepted = resent.reduce(0) { $0 + ($1.accepted ?? 0) }
        let reportedDuplicates = resent.reduce(0) { $0 + ($1.duplicates ?? 0) }
        #expect(
            replayedCount + newlyAccepted == sentEvents,
            "the re-send accepted exactly the events the journal lacked: \(replayedCount) + \(newlyAccepted) vs \(sentEvents)\(context())")

        let final = try second.samples()
        #expect(
            final[Self.count] == Double(sentEvents),
            "each of the \(sentEvents) distinct events counted once: \(final.series(of: "chat_ws_delivery_latency_ms"))\(context())")
        #expect(final[Self.sum] == Double(sentEvents * Self.latencyMs), "\(final.series(of: "chat_ws_delivery_latency_ms"))")
        #expect(
            (final[Self.accepted] ?? 0) - (restarted[Self.accepted] ?? 0) == Double(newlyAccepted),
            "the self-metric counts what the re-send accepted: \(restarted.series(of: "commswatch_events")) → \(final.series(of: "commswatch_events"))")
        #expect(
            (final[Self.duplicates] ?? 0) - (restarted[Self.duplicates] ?? 0) == Double(reportedDuplicates),
            "the self-metric counts the duplicates answered: \(restarted.series(of: "commswatch_events")) → \(final.series(of: "commswatch_events"))")

        // e. The second process shuts down cleanly.
        second.kill(SIGTERM)
        #expect(second.terminationSignal == nil && second.terminationStatus == 0, "SIGTERM exits 0\n\(second.logTail)")
    }

    // MARK: - Clients

    struct BatchID: Hashable, Sendable {
        var client: Int
        var batch: Int
    }

    /// One POST of one batch and what came of it.
    struct Attempt: Sendable, CustomStringConvertible {
        var client: Int
        var batch: Int
        /// The whole request went out (a send error or refused connection leaves it false).
        var requestSent = false
        var status: Int?
        var accepted: Int?
        var duplicates: Int?
        var rejected: Int?
        var body = ""
        var error: String?
        /// The error came after the test started the kill.
        var afterKill = false

        /// All-or-nothing: a 202 means every event of the batch is durable.
        var acknowledged: Bool { status == 202 }

        /// Events in the batch.
        var size: Int { IngestCrashTests.batchSize(of: client) }

        var description: String {
            "c\(client)/b\(batch): \(status.map(String.init) ?? "-") \(body)\(error.map { " error: \($0)" } ?? "")"
        }
    }

    /// What the client threads did, shared with the test thread.
    final class Ledger: Sendable {
        private struct State {
            var attempts: [Attempt] = []
            var acknowledged = 0
            var killing = false
            var stop = false
            var running = 0
        }

        private let state = Mutex(State())

        var attempts: [Attempt] { state.withLock { $0.attempts } }
        var acknowledgedCount: Int { state.withLock { $0.acknowledged } }
        var clientsRunning: Int { state.withLock { $0.running } }
        var shouldStop: Bool { state.withLock { $0.stop } }

        func killing() { state.withLock { $0.killing = true } }
        func stopRequested() { state.withLock { $0.stop = true } }
        func clientStarted() { state.withLock { $0.running += 1 } }
        func clientFinished() { state.withLock { $0.running -= 1 } }

        func record(_ attempt: Attempt) {
            state.withLock {
                var attempt = attempt
                if attempt.error != nil { attempt.afterKill = $0.killing }
                if attempt.acknowledged { $0.acknowledged += 1 }
                $0.attempts.append(attempt)
            }
        }

        /// Per client: batches attempted, acknowledged, and how the last one ended.
        var summary: String {
            let attempts = self.attempts
            return Dictionary(grouping: attempts, by: \.client).sorted { $0.key < $1.key }.map { client, own in
                let last = own.max { $0.batch < $1.batch }.map { "\($0)" } ?? "-"
                return "client \(client): \(own.count) batches, \(own.filter(\.acknowledged).count) acknowledged; last \(last)"
            }.joined(separator: "\n")
        }
    }

    /// Client threads, each running until its batches run out, a request fails, or the test stops it.
    final class Clients: Sendable {
        let group = DispatchGroup()

        @discardableResult
        func wait(timeout: Double = 60) -> Bool { group.wait(timeout: .now() + timeout) == .success }
    }

    /// Starts `clients` threads; `batches(client)` makes the iterator of batch numbers each posts.
    /// Even-numbered clients keep their connection alive, odd-numbered ones connect per batch.
    static func startClients(port: Int, ledger: Ledger, batches: @escaping (Int) -> () -> Int?) -> Clients {
        let clients = Clients()
        for client in 0..<Self.clients {
            let next = UnsafeSendable(batches(client))
            let group = clients.group
            group.enter()
            ledger.clientStarted()
            let thread = Thread {
                defer {
                    ledger.clientFinished()
                    group.leave()
                }
                var connection: LoopbackConnection?
                while !ledger.shouldStop, let batch = next.value() {
                    var attempt = Attempt(client: client, batch: batch)
                    do {
                        let body = Self.batch(client: client, number: batch)
                        let request =
                            "POST /api/events HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-ndjson\r\n"
                            + "Content-Length: \(body.utf8.count)\r\n\r\n" + body
                        if connection == nil { connection = try LoopbackConnection(port: port) }
                        try connection!.send(request)
                        attempt.requestSent = true
                        guard let response = try connection!.readResponse(timeout: 20) else {
                            throw FixtureError("connection closed without an answer")
                        }
                        attempt.status = response.status
                        attempt.body = response.bodyText.trimmingCharacters(in: .whitespacesAndNewlines)
                        if let fields = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] {
                            attempt.accepted = fields["accepted"] as? Int
                            attempt.duplicates = fields["duplicates"] as? Int
                            attempt.rejected = (fields["rejected"] as? [Any])?.count
                        }
                        if attempt.acknowledged && (attempt.accepted == nil || attempt.duplicates == nil || attempt.rejected != 0) {
                            attempt.error = "a 202 without the expected report"
                        }
                        if client % 2 == 1 || response.header("Connection")?.lowercased() == "close" { connection = nil }
                        ledger.record(attempt)
                    } catch {
                        attempt.error = "\(error)"
                        ledger.record(attempt)
                        return
                    }
                }
            }
            thread.name = "ingest-crash-client-\(client)"
            thread.start()
        }
        return clients
    }

    /// Batch `number` of `client`: `batchSize(of: client)` `chat_message_delivered` events whose ids no other
    /// client or batch uses.
    static func batch(client: Int, number: Int) -> String {
        (0..<batchSize(of: client)).map { index in
            let id = "\(client)-\(number)-\(index)"
            return """
                {"event":"chat_message_delivered","event_id":"c\(id)","properties":{"message_id":"m-\(id)",\
                "delivery_latency_ms":\(latencyMs),"delivery_channel":"ws","region":"eu"}}\n
                """
        }.joined()
    }
}

/// Hands a closure that only one thread ever calls to that thread.
private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
