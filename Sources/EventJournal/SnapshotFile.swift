import DurableFiles
import Foundation
import Glibc

/// Snapshots of the state the journal's records build, so a start-up restores the newest one and
/// replays only the records after it (docs/JOURNAL.md). A snapshot file is written whole under a
/// temporary name, synced and renamed, so a crash leaves either the old set or the new one; its
/// checksum catches a file damaged later, and then the next older snapshot is used.
///
/// Layout: `CWSNAPSHOT1\n`, the journal position it continues at (UInt64 segment, UInt64 offset),
/// the payload's length (UInt64) and CRC-32C (UInt32), all little-endian, then the payload.
public struct SnapshotFile: Sendable {
    static let magic: [UInt8] = Array("CWSNAPSHOT1\n".utf8)
    static let headerSize = magic.count + 8 + 8 + 8 + 4

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The snapshots present, newest (furthest position) first.
    public func positions() throws(JournalError) -> [JournalPosition] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw JournalError("cannot list \(directory)")
        }
        return names.compactMap(Self.position(of:)).sorted(by: >)
    }

    /// Writes `payload` as the snapshot at `position`, durably, then removes the older snapshots.
    public func write(_ payload: [UInt8], at position: JournalPosition) throws(JournalError) {
        var bytes = Self.magic
        for word in [UInt64(position.segment), UInt64(position.offset), UInt64(payload.count)] { Self.append(word, 8, to: &bytes) }
        Self.append(UInt64(payload.withUnsafeBytes { CRC32C.checksum($0) }), 4, to: &bytes)
        bytes += payload
        let path = self.path(position)
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        do {
            try DurableFile.writeAll(bytes, to: fd)
        } catch {
            throw JournalError("cannot write \(temporary): \(error)")
        }
        guard fsync(fd) == 0, rename(temporary, path) == 0 else {
            throw JournalError("cannot store the snapshot \(path): \(String(cString: strerror(errno)))")
        }
        DurableFile.sync(directory: directory)
        for older in try positions() where older < position { unlink(self.path(older)) }
    }

    /// The newest snapshot whose checksum holds, with the problems of any newer ones skipped.
    public func newest() throws(JournalError) -> (position: JournalPosition, payload: [UInt8], skipped: [String])? {
        var skipped: [String] = []
        for position in try positions() {
            switch read(position) {
            case .success(let payload): return (position, payload, skipped)
            case .failure(let problem): skipped.append(problem.description)
            }
        }
        return nil
    }

    /// The payload of the snapshot at `position`, or what is wrong with it.
    public func read(_ position: JournalPosition) -> Result<[UInt8], JournalError> {
        let path = self.path(position)
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(JournalError("cannot read \(path)")) }
        let bytes = [UInt8](data)
        guard bytes.count >= Self.headerSize, bytes.starts(with: Self.magic) else {
            return .failure(JournalError("\(path) is not a commswatch snapshot"))
        }
        let fields = (0..<4).map { index in
            Self.word(bytes, at: Self.magic.count + index * 8, size: index == 3 ? 4 : 8)
        }
        guard fields[0] == UInt64(position.segment), fields[1] == UInt64(position.offset) else {
            return .failure(JournalError("\(path) names another journal position than its file name"))
        }
        guard UInt64(bytes.count - Self.headerSize) == fields[2] else { return .failure(JournalError("\(path) is cut short")) }
        let payload = Array(bytes[Self.headerSize...])
        guard UInt64(payload.withUnsafeBytes { CRC32C.checksum($0) }) == fields[3] else {
            return .failure(JournalError("\(path) fails its checksum"))
        }
        return .success(payload)
    }

    private func path(_ position: JournalPosition) -> String {
        directory + "/snapshot-" + Self.padded(position.segment, 10) + "-" + Self.padded(position.offset, 12) + ".bin"
    }

    static func position(of name: String) -> JournalPosition? {
        guard name.hasPrefix("snapshot-"), name.hasSuffix(".bin") else { return nil }
        let parts = name.dropFirst("snapshot-".count).dropLast(".bin".count).split(separator: "-")
        guard parts.count == 2, let segment = Int(parts[0]), let offset = Int(parts[1]) else { return nil }
        return JournalPosition(segment: segment, offset: offset)
    }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func append(_ value: UInt64, _ size: Int, to bytes: inout [UInt8]) {
        for index in 0..<size { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * index))) }
    }

    private static func word(_ bytes: [UInt8], at offset: Int, size: Int) -> UInt64 {
        (0..<size).reduce(0) { $0 | UInt64(bytes[offset + $1]) << UInt64(8 * $1) }
    }
}
