import CommsWatchApp
import Foundation
import MetricRegistry
import Synchronization

/// Ingest over HTTP as services send it, with the journal on (the default) and off, in one run:
/// single events with unique ids next to the reference C server and the Go peer, NDJSON batches,
/// how many requests one journal sync carries, and /healthz while large scrapes run.
enum DurableIngestBenchmark {
    struct Row {
        var label: String
        var connections: Int
        var requestsPerSecond: Double
        var p99Milliseconds: Double
        var cpuMicrosecondsPerRequest: Double
        /// Journal syncs per second and requests per sync (nil when nothing was synced), when the server journals.
        var syncs: (perSecond: Double, requestsPerSync: Double?)?

        var markdown: String {
            let syncColumns = syncs.map { "\(format($0.perSecond, 0)) | \($0.requestsPerSync.map { format($0, 1) } ?? "–")" } ?? "– | –"
            return "| \(label) | \(connections) | \(format(requestsPerSecond, 0)) | \(format(p99Milliseconds, 2)) | "
                + "\(format(cpuMicrosecondsPerRequest, 1)) | \(syncColumns) |"
        }

        static let header = """
            | server | connections | requests/s | p99 ms | server CPU µs per request | journal syncs/s | requests per sync |
            | --- | ---: | ---: | ---: | ---: | ---: | ---: |
            """
    }

    /// A server under load: where it listens and how much CPU it has used so far.
    struct Target {
        var port: Int
        var cpuSeconds: () -> Double
        /// Journal syncs and appends so far (nil without a journal).
        var journal: () -> (syncs: Double, appends: Double)?
    }

    static func inProcess(_ service: CommsWatchService) -> Target {
        Target(
            port: service.port, cpuSeconds: IngestBenchmark.processCPUSeconds,
            journal: {
                let families = service.registry.snapshot()
                func total(_ name: String) -> Double? {
                    guard case .scalar(let value)? = families.first(where: { $0.name == name })?.series.first?.value else { return nil }
                    return value
                }
                guard let syncs = total("commswatch_journal_syncs_total"), let appends = total("commswatch_journal_appends_total") else {
                    return nil
                }
                return (syncs, appends)
            })
    }

    static func external(_ server: ExternalServer) -> Target {
        Target(port: server.port, cpuSeconds: { server.cpuSeconds }, journal: { nil })
    }

    /// One wrk run of `script` against `target`, charged with the target's CPU and journal syncs.
    static func measure(_ label: String, _ target: Target, script: URL, connections: Int, seconds: Int) throws -> Row {
        let duration = "-d\(seconds)s"
        let cpuBefore = target.cpuSeconds(), journalBefore = target.journal()
        let load = try HTTPLoad.run(label: label, port: target.port, script: script, arguments: ["-t1", "-c\(connections)", duration])
        let cpu = target.cpuSeconds() - cpuBefore
        var row = Row(
            label: label, connections: connections, requestsPerSecond: load.requestsPerSecond, p99Milliseconds: load.p99Milliseconds,
            cpuMicrosecondsPerRequest: cpu / Double(load.requests) * 1e6)
        if let before = journalBefore, let after = target.journal() {
            let syncs = after.syncs - before.syncs
            row.syncs = (syncs / (Double(load.requests) / load.requestsPerSecond), syncs > 0 ? (after.appends - before.appends) / syncs : nil)
        }
        return row
    }

    /// Single-event POSTs: the reference server and the Go peer (when given), then commswatch with
    /// a repeated id (nothing to write), without the journal and with it, at 64 and 8 connections.
    static func singleEvents(shared: String, goPeer: String?, seconds: Int) throws -> [Row] {
        var rows: [Row] = []
        let reference = try ExternalServer.reference(shared: shared)
        rows.append(
            try measure(
                "reference C epoll server (limit_server.c)", external(reference), script: try IngestBenchmark.uniqueEventScript(),
                connections: 64, seconds: seconds))
        reference.stop()
        if let goPeer {
            let peer = try ExternalServer(goPeer, ["{port}"])
            rows.append(
                try measure(
                    "Go net/http + client_golang (no durability)", external(peer), script: try IngestBenchmark.uniqueEventScript(),
                    connections: 64, seconds: seconds))
            peer.stop()
        }
        for (label, journal) in [("commswatch --no-journal", false), ("commswatch, journal on (the default)", true)] {
            try withService({ $0.journal = journal; $0.dedupCapacity = 5_000_000 }) { service in
                if journal {
                    let repeated = URL(fileURLWithPath: shared + "/bench/post_event.lua")
                    rows.append(
                        try measure(
                            "commswatch, journal on, one repeated id (duplicates: nothing to write)", inProcess(service), script: repeated,
                            connections: 64, seconds: seconds))
                }
                for connections in [64, 8] {
                    rows.append(
                        try measure(
                            label, inProcess(service), script: try IngestBenchmark.uniqueEventScript(), connections: connections,
                            seconds: seconds))
                }
            }
        }
        return rows
    }

    /// NDJSON batches of 1 000 unique events over 4 connections, without the journal and with it.
    static func batches(seconds: Int) throws -> [Row] {
        try [("commswatch --no-journal", false), ("commswatch, journal on (the default)", true)].map { label, journal in
            try withService({ $0.journal = journal; $0.dedupCapacity = 5_000_000 }) { service in
                try measure(label, inProcess(service), script: try IngestBenchmark.batchScript(size: 1000), connections: 4, seconds: seconds)
            }
        }
    }

    /// /healthz from one client while three clients scrape a registry of 10 000 series in a loop and
    /// one posts unique events as fast as it can (journal on); the loads start before and end after
    /// the health checks.
    static func healthUnderScrapes(seconds: Int) throws -> (health: HTTPLoad.Result, scrapes: HTTPLoad.Result, posts: HTTPLoad.Result) {
        try withService({ $0.dedupCapacity = 5_000_000 }) { service in try healthUnderScrapes(service, seconds: seconds) }
    }

    private static func healthUnderScrapes(
        _ service: CommsWatchService, seconds: Int
    ) throws -> (health: HTTPLoad.Result, scrapes: HTTPLoad.Result, posts: HTTPLoad.Result) {
        RenderBenchmark.addCounterSeries(to: service.registry)
        let scrape = try HTTPLoad.luaScript(path: "/api/metrics/prometheus", headers: [:])
        let health = try HTTPLoad.luaScript(path: "/healthz", headers: [:])
        let posts = try IngestBenchmark.uniqueEventScript()
        let group = DispatchGroup()
        let background = Background()
        for (name, script, connections) in [("scrapes", scrape, 3), ("posts", posts, 1)] {
            DispatchQueue.global().async(group: group) {
                let result = Result {
                    try HTTPLoad.run(label: name, port: service.port, script: script, arguments: ["-t1", "-c\(connections)", "-d\(seconds + 2)s"])
                }
                background.results.withLock { $0[name] = result }
            }
        }
        Thread.sleep(forTimeInterval: 1)
        let healthResult = try HTTPLoad.run(label: "healthz", port: service.port, script: health, arguments: ["-t1", "-c1", "-d\(seconds)s"])
        group.wait()
        let results = background.results.withLock { $0 }
        return (healthResult, try results["scrapes"]!.get(), try results["posts"]!.get())
    }

    private final class Background: Sendable {
        let results = Mutex<[String: Result<HTTPLoad.Result, any Error>]>([:])
    }
}
