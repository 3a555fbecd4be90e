import Glibc

/// The POSIX steps behind every durable write here (the event journal, the notification outbox):
/// a write that finishes despite short writes and signals, and the directory sync that makes a
/// created or renamed file itself survive a crash.
public enum DurableFile {
    /// Writes all of `bytes` to `descriptor`; the error is the system's reason.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(DurableFileError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw DurableFileError.current() }
            written += result
        }
    }

    /// Writes all of `bytes` to `descriptor` at `offset`, leaving the descriptor's own offset alone.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32, at offset: Int) throws(DurableFileError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + written, bytes.count - written, off_t(offset + written)) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw DurableFileError.current() }
            written += result
        }
    }

    /// Syncs the directory holding `path`, so its entry for the file is on disk.
    public static func syncDirectory(of path: String) {
        let end = path.lastIndex(of: "/").map { $0 == path.startIndex ? path.index(after: $0) : $0 } ?? path.startIndex
        sync(directory: end == path.startIndex ? "." : String(path[..<end]))
    }

    /// Syncs `directory`, so files created, renamed or removed in it stay so after a crash.
    public static func sync(directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

/// A failed system call, with the system's message (`strerror`).
public struct DurableFileError: Error, Sendable, CustomStringConvertible {
    public var description: String

    static func current() -> DurableFileError {
        DurableFileError(description: String(cString: strerror(errno)))
    }
}
