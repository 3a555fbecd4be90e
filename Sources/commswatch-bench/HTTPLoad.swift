import Foundation

/// Drives wrk against a running server and reads back throughput and tail latency.
enum HTTPLoad {
    struct Result {
        var label: String
        var requestsPerSecond: Double
        var p99Milliseconds: Double
        var requests: Int
    }

    /// Runs `wrk --latency` with a Lua script that sets the path and headers.
    static func run(label: String, port: Int, path: String, headers: [String: String] = [:], arguments: [String]) throws -> Result {
        let script = try luaScript(path: path, headers: headers)
        defer { try? FileManager.default.removeItem(at: script) }
        return try run(label: label, port: port, script: script, arguments: arguments)
    }

    /// Runs `wrk --latency` with the given Lua script.
    static func run(label: String, port: Int, script: URL, arguments: [String]) throws -> Result {
        let output = try command("wrk", arguments + ["--latency", "-s", script.path, "http://127.0.0.1:\(port)"])
        guard let rps = number(after: "Requests/sec:", in: output), let p99 = latency(percentile: "99%", in: output),
            let requests = output.split(separator: "\n").first(where: { $0.contains("requests in") })?
                .split(separator: " ").first.flatMap({ Int($0) })
        else {
            throw BenchmarkError(description: "could not read wrk's output:\n\(output)")
        }
        if output.contains("Non-2xx") { throw BenchmarkError(description: "the server refused requests:\n\(output)") }
        return Result(label: label, requestsPerSecond: rps, p99Milliseconds: p99, requests: requests)
    }

    /// Runs ../shared/bench/compare.sh: the reference C epoll server and ours under the same wrk load
    /// (`script` nil: compare.sh's own default, one POST of a chat event).
    static func compareWithReference(compareScript: String, port: Int, script: URL?) throws -> String {
        var arguments = [compareScript, String(port)]
        if let script { arguments += [script.path, "-t1", "-c64", "-d10s"] }
        return try command("bash", arguments).split(separator: "\n").last.map(String.init) ?? ""
    }

    static func luaScript(path: String, headers: [String: String]) throws -> URL {
        var lua = "wrk.method = \"GET\"\nwrk.path = \"\(path)\"\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { lua += "wrk.headers[\"\(name)\"] = \"\(value)\"\n" }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-bench-\(UUID()).lua")
        try lua.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    static func command(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError(description: "\(name) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func number(after label: String, in text: String) -> Double? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(label) }) else { return nil }
        return line.split(separator: " ").last.flatMap { Double($0) }
    }

    /// wrk prints latencies like `99%    1.23ms` (or `us`, `s`).
    private static func latency(percentile: String, in text: String) -> Double? {
        guard let line = text.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(percentile) }),
            let value = line.split(separator: " ").last
        else { return nil }
        for (unit, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where value.hasSuffix(unit) {
            return Double(value.dropLast(unit.count)).map { $0 * scale }
        }
        return nil
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
}
