import DurableFiles
import Foundation
import Glibc

/// The outbox's log as a file of JSON lines in the data directory: only appended to, each append
/// made durable before it returns, and rewritten atomically (temporary file, fsync, rename,
/// directory fsync) when compacted.
final class AppendOnlyFile: OutboxLog {
    let path: String
    private var descriptor: Int32

    init(path: String) throws(OutboxError) {
        self.path = path
        descriptor = try Self.open(path)
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    var location: String { path }

    /// The complete lines in the file; a torn last line (a crash mid-append) is left out.
    func records() throws(OutboxError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw OutboxError("cannot read \(path)") }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        if !text.hasSuffix("\n"), !lines.isEmpty { lines.removeLast() }
        return lines.map(String.init)
    }

    /// Appends `lines` (each without its newline) and waits until they are on disk.
    func append(_ lines: [String]) throws(OutboxError) {
        var bytes = Array(lines.joined(separator: "\n").utf8)
        bytes.append(UInt8(ascii: "\n"))
        try Self.writeAll(bytes, to: descriptor, path: path)
        guard fdatasync(descriptor) == 0 else { throw OutboxError("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Replaces the file's content with `lines`, atomically, and keeps appending to the new file.
    func replace(with lines: [String]) throws(OutboxError) {
        let temporary = path + ".tmp"
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OutboxError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        defer { Glibc.close(fd) }
        try Self.writeAll(Array(lines.map { $0 + "\n" }.joined().utf8), to: fd, path: temporary)
        guard fsync(fd) == 0, rename(temporary, path) == 0 else {
            throw OutboxError("cannot replace \(path): \(String(cString: strerror(errno)))")
        }
        DurableFile.syncDirectory(of: path)
        Glibc.close(descriptor)
        descriptor = -1
        descriptor = try Self.open(path)
    }

    private static func open(_ path: String) throws(OutboxError) -> Int32 {
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OutboxError("cannot open \(path): \(String(cString: strerror(errno)))") }
        DurableFile.syncDirectory(of: path)
        return fd
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(OutboxError) {
        do {
            try DurableFile.writeAll(bytes, to: fd)
        } catch {
            throw OutboxError("cannot write \(path): \(error)")
        }
    }
}

/// The outbox could not be read or written; notifications are not safe until it is fixed.
public struct OutboxError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
