import Foundation
import TestSupport

/// Prometheus running the repository's `prometheus/prometheus.yml` with its `alerts.yml`, the compose
/// service addresses rewritten to the loopback ports of the processes the test started.
final class StackPrometheus {
    let process = Process()
    let port: Int
    let directory: URL
    var log: String { (try? String(contentsOf: directory.appendingPathComponent("prometheus.log"), encoding: .utf8)) ?? "" }

    init(binary: String, servicePort: Int, alertmanagerPort: Int) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-stack-prometheus-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try FreePort.find()
        let folder = SharedData.repositoryRoot.appendingPathComponent("prometheus")
        let original = try String(contentsOf: folder.appendingPathComponent("prometheus.yml"), encoding: .utf8)
        let configFile = directory.appendingPathComponent("prometheus.yml")
        try Self.adapt(original, servicePort: servicePort, alertmanagerPort: alertmanagerPort, prometheusPort: port)
            .write(to: configFile, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: folder.appendingPathComponent("alerts.yml"), to: directory.appendingPathComponent("alerts.yml"))
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--config.file=\(configFile.path)", "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
        ]
        let logFile = directory.appendingPathComponent("prometheus.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
    }

    deinit { stop() }

    /// The repository's configuration with each compose address replaced; throws when one is gone.
    static func adapt(_ config: String, servicePort: Int, alertmanagerPort: Int, prometheusPort: Int) throws -> String {
        var text = config
        for (address, port) in [("commswatch:9470", servicePort), ("alertmanager:9093", alertmanagerPort), ("localhost:9090", prometheusPort)] {
            guard text.contains(address) else { throw PrometheusTimeout(description: "prometheus/prometheus.yml no longer names \(address)") }
            text = text.replacingOccurrences(of: address, with: "127.0.0.1:\(port)")
        }
        return text
    }

    /// The first sample's value of an instant query, polled until there is one.
    func waitForValue(of query: String, timeout: Double) throws -> String {
        guard let result = try waitForResult(of: query, timeout: timeout), let value = result.first?["value"] as? [Any], value.count == 2,
            let text = value[1] as? String
        else {
            throw PrometheusTimeout(description: "no sample for \(query) within \(timeout)s; log: \(log)")
        }
        return text
    }

    /// The non-empty result of an instant query, polled for up to `timeout` seconds; nil when it stays
    /// empty. A query Prometheus rejects throws at once, with Prometheus's error.
    func waitForResult(of query: String, timeout: Double) throws -> [[String: Any]]? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let answer = try ExternalTool.run(
                "curl", ["--silent", "--max-time", "5", "--get", "--data-urlencode", "query=\(query)", "http://127.0.0.1:\(port)/api/v1/query"])
            if let json = try? JSONSerialization.jsonObject(with: Data(answer.stdout.utf8)) as? [String: Any] {
                if json["status"] as? String == "error" {
                    throw PrometheusTimeout(description: "Prometheus rejects \(query): \(json["error"] ?? answer.stdout)")
                }
                if let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]], !result.isEmpty {
                    return result
                }
            }
            Thread.sleep(forTimeInterval: 0.5)
        } while Date() < deadline
        return nil
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
