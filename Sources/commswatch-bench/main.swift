import CommsWatchApp
import Foundation
import MetricRegistry

// Benchmarks for docs/PERFORMANCE.md:
//   swift run -c release commswatch-bench [--quick] [--only metrics,render,http,pipeline,journal,postgres,ingest,health,rules]
//       [--peer-port PORT] [--go-peer BINARY]
// The postgres section runs when DATABASE_URL names a database it may fill with test events.
// Every figure is printed next to a reference measured in the same run where one exists.

let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")
let sections = arguments.firstIndex(of: "--only").map { Set(arguments[$0 + 1].split(separator: ",").map(String.init)) }
    ?? ["metrics", "render", "http", "pipeline", "journal", "postgres", "ingest", "health", "rules"]
let shared = ProcessInfo.processInfo.environment["COMMSWATCH_SHARED_DIR"]
    ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).deletingLastPathComponent()
        .appendingPathComponent("shared").path
let compareScript = shared + "/bench/compare.sh"
let seconds = quick ? 3 : 10
let duration = "-d\(seconds)s"
let goPeer = arguments.firstIndex(of: "--go-peer").map { arguments[$0 + 1] }

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

/// Every service's data directory lives under this one, removed when the benchmarks end.
let dataRoot = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-bench-\(UUID())")
defer { try? FileManager.default.removeItem(at: dataRoot) }

func startService(_ configure: (inout AppConfiguration) -> Void = { _ in }) throws -> CommsWatchService {
    var configuration = AppConfiguration()
    configuration.port = 0
    configuration.dataDirectory = dataRoot.appendingPathComponent(UUID().uuidString).path
    configure(&configuration)
    return try CommsWatchService(configuration: configuration, log: EventLog { _ in })
}

/// Runs `body` with a service configured by `configure`, then shuts it down.
func withService<Result>(_ configure: (inout AppConfiguration) -> Void, _ body: (CommsWatchService) throws -> Result) throws -> Result {
    let service = try startService(configure)
    defer {
        service.shutdown(reason: "benchmark finished")
        service.wait()
    }
    return try body(service)
}

func compareWithReference(port: Int, script: URL?, what: String) throws {
    guard FileManager.default.fileExists(atPath: compareScript) else {
        print("\n(\(compareScript) not found: set COMMSWATCH_SHARED_DIR to compare with the reference server)")
        return
    }
    print("\n### Against the reference C epoll server (../shared/bench/compare.sh, \(what), wrk -t1 -c64 -d10s)\n")
    print(try HTTPLoad.compareWithReference(compareScript: compareScript, port: port, script: script))
}

if sections.contains("metrics") {
    print("## Metric updates (ns/op per thread; lower is better)\n")
    print("| operation | lock-free registry | Mutex reference | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for row in MicroBenchmarks.run(iterations: quick ? 2_000_000 : 20_000_000) {
        print("| \(row.name) | \(format(row.lockFree)) | \(format(row.mutex)) | \(format(row.lockFree / row.mutex, 2)) |")
    }
}

