import CommsWatchApp
import Foundation
import MetricRegistry

// Benchmarks for docs/PERFORMANCE.md. Run: swift run -c release commswatch-bench [--quick]
// Every figure is printed next to a reference measured in the same run.

let quick = CommandLine.arguments.contains("--quick")
let shared = ProcessInfo.processInfo.environment["COMMSWATCH_SHARED_DIR"]
    ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).deletingLastPathComponent()
        .appendingPathComponent("shared").path

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

print("## Metric updates (ns/op per thread; lower is better)\n")
print("| operation | lock-free registry | Mutex reference | ratio |")
print("| --- | ---: | ---: | ---: |")
for row in MicroBenchmarks.run(iterations: quick ? 2_000_000 : 20_000_000) {
    print("| \(row.name) | \(format(row.lockFree)) | \(format(row.mutex)) | \(format(row.lockFree / row.mutex, 2)) |")
}

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

var configuration = AppConfiguration()
configuration.port = 0
configuration.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-bench-\(UUID())").path
let service = try CommsWatchService(configuration: configuration, log: EventLog { _ in })
RenderBenchmark.addCounterSeries(to: service.registry)
let port = service.port
let duration = quick ? "-d3s" : "-d10s"

print("\n## HTTP (wrk on the same machine, keep-alive)\n")
print("| load | requests/s | p99 ms |")
print("| --- | ---: | ---: |")
for load in [
    try HTTPLoad.run(label: "GET /healthz, wrk -t1 -c64", port: port, path: "/healthz", arguments: ["-t1", "-c64", duration]),
    try HTTPLoad.run(
        label: "GET /api/metrics/prometheus (10 000 series), wrk -t1 -c4", port: port, path: "/api/metrics/prometheus",
        arguments: ["-t1", "-c4", duration]
    ),
    try HTTPLoad.run(
        label: "same, Accept-Encoding: gzip", port: port, path: "/api/metrics/prometheus",
        headers: ["Accept-Encoding": "gzip"], arguments: ["-t1", "-c4", duration]
    ),
] {
    print("| \(load.label) | \(format(load.requestsPerSecond, 0)) | \(format(load.p99Milliseconds, 2)) |")
}

let compare = shared + "/bench/compare.sh"
if FileManager.default.fileExists(atPath: compare) {
    print("\n## Against the reference C epoll server (../shared/bench/compare.sh, GET /healthz, wrk -t1 -c64 -d10s)\n")
    print(try HTTPLoad.compareWithReference(compareScript: compare, port: port, path: "/healthz"))
} else {
    print("\n(\(compare) not found: set COMMSWATCH_SHARED_DIR to compare with the reference server)")
}
service.shutdown(reason: "benchmark finished")
service.wait()

// --peer-port PORT: a peer already running there (../shared/bench/hb-peer) is filled with 1 000 histogram
// series through its event endpoint and scraped next to ours with the same shape.
if let flag = CommandLine.arguments.firstIndex(of: "--peer-port"), let peerPort = Int(CommandLine.arguments[flag + 1]) {
    var peerConfiguration = configuration
    peerConfiguration.dataDirectory += "-peer"
    let shaped = try CommsWatchService(configuration: peerConfiguration, log: EventLog { _ in })
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
