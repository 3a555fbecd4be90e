import JSONReader
import Foundation
import HTTPCore
import Synchronization

/// Writes one JSON object per line to stderr for every notable event (start, stop, errors), so logs
/// can be grepped by a person and parsed by a collector alike.
public final class EventLog: Sendable {
    public enum Level: String, Sendable {
        case info, warning, error
    }

    private let write: @Sendable (String) -> Void
    private let lock = Mutex(())

    /// Logs to standard error.
    public convenience init() {
        self.init(write: { line in FileHandle.standardError.write(Data(line.utf8)) })
    }

    /// Logs to `write` (tests capture lines this way).
    public init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    public func log(_ level: Level, _ message: String, _ fields: [String: String] = [:]) {
        var line = "{\"time\":\"\(Self.timestamp())\",\"level\":\"\(level.rawValue)\",\"msg\":\"\(jsonEscaped(message))\""
        for key in fields.keys.sorted() {
            line += ",\"\(jsonEscaped(key))\":\"\(jsonEscaped(fields[key]!))\""
        }
        line += "}\n"
        lock.withLock { _ in write(line) }
    }

    private static func timestamp() -> String {
        Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
