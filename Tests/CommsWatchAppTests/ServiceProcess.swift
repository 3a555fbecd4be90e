import Foundation
import Synchronization
import TestSupport

/// `commswatch serve` as an operator runs it: the real binary on a kernel-chosen port, as a child
/// process whose standard error is collected for failure messages. `stop()` kills it if it is still
/// running; so does `deinit`.
final class ServiceProcess {
    private final class Log: Sendable {
        let lines = Mutex<[String]>([])
    }

    let process = Process()
    let port: Int
    private let log = Log()
    private let reader: Thread

    /// Starts `commswatch serve --listen 127.0.0.1:0` plus `arguments`, with `COMMSWATCH_DATA_DIR` set
    /// to `data` plus `environment`, and waits for the "commswatch started" line to learn the port.
    init(data: URL, arguments: [String] = [], environment: [String: String] = [:]) throws {
        process.executableURL = ExecutableTests.binary
        process.arguments = ["serve", "--listen", "127.0.0.1:0"] + arguments
        process.environment = environment.merging(["COMMSWATCH_DATA_DIR": data.path]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let handle = errors.fileHandleForReading
        let log = self.log
        var pending = ""
        var started: String?
        // The lines before "commswatch started" (journal replay, configuration) are kept too.
        reading: while started == nil {
            let chunk = handle.availableData
            if chunk.isEmpty { break reading }
            pending += String(decoding: chunk, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = String(pending[..<newline])
                pending = String(pending[pending.index(after: newline)...])
                log.lines.withLock { $0.append(line) }
                if line.contains("commswatch started") {
                    started = line
                    break
                }
            }
        }
        guard let started,
            let fields = try? JSONSerialization.jsonObject(with: Data(started.utf8)) as? [String: Any],
            let port = (fields["listen"] as? String)?.split(separator: ":").last.flatMap({ Int($0) })
        else {
            if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let before = log.lines.withLock { $0.joined(separator: "\n") }
            let rest = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
            throw FixtureError("commswatch did not start: \(before)\n\(pending)\(rest)")
        }
        self.port = port
        // Keeps reading so the pipe never fills and blocks the service's logging.
        reader = Thread { [pending] in
            var pending = pending
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending += String(decoding: chunk, as: UTF8.self)
                let parts = pending.split(separator: "\n", omittingEmptySubsequences: false)
                pending = String(parts.last ?? "")
                log.lines.withLock { $0.append(contentsOf: parts.dropLast().map(String.init)) }
            }
        }
        reader.start()
    }

    deinit { stop() }

    /// Every log line so far.
    var logLines: [String] { log.lines.withLock { $0 } }

    /// The last log lines, for failure messages.
    var logTail: String { log.lines.withLock { $0.suffix(30).joined(separator: "\n") } }

    /// The first log line whose `msg` is `message`, as JSON fields.
    func logFields(_ message: String) -> [String: Any]? {
        for line in logLines where line.contains(message) {
            if let fields = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], fields["msg"] as? String == message {
                return fields
            }
        }
        return nil
    }

    var terminationSignal: Int32? { process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil }
    var terminationStatus: Int32 { process.terminationStatus }

    /// Sends `signal` and waits up to 20 s for the process to exit, then kills it.
    func kill(_ signal: Int32) {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    func stop() {
        kill(SIGKILL)
    }

    func samples() throws -> ExpositionSamples {
        ExpositionSamples(try request("GET", "/api/metrics/prometheus").bodyText)
    }

    /// Sends one request over a fresh connection and returns the answer.
    func request(_ method: String, _ path: String, body: String = "", contentType: String = "application/json") throws
        -> LoopbackConnection.Response
    {
        let client = try LoopbackConnection(port: port)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: test\r\nContent-Length: \(body.utf8.count)\r\n"
        if !body.isEmpty { head += "Content-Type: \(contentType)\r\n" }
        try client.send(head + "\r\n" + body)
        guard let response = try client.readResponse() else { throw FixtureError("no answer from commswatch to \(method) \(path)") }
        return response
    }
}