if sections.contains("render") {
    print("\n## Scrape rendering (median of 50, text 0.0.4)\n")
    print("| registry | sample lines | bytes | render ms | render + gzip ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    let counters = MetricRegistry()
    RenderBenchmark.addCounterSeries(to: counters)
    let histograms = MetricRegistry()
    RenderBenchmark.addHistogramSeries(to: histograms)
    for result in [
        RenderBenchmark.measure("10 000 counter series", registry: counters),
        RenderBenchmark.measure("1 000 histogram series × 10 buckets", registry: histograms),
    ] {
        print("| \(result.name) | \(result.lines) | \(result.bytes) | \(format(result.plainMilliseconds, 2)) | \(format(result.gzipMilliseconds, 2)) |")
    }
}

if sections.contains("http") {
    let service = try startService()
    RenderBenchmark.addCounterSeries(to: service.registry)
    print("\n## HTTP (wrk on the same machine, keep-alive)\n")
    print("| load | requests/s | p99 ms |")
    print("| --- | ---: | ---: |")
    for load in [
        try HTTPLoad.run(label: "GET /healthz, wrk -t1 -c64", port: service.port, path: "/healthz", arguments: ["-t1", "-c64", duration]),
        try HTTPLoad.run(
            label: "GET /api/metrics/prometheus (10 000 series), wrk -t1 -c4", port: service.port, path: "/api/metrics/prometheus",
            arguments: ["-t1", "-c4", duration]
        ),
        try HTTPLoad.run(
            label: "same, Accept-Encoding: gzip", port: service.port, path: "/api/metrics/prometheus",
            headers: ["Accept-Encoding": "gzip"], arguments: ["-t1", "-c4", duration]
        ),
    ] {
        print("| \(load.label) | \(format(load.requestsPerSecond, 0)) | \(format(load.p99Milliseconds, 2)) |")
    }
    try compareWithReference(port: service.port, script: try HTTPLoad.luaScript(path: "/healthz", headers: [:]), what: "GET /healthz")
    service.shutdown(reason: "benchmark finished")
    service.wait()
}

if sections.contains("pipeline") {
    print("\n## Ingest pipeline in-process (parse, validate, dedup, metric updates; NDJSON batches of 1 000)\n")
    print("| threads | events/s |")
    print("| ---: | ---: |")
    for threads in [1, 2] {
        let rate = try IngestBenchmark.pipelineEventsPerSecond(threads: threads, batchesPerThread: quick ? 50 : 300)
        print("| \(threads) | \(format(rate, 0)) |")
    }
}

if sections.contains("journal") {
    print("\n## Embedded journal: the pipeline with and without it (NDJSON batches of 1 000, group commit, fdatasync)\n")
    print("| threads | with journal, events/s | without, events/s | ratio |")
    print("| ---: | ---: | ---: | ---: |")
    for threads in [1, 2, 4] {
        let rate = try JournalBenchmark.pipeline(threads: threads, batchesPerThread: quick ? 50 : 200)
        print("| \(threads) | \(format(rate.withJournal, 0)) | \(format(rate.withoutJournal, 0)) | \(format(rate.withJournal / rate.withoutJournal, 2)) |")
    }
    let events = quick ? 1_000_000 : 10_000_000
    let replay = try JournalBenchmark.replay(events: events)
    print(
        "\nReplay of \(events) events (\(format(Double(replay.bytes) / 1_048_576, 0)) MiB of journal) into a fresh processor: "
            + "\(format(replay.eventsPerSecond, 0)) events/s (reading and checking alone \(format(replay.readOnly, 0)), "
            + "with decoding \(format(replay.decodeOnly, 0)))"
    )
    let snapshot = try JournalBenchmark.snapshot(keys: 1_000_000)
    print(
        "Snapshot of a processor whose 1 000 000-key window is full: \(format(Double(snapshot.bytes) / 1e6, 1)) MB, "
            + "taken in \(format(snapshot.takeSeconds * 1000, 0)) ms (ingest pauses that long), "
            + "restored in \(format(snapshot.restoreSeconds * 1000, 0)) ms"
    )
}

if sections.contains("postgres") {
    if let url = ProcessInfo.processInfo.environment["DATABASE_URL"] {
        print("\n## PostgreSQL store: the pipeline with and without it (NDJSON batches of 1 000, one transaction each, 4 connections)\n")
        print("| threads | with PostgreSQL, events/s | without, events/s | ratio |")
        print("| ---: | ---: | ---: | ---: |")
        for threads in [1, 2, 4] {
            let rate = try PostgresBenchmark.pipeline(url: url, threads: threads, batchesPerThread: quick ? 10 : 50)
            print("| \(threads) | \(format(rate.withJournal, 0)) | \(format(rate.withoutJournal, 0)) | \(format(rate.withJournal / rate.withoutJournal, 2)) |")
        }
        print("\n## PostgreSQL store over HTTP: single events, unique ids (wrk -t1, \(seconds) s each)\n")
        print(DurableIngestBenchmark.Row.header)
        let service = try startService {
            $0.databaseURL = url
            $0.instance = "bench-\(UUID().uuidString.prefix(8))"
            $0.dedupCapacity = 5_000_000
        }
        for connections in [64, 8] {
            let row = try DurableIngestBenchmark.measure(
                "commswatch, PostgreSQL store", DurableIngestBenchmark.inProcess(service), script: try IngestBenchmark.uniqueEventScript(),
                connections: connections, seconds: seconds)
            print(row.markdown)
        }
        service.shutdown(reason: "benchmark finished")
        service.wait()
    } else {
        print("\n(PostgreSQL store: set DATABASE_URL to measure it; scripts/throwaway-postgres starts one)")
    }
}

if sections.contains("ingest") {
    print("\n## Single events over HTTP, unique ids (wrk -t1, one event per request, \(seconds) s each, one run)\n")
    let syncBefore = try DiskSyncProbe.microsecondsPerSync()
    print(DurableIngestBenchmark.Row.header)
    let single = try DurableIngestBenchmark.singleEvents(shared: shared, goPeer: goPeer, seconds: seconds)
    for row in single { print(row.markdown) }
    let syncAfter = try DiskSyncProbe.microsecondsPerSync()
    print(
        "\nThis disk, 4 KiB pwrite + fdatasync into a zero-filled file: \(format(syncBefore, 0)) µs before the rows, "
            + "\(format(syncAfter, 0)) µs after (at most \(format(2e6 / (syncBefore + syncAfter), 0)) syncs/s)")
    for connections in [64, 8] {
        let rows = single.filter { $0.connections == connections && $0.label.hasPrefix("commswatch") && !$0.label.contains("repeated") }
        if let off = rows.first(where: { $0.label.contains("--no-journal") }), let on = rows.first(where: { $0.label.contains("journal on") }) {
            print("\nJournal on / off at \(connections) connections: \(format(on.requestsPerSecond / off.requestsPerSecond, 2))", terminator: "")
        }
    }
    print("\n\n## NDJSON batches of 1 000 unique events over HTTP (wrk -t1 -c4, \(seconds) s each)\n")
    print(DurableIngestBenchmark.Row.header)
    let batches = try DurableIngestBenchmark.batches(seconds: seconds)
    for row in batches { print(row.markdown) }
    print("\nJournal on / off: \(format(batches[1].requestsPerSecond / batches[0].requestsPerSecond, 2)) (events/s = requests/s × 1 000)")

    let service = try startService { $0.dedupCapacity = 5_000_000 }
    try compareWithReference(
        port: service.port, script: try IngestBenchmark.uniqueEventScript(), what: "POST one event with a unique id, journal on")
    if let flag = arguments.firstIndex(of: "--peer-port"), let peerPort = Int(arguments[flag + 1]) {
        let postEvent = URL(fileURLWithPath: shared + "/bench/post_event.lua")
        let ours = try HTTPLoad.run(label: "commswatch", port: service.port, script: postEvent, arguments: ["-t1", "-c64", duration])
        let peer = try HTTPLoad.run(label: "peer", port: peerPort, script: postEvent, arguments: ["-t1", "-c64", duration])
        print(
            "\n../shared/bench/post_event.lua, wrk -t1 -c64: commswatch \(format(ours.requestsPerSecond, 0)) req/s, "
                + "peer on port \(peerPort) \(format(peer.requestsPerSecond, 0)) req/s, ratio \(format(ours.requestsPerSecond / peer.requestsPerSecond, 2))"
        )
    }
    service.shutdown(reason: "benchmark finished")
    service.wait()
    let keys = IngestBenchmark.residentBytesForKeys(1_000_000)
    print(
        "\nResident memory for 1 000 000 distinct idempotency keys (\(keys.kept) kept): "
            + "\(format(Double(keys.bytes) / 1_048_576, 1)) MiB, \(format(keys.perKey, 1)) bytes per key"
    )
}

if sections.contains("health") {
    let (health, scrapes, posts) = try DurableIngestBenchmark.healthUnderScrapes(seconds: seconds)
    print("\n## /healthz while three clients scrape 10 000 series in a loop and one posts events (journal on, \(seconds) s)\n")
    print("| load | requests/s | p99 ms |")
    print("| --- | ---: | ---: |")
    for (label, result) in [
        ("GET /healthz, one client", health), ("GET /api/metrics/prometheus, three clients", scrapes),
        ("POST /api/events (unique ids), one client", posts),
    ] {
        print("| \(label) | \(format(result.requestsPerSecond, 0)) | \(format(result.p99Milliseconds, 2)) |")
    }
}

if sections.contains("rules") {
    let rules = try RuleBenchmark.run(rulesPath: "prometheus/alerts.yml", ticks: quick ? 10 : 40)
    print("\n## Rule evaluation: prometheus/alerts.yml, one tick over \(rules.series) series sampled every 15 s\n")
    print("median \(format(rules.medianMilliseconds, 2)) ms per tick, worst \(format(rules.worstMilliseconds, 2)) ms")
    print("history memory: \(format(rules.bytesPerSeries, 0)) bytes per series (resident-set growth)")
}

// --peer-port PORT: a peer already running there (../shared/bench/hb-peer) is filled with 1 000 histogram
// series through its event endpoint and scraped next to ours with the same shape.
if let flag = arguments.firstIndex(of: "--peer-port"), let peerPort = Int(arguments[flag + 1]) {
    let shaped = try startService()
    PeerScrapeComparison.fill(shaped.registry)
    print("\n## Scrape of 1 000 histograms × 10 buckets, one request at a time (ms per scrape; lower is better)\n")
    print("| encoding | commswatch | peer on port \(peerPort) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for row in try PeerScrapeComparison.run(ourPort: shaped.port, peerPort: peerPort, duration: duration) {
        print("| \(row.label) | \(format(row.ours, 2)) | \(format(row.peer, 2)) | \(format(row.ours / row.peer, 2)) |")
    }
    shaped.shutdown(reason: "benchmark finished")
    shaped.wait()
}
