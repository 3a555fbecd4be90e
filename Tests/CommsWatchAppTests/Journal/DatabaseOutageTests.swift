import Foundation
import Synchronization
import TestSupport
import Testing

/// PostgreSQL goes away for 10 s while a client keeps posting: ingest answers 503 (at once, never
/// hanging) while the database is down, `/readyz` says why, ingestion resumes by itself once the
/// database is back, and nothing acknowledged is lost — in memory, and after a restart from the table.
struct DatabaseOutageTests {
    static let batchSize = 20
    static let count = "chat_ws_delivery_latency_ms_count{region=\"eu\",channel=\"ws\"}"

    /// One POST and its answer; `seconds` is how long the answer took.
    struct Post: Sendable {
        var batch: Int
        var status: Int?
        var accepted = 0
        var seconds: Double
        var during: Phase
    }

    enum Phase: Sendable { case before, outage, after }

    @Test(.timeLimit(.minutes(3)))
    func ingestAnswers503WhileTheDatabaseIsDownAndLosesNothing() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-db-outage-\(UUID())")
        defer { try? FileManager.default.removeItem(at: data) }
        let database = try PostgresServer()
        let service = try ServiceProcess(data: data, environment: ["DATABASE_URL": database.url])
        defer { service.stop() }

        let phase = Mutex(Phase.before)
        let posts = Mutex<[Post]>([])
        let stop = Atomic<Bool>(false)
        let port = service.port
        let client = Thread {
            var batch = 0
            while !stop.load(ordering: .relaxed) {
                let started = Date()
                let during = phase.withLock { $0 }
                var post = Post(batch: batch, seconds: 0, during: during)
                if let response = try? Self.post(Self.batch(batch), port: port) {
                    post.status = response.status
                    let report = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
                    post.accepted = report?["accepted"] as? Int ?? 0
                }
                post.seconds = Date().timeIntervalSince(started)
                posts.withLock { $0.append(post) }
                batch += 1
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        client.start()
        func waitFor(_ what: String, seconds: Double, _ condition: () -> Bool) {
            let deadline = Date().addingTimeInterval(seconds)
            while !condition() && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            #expect(condition(), "\(what)\n\(service.logTail)")
        }
        waitFor("batches are acknowledged before the outage", seconds: 20) { posts.withLock { $0.filter { $0.status == 202 }.count >= 10 } }

        phase.withLock { $0 = .outage }
        try database.stop()
        let downSince = Date()
        waitFor("ingest answers 503 while PostgreSQL is down", seconds: 5) {
            posts.withLock { $0.contains { $0.during == .outage && $0.status == 503 } }
        }
        let ready = try service.request("GET", "/readyz")
        #expect(ready.status == 503 && ready.bodyText.contains("database_unreachable"), "\(ready.status) \(ready.bodyText)")
        Thread.sleep(forTimeInterval: max(0, 10 - Date().timeIntervalSince(downSince)))
        try database.start()
        phase.withLock { $0 = .after }
        waitFor("ingestion resumes by itself", seconds: 30) { posts.withLock { $0.contains { $0.during == .after && $0.status == 202 } } }
        waitFor("/readyz is ready again", seconds: 10) { (try? service.request("GET", "/readyz"))?.status == 200 }
        stop.store(true, ordering: .relaxed)
        while client.isExecuting || !client.isFinished { Thread.sleep(forTimeInterval: 0.02) }

        let all = posts.withLock { $0 }
        let outage = all.filter { $0.during == .outage }
        let outageStatuses = Set(outage.map(\.status))
        #expect(outageStatuses.isSubset(of: [202, 503]), "during the outage every answer is 202 (before the loss was seen) or 503: \(outageStatuses)")
        let slowest = outage.map(\.seconds).max() ?? 0
        #expect(slowest < 8, "no request hangs while the database is down: slowest answer \(slowest) s")
        let acknowledged = all.filter { $0.status == 202 }.reduce(0) { $0 + $1.accepted }
        #expect(try service.samples()[Self.count] == Double(acknowledged), "every acknowledged event counts, nothing else\n\(service.logTail)")

        // The refused batches, sent again, are taken; a commit whose answer was lost counts once too.
        for post in all where post.status != 202 {
            let again = try service.request("POST", "/api/events", body: Self.batch(post.batch), contentType: "application/x-ndjson")
            #expect(again.status == 202, "\(again.status) \(again.bodyText)")
        }
        #expect(try service.samples()[Self.count] == Double(all.count * Self.batchSize))

        service.kill(SIGTERM)
        let restarted = try ServiceProcess(data: data, environment: ["DATABASE_URL": database.url])
        defer { restarted.stop() }
        #expect(try restarted.samples()[Self.count] == Double(all.count * Self.batchSize), "the database holds what was counted\n\(restarted.logTail)")
    }

    static func post(_ body: String, port: Int) throws -> LoopbackConnection.Response? {
        let client = try LoopbackConnection(port: port)
        try client.send(
            "POST /api/events HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-ndjson\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        return try client.readResponse(timeout: 20)
    }

    static func batch(_ number: Int) -> String {
        (0..<batchSize).map { index in
            """
            {"event":"chat_message_delivered","event_id":"o-\(number)-\(index)","properties":{"message_id":"m-\(number)-\(index)",\
            "delivery_latency_ms":40,"delivery_channel":"ws","region":"eu"}}\n
            """
        }.joined()
    }
}
