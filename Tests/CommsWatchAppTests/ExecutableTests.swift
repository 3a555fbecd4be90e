import Foundation
import TestSupport
import Testing

/// The `commswatch` binary as an operator runs it: flags, environment, logs, signals, exit codes.
struct ExecutableTests {
    /// `swift test` builds the executable next to the test bundle.
    static let binary: URL = {
        let testBinary = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "")
        var directory = testBinary.deletingLastPathComponent()
        while !directory.path.isEmpty && directory.path != "/" {
            let candidate = directory.appendingPathComponent("commswatch")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return testBinary
    }()

    @Test(.timeLimit(.minutes(5)))
    func sigtermShutsDownGracefullyWithExitZero() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-exe-\(UUID())")
        defer { try? FileManager.default.removeItem(at: data) }
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--listen", "127.0.0.1:0"]
        process.environment = ["COMMSWATCH_DATA_DIR": data.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()

        let started = try #require(readLine(from: errors.fileHandleForReading, containing: "commswatch started"))
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(started.utf8)) as? [String: String])
        #expect(fields["level"] == "info")
        #expect(fields["data_dir"] == data.path, "COMMSWATCH_DATA_DIR is honoured")
        let port = try #require(fields["listen"]?.split(separator: ":").last.flatMap { Int($0) })

        let client = try LoopbackConnection(port: port)
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse()?.status == 200)

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let rest = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.contains("\"reason\":\"SIGTERM\""))
        #expect(rest.contains("\"msg\":\"commswatch stopped\""))
    }

    @Test func badListenAddressIsAClearErrorAndExitCode() throws {
        let result = try ExternalTool.run(Self.binary.path, ["serve", "--listen", "nonsense"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("expected HOST:PORT"))
    }

    @Test func helpExplainsTheCommands() throws {
        let top = try ExternalTool.run(Self.binary.path, ["--help"])
        #expect(top.status == 0)
        #expect(top.stdout.contains("serve"))
        let serve = try ExternalTool.run(Self.binary.path, ["serve", "--help"])
        for flag in ["--listen", "--data-dir", "COMMSWATCH_LISTEN", "COMMSWATCH_DATA_DIR"] {
            #expect(serve.stdout.contains(flag), "serve --help mentions \(flag)")
        }
    }

    @Test func checkRulesAnswersLikePromtool() throws {
        let root = SharedData.repositoryRoot
        let good = try ExternalTool.run(Self.binary.path, ["check", "rules", root.appendingPathComponent("prometheus/alerts.yml").path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("\n  SUCCESS: 14 rules found\n"))
        let broken = root.appendingPathComponent("Tests/RulesTests/Fixtures/invalid_recording_fields.yaml").path
        let bad = try ExternalTool.run(Self.binary.path, ["check", "rules", broken])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("  FAILED:"))
        #expect(bad.stderr.contains("invalid_recording_fields.yaml:4:17: group \"g\", rule 1, \"job:up\": invalid field 'for' in recording rule"))
    }

    @Test func testPromQLRunsPrometheusScriptsAndReportsFailures() throws {
        let folder = SharedData.url("conformance/promql")
        let scripts = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".test") }.sorted()
        let conformance = try ExternalTool.run(Self.binary.path, ["test", "promql"] + scripts.map { folder.appendingPathComponent($0).path })
        #expect(conformance.status == 0, "\(conformance.stdout.suffix(2000))")
        let summary = try #require(conformance.stdout.split(separator: "\n").last)
        #expect(summary.hasSuffix("0 failed, 324 skipped") && summary.hasPrefix("653 passed"), "\(summary)")

        let wrong = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-\(UUID()).test")
        try "load 1m\n  up{job=\"a\"} 1 1 1\n\neval instant at 1m up\n  up{job=\"a\"} 2\n".write(to: wrong, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: wrong) }
        let failing = try ExternalTool.run(Self.binary.path, ["test", "promql", wrong.path])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("FAIL \(wrong.lastPathComponent):4 up"))
        #expect(failing.stdout.hasSuffix("0 passed, 1 failed, 0 skipped\n"))
    }

    @Test func testRulesPassesTheRepositoryRuleTestsAndFailsAWrongOne() throws {
        let root = SharedData.repositoryRoot
        let tests = ["chat_test.yml", "disputes_test.yml", "notifications_test.yml"].map {
            root.appendingPathComponent("prometheus/tests/\($0)").path
        }
        let passing = try ExternalTool.run(Self.binary.path, ["test", "rules"] + tests)
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(passing.stdout.components(separatedBy: "  SUCCESS").count - 1 == 3)
        let wrong = root.appendingPathComponent("Tests/RulesTests/Fixtures/unit/fail_wrong_labels_test.yml").path
        let failing = try ExternalTool.run(Self.binary.path, ["test", "rules", wrong])
        #expect(failing.status == 1)
        #expect((failing.stdout + failing.stderr).contains("FAILED"))
    }

    /// Reads lines until one contains `needle` (or the stream ends).
    func readLine(from handle: FileHandle, containing needle: String) -> String? {
        var pending = ""
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            pending += String(decoding: chunk, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = String(pending[..<newline])
                pending = String(pending[pending.index(after: newline)...])
                if line.contains(needle) { return line }
            }
        }
    }
}
