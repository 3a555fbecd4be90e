import CommsWatchApp
import MetricRegistry
import Foundation
import TestSupport
import Testing

/// A real Prometheus (Debian's 2.42) scrapes the service and answers queries about what it scraped.
struct PrometheusScrapeTests {
    @Test(.timeLimit(.minutes(5)))
    func prometheusScrapesTheServiceAndSeesTheCounter() throws {
        let binary = try #require(ExternalTool.find("prometheus"), "prometheus is not installed; run .ci/install-deps")
        let running = try RunningService()
        running.service.registry.counter(
            name: "commswatch_test_scraped_total", help: "Incremented by the test.", labelNames: ["source"]
        ).labels("registry").increment(by: 7)

        let prometheus = try PrometheusProcess(binary: binary, scrapeTarget: "127.0.0.1:\(running.port)")
        defer { prometheus.stop() }

        let up = try prometheus.waitForValue(of: "up{job=\"commswatch\"}", timeout: 60)
        #expect(up == "1")
        let counter = try prometheus.waitForValue(of: "commswatch_test_scraped_total{source=\"registry\"}", timeout: 30)
        #expect(counter == "7")
    }
}

/// A throwaway Prometheus server scraping one target every second.
final class PrometheusProcess {
    let process = Process()
    let port: Int
    let directory: URL

    init(binary: String, scrapeTarget: String, ruleFiles: [String] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-prometheus-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [\(ruleFiles.map { "'\($0)'" }.joined(separator: ", "))]
            scrape_configs:
              - job_name: commswatch
                metrics_path: /api/metrics/prometheus
                static_configs:
                  - targets: ['\(scrapeTarget)']
            """
        let configFile = directory.appendingPathComponent("prometheus.yml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        port = try FreePort.find()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--config.file=\(configFile.path)", "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: Self.logFile(in: directory))
        try process.run()
    }

    private static func logFile(in directory: URL) throws -> URL {
        let file = directory.appendingPathComponent("prometheus.log")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        return file
    }

    /// Polls the instant-query API until `query` returns one sample, and returns its value.
    func waitForValue(of query: String, timeout: Double) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            let result = try ExternalTool.run(
                "curl", ["--silent", "--max-time", "5", "--get", "--data-urlencode", "query=\(query)",
                         "http://127.0.0.1:\(port)/api/v1/query"]
            )
            last = result.stdout
            if let data = result.stdout.data(using: .utf8),
                let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let payload = json["data"] as? [String: Any],
                let samples = payload["result"] as? [[String: Any]],
                let value = samples.first?["value"] as? [Any], value.count == 2, let text = value[1] as? String
            {
                return text
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("prometheus.log"), encoding: .utf8)) ?? ""
        throw PrometheusTimeout(description: "no sample for \(query) within \(timeout)s; last answer: \(last); log: \(log)")
    }

    /// GETs an API path and decodes its JSON object; nil when Prometheus does not answer (yet).
    func json(_ path: String) throws -> [String: Any]? {
        let result = try ExternalTool.run("curl", ["--silent", "--max-time", "5", "http://127.0.0.1:\(port)\(path)"])
        return result.stdout.data(using: .utf8).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

struct PrometheusTimeout: Error, CustomStringConvertible {
    var description: String
}
