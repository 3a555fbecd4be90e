import CommsWatchApp
import Foundation
import Synchronization
import TestSupport

/// A service started in-process on a free port with a throwaway data directory; its log lines are kept.
final class RunningService {
    let service: CommsWatchService
    let dataDirectory: URL
    private let lines = LogLines()

    var port: Int { service.port }
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var logLines: [String] { lines.value.withLock { $0 } }

    init(configure: (inout AppConfiguration) -> Void = { _ in }) throws {
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-test-\(UUID())")
        var configuration = AppConfiguration()
        configuration.port = 0
        configuration.threads = 2
        configuration.dataDirectory = dataDirectory.path
        configuration.ruleFiles = []
        configure(&configuration)
        let lines = self.lines
        service = try CommsWatchService(configuration: configuration, log: EventLog { line in lines.value.withLock { $0.append(line) } })
    }

    deinit {
        service.shutdown(reason: "test finished")
        service.wait()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// Posts `body` to `path` over a fresh connection and returns the answer.
    func post(
        _ path: String = "/api/events", _ body: [UInt8], contentType: String? = "application/json", headers: [String: String] = [:]
    ) throws -> LoopbackConnection.Response {
        let client = try LoopbackConnection(port: port)
        var head = "POST \(path) HTTP/1.1\r\nHost: test\r\nContent-Length: \(body.count)\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        try client.send(Array((head + "\r\n").utf8) + body)
        guard let response = try client.readResponse() else { throw MissingTool(name: "an answer from the service") }
        return response
    }

    func post(_ path: String = "/api/events", json: String, headers: [String: String] = [:]) throws -> LoopbackConnection.Response {
        try post(path, Array(json.utf8), headers: headers)
    }

    /// Sends `method` to `path` (query string included) without a body and returns the answer.
    func request(_ method: String, _ path: String) throws -> LoopbackConnection.Response {
        let client = try LoopbackConnection(port: port)
        try client.send("\(method) \(path) HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n")
        guard let response = try client.readResponse() else { throw MissingTool(name: "an answer from the service") }
        return response
    }

    /// The current scrape, parsed into exact series values.
    func samples() throws -> ExpositionSamples {
        let client = try LoopbackConnection(port: port)
        try client.send("GET /api/metrics/prometheus HTTP/1.1\r\nHost: test\r\n\r\n")
        guard let response = try client.readResponse() else { throw MissingTool(name: "a scrape") }
        return ExpositionSamples(response.bodyText)
    }

    /// Runs curl against the service and returns what it printed; curl is the independent client here.
    func curl(_ arguments: [String]) throws -> ExternalTool.Result {
        guard let curl = ExternalTool.find("curl") else { throw MissingTool(name: "curl") }
        return try ExternalTool.run(curl, ["--silent", "--show-error", "--max-time", "10"] + arguments)
    }
}

struct MissingTool: Error, CustomStringConvertible {
    var name: String
    var description: String { "\(name) is not installed; run .ci/install-deps" }
}

private final class LogLines: Sendable {
    let value = Mutex<[String]>([])
}
