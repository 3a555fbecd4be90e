import CommsWatchApp
import Foundation
import Ingest
import MetricRegistry

/// Ingest throughput: single-event POSTs over keep-alive, and NDJSON batches of 1 000 events,
/// in-process (parsing, validation, dedup and metric updates) and over HTTP.
enum IngestBenchmark {
    /// A `chat_message_delivered` like ../shared/bench/post_event.lua's, with a unique message id.
    static func event(_ n: Int, prefix: String = "m") -> String {
        "{\"event\":\"chat_message_delivered\",\"properties\":{\"message_id\":\"\(prefix)-5f2c9a1e-7b3d-4e8a-9c6f-\(n)\","
            + "\"thread_id\":\"t-42\",\"delivery_latency_ms\":\(n % 2000),\"delivery_channel\":\"ws\",\"region\":\"eu\"}}"
    }

    /// NDJSON bodies of `size` events each, ids unique across all bodies (and across prefixes).
    static func batches(count: Int, size: Int, prefix: String) -> [[UInt8]] {
        (0..<count).map { batch in
            Array((0..<size).map { event(batch * size + $0, prefix: prefix) }.joined(separator: "\n").utf8)
        }
    }

    /// Events per second through the pipeline alone, `threads` threads each ingesting its own batches, in
    /// steady state: the idempotency window (the service's default of 1 000 000 keys) is filled first, so
    /// every timed insert also evicts, as in a long-running service.
    static func pipelineEventsPerSecond(threads: Int, batchesPerThread: Int) throws -> Double {
        let registry = MetricRegistry()
        let processor = EventProcessor(
            registry: registry, window: IdempotencyWindow(capacity: 1_000_000), now: { Date().timeIntervalSince1970 }
        )
        let pipeline = IngestPipeline(processor: processor, hasher: .withRandomKey(), registry: registry)
        for body in batches(count: 1_000, size: 1000, prefix: "warm") { _ = try? pipeline.ingestNDJSONWaiting(body) }
        let work = (0..<threads).map { batches(count: batchesPerThread, size: 1000, prefix: "t\($0)") }
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for body in work[thread] {
                let report = try! pipeline.ingestNDJSONWaiting(body)
                precondition(report.accepted == 1000, "benchmark events must all be accepted: \(report)")
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(threads * batchesPerThread * 1000) / seconds
    }

    /// Resident memory growth from inserting `count` distinct idempotency keys into a window that
    /// holds them all (its shards round the capacity up a little).
    static func residentBytesForKeys(_ count: Int) -> (bytes: Int, perKey: Double, kept: Int) {
        let before = residentBytes()
        let window = IdempotencyWindow(capacity: count + count / 50)
        for n in 0..<count {
            _ = window.insert("chat_message_sent:m-5f2c9a1e-7b3d-4e8a-9c6f-\(n)", now: 0)
        }
        let grown = residentBytes() - before
        return (grown, Double(grown) / Double(window.count), window.count)
    }

    static func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// CPU seconds this process has used (user + system), to divide by requests served.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// A wrk script posting events with ids unique to this script (one Lua state with -t1): make one
    /// per run, since a server that saw the ids before answers duplicates without writing anything.
    static func uniqueEventScript() throws -> URL {
        let lua = """
            local n = 0
            request = function()
              n = n + 1
              local body = '{"event":"chat_message_delivered","properties":{"message_id":"m-\(UUID().uuidString)-' .. n .. '","thread_id":"t-42",'
                .. '"delivery_latency_ms":' .. (n % 2000) .. ',"delivery_channel":"ws","region":"eu"}}'
              return wrk.format("POST", "/api/events", {["Content-Type"] = "application/json"}, body)
            end
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-events-\(UUID()).lua")
        try lua.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// A wrk script posting NDJSON batches of `size` events; each request puts the script's own id and
    /// its number into the message ids (Lua's gsub, in C), so every event of the run is distinct.
    static func batchScript(size: Int) throws -> URL {
        let template = (0..<size).map { event($0).replacingOccurrences(of: "\"m-", with: "\"m-@-") }.joined(separator: "\n")
        let lua = """
            local template = [==[\(template)]==]
            local n = 0
            request = function()
              n = n + 1
              local body = template:gsub("@", "\(UUID().uuidString)-" .. tostring(n))
              return wrk.format("POST", "/api/events", {["Content-Type"] = "application/x-ndjson"}, body)
            end
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-batches-\(UUID()).lua")
        try lua.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}
