import Foundation
import MetricRegistry

/// Scrape time of ~13 000 sample lines, ours next to a peer server started by hand (the Hummingbird +
/// swift-prometheus peer in ../shared/bench/hb-peer): both hold 1 000 latency histograms of 10 buckets,
/// and both are scraped one request at a time over one keep-alive connection.
enum PeerScrapeComparison {
    struct Row {
        var label: String
        var ours: Double
        var peer: Double
    }

    /// 1 000 (channel, region) pairs; the peer learns them from events, we from the registry directly.
    static let pairs: [(channel: String, region: String)] = (0..<1_000).map { ("channel-\($0 / 50)", "region-\($0 % 50)") }

    static func fill(_ registry: MetricRegistry) {
        let family = registry.histogram(
            name: "delivery_latency_ms", help: "delivery_latency_ms of events", labelNames: ["channel", "region"],
            buckets: MicroBenchmarks.buckets
        )
        for (i, pair) in pairs.enumerated() { family.labels(pair.channel, pair.region).observe(Double(i % 6000)) }
    }

    /// Posts one event per pair to the peer's `/api/events` with wrk, cycling through the pairs.
    static func fillPeer(port: Int) throws {
        var lua = "local bodies = {}\n"
        for pair in pairs {
            lua += "bodies[#bodies + 1] = '{\"event\":\"chat_message_delivered\",\"properties\":{\"delivery_latency_ms\":123,"
                + "\"delivery_channel\":\"\(pair.channel)\",\"region\":\"\(pair.region)\"}}'\n"
        }
        lua += """
            local i = 0
            request = function()
              i = i % #bodies + 1
              return wrk.format("POST", "/api/events", {["Content-Type"] = "application/json"}, bodies[i])
            end
            """
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-fill-\(UUID()).lua")
        try lua.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        _ = try HTTPLoad.command("wrk", ["-t1", "-c1", "-d2s", "-s", script.path, "http://127.0.0.1:\(port)"])
    }

    static func run(ourPort: Int, peerPort: Int, duration: String) throws -> [Row] {
        try fillPeer(port: peerPort)
        var rows: [Row] = []
        for (label, headers) in [("plain", [String: String]()), ("gzip", ["Accept-Encoding": "gzip"])] {
            func millisecondsPerScrape(_ port: Int) throws -> Double {
                let result = try HTTPLoad.run(
                    label: label, port: port, path: "/api/metrics/prometheus", headers: headers,
                    arguments: ["-t1", "-c1", duration]
                )
                return 1000 / result.requestsPerSecond
            }
            rows.append(Row(label: label, ours: try millisecondsPerScrape(ourPort), peer: try millisecondsPerScrape(peerPort)))
        }
        return rows
    }
}
