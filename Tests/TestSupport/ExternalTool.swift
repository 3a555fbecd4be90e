import Foundation
import Synchronization

/// Runs an independent oracle (promtool, python3, curl…) and captures what it printed.
public enum ExternalTool {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The absolute path of `name` on PATH, or nil when it is not installed.
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments`, feeding `stdin`, and waits for it to exit.
    public static func run(_ executable: String, _ arguments: [String], stdin: [UInt8] = []) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : (find(executable) ?? executable))
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Writing stdin and draining stderr on their own threads keeps a chatty tool from
        // blocking on a full pipe while we read stdout.
        let pending = DispatchGroup()
        let errorData = CapturedBytes()
        DispatchQueue.global().async(group: pending) {
            input.fileHandleForWriting.write(Data(stdin))
            try? input.fileHandleForWriting.close()
        }
        DispatchQueue.global().async(group: pending) {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            errorData.value.withLock { $0 = data }
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        pending.wait()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: errorData.value.withLock { $0 }, as: UTF8.self)
        )
    }
}

/// Bytes filled in by one thread and read by another after a `DispatchGroup.wait()`.
private final class CapturedBytes: Sendable {
    let value = Mutex(Data())
}
