import Foundation

/// A peer server in its own process, measured next to ours: the reference C epoll server built from
/// ../shared/bench/limit_server.c, or a binary such as the Go peer. Its CPU time is read from
/// /proc, so it is charged per request like our own.
final class ExternalServer {
    let port: Int
    private let process = Process()

    /// Starts `executable` with `arguments` (where `{port}` is replaced by a free port) and waits
    /// until it accepts connections.
    init(_ executable: String, _ arguments: [String]) throws {
        port = try Self.freePort()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments.map { $0.replacingOccurrences(of: "{port}", with: String(port)) }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !Self.accepts(port: port) {
            guard Date() < deadline, process.isRunning else {
                stop()
                throw BenchmarkError(description: "\(executable) did not start listening on port \(port)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Builds the reference C server (../shared/bench/limit_server.c) with the system's C compiler.
    static func reference(shared: String) throws -> ExternalServer {
        let binary = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-limit-server-\(UUID())").path
        _ = try HTTPLoad.command("cc", ["-O2", "-pthread", "-o", binary, shared + "/bench/limit_server.c"])
        return try ExternalServer(binary, ["{port}", "2"])
    }

    /// User plus system CPU seconds the process has used.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // Fields after the command name: state is the 3rd field of the file, utime the 14th, stime the 15th.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BenchmarkError(description: "no free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
