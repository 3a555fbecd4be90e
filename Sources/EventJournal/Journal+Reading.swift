import DurableFiles
import Foundation
import Glibc

/// Reading the journal back: the segment files, replay at start-up (which also repairs a torn
/// tail and sets up appending), and verification.
extension Journal {
    /// The segment files, oldest first.
    public func segments() throws(JournalError) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw JournalError("cannot list \(directory)")
        }
        return names.filter { Self.segmentNumber(of: $0) != nil }.sorted().map { directory + "/" + $0 }
    }

    /// Calls `body` with every record's payload in order, from `start` (a snapshot's position) or
    /// from the beginning. A damaged record at the very end of the last segment is a write cut short
    /// by a crash: it is zeroed away and reported. Damage anywhere else is an error, because
    /// records after it would be lost silently.
    @discardableResult
    public func replay(from start: JournalPosition? = nil, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> ReplayReport {
        try read(from: start, body, repair: true)
    }

    /// Reads and checks every record a start would replay after `start` (the newest snapshot),
    /// without changing anything (`commswatch journal verify`); a torn last record is reported, not
    /// cut off.
    public func verify(from start: JournalPosition? = nil) throws -> ReplayReport {
        try read(from: start, { _ in }, repair: false)
    }

    /// Deletes the segments numbered below `segment`, which a durable snapshot made unnecessary;
    /// returns how many.
    @discardableResult
    public func removeSegments(before segment: Int) throws(JournalError) -> Int {
        var removed = 0
        for path in try segments() {
            guard let number = Self.segmentNumber(of: (path as NSString).lastPathComponent), number < segment else { continue }
            guard unlink(path) == 0 else { throw JournalError("cannot remove \(path): \(String(cString: strerror(errno)))") }
            removed += 1
        }
        if removed > 0 { DurableFile.sync(directory: directory) }
        return removed
    }

    private func read(from start: JournalPosition?, _ body: (UnsafeRawBufferPointer) throws -> Void, repair: Bool) throws -> ReplayReport {
        var report = ReplayReport()
        var files = try segments()
        if let start {
            files.removeAll { (Self.segmentNumber(of: ($0 as NSString).lastPathComponent) ?? 0) < start.segment }
            guard let first = files.first, Self.segmentNumber(of: (first as NSString).lastPathComponent) == start.segment else {
                throw JournalError("the snapshot continues at \(Self.segmentName(start.segment)), which is missing from \(directory)")
            }
        } else if let first = files.first, let number = Self.segmentNumber(of: (first as NSString).lastPathComponent), number != 1 {
            // Removed after a snapshot that is gone or damaged now: replaying the rest would lose them silently.
            throw JournalError(
                "\(Self.segmentName(1)) to \(Self.segmentName(number - 1)) are missing from \(directory) and no intact snapshot covers them")
        }
        for (index, path) in files.enumerated() {
            let isLast = index == files.count - 1
            let skip = index == 0 ? start?.offset : nil
            // Mapped rather than copied: a 64 MiB segment is read once, straight from the page cache.
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
                throw JournalError("cannot read \(path)")
            }
            // Where the last whole record ends, and where the bytes a torn write left after it end.
            let (validEnd, dirtyEnd): (Int, Int) = try data.withUnsafeBytes { bytes in
                guard bytes.count >= RecordFormat.magic.count, bytes.prefix(RecordFormat.magic.count).elementsEqual(RecordFormat.magic) else {
                    if isLast && bytes.count < RecordFormat.magic.count { return (0, 0) }
                    throw JournalError("\(path) is not a commswatch journal segment")
                }
                var offset = RecordFormat.magic.count
                if let skip {
                    guard skip >= offset, skip <= bytes.count else {
                        throw JournalError("the snapshot continues at byte \(skip) of \(path), which has \(bytes.count)")
                    }
                    offset = skip
                }
                while true {
                    let problem: String
                    switch RecordFormat.next(in: bytes, at: offset) {
                    case .record(let payload, let next):
                        try body(UnsafeRawBufferPointer(rebasing: bytes[payload]))
                        report.records += 1
                        offset = next
                        continue
                    case .end:
                        // Past the records a segment holds zeros; anything else is part of a write a crash tore.
                        guard RecordFormat.endOfNonZero(in: bytes, from: offset) > offset else { return (offset, offset) }
                        problem = "bytes follow the last record (a write cut short)"
                    case .damaged(let damage):
                        problem = damage
                    }
                    guard isLast else { throw JournalError("\(path) at byte \(offset): \(problem)") }
                    let dirtyEnd = RecordFormat.endOfNonZero(in: bytes, from: offset)
                    report.truncatedBytes = dirtyEnd - offset
                    report.truncation = problem
                    return (offset, dirtyEnd)
                }
            }
            report.bytes += validEnd - (skip ?? 0)
            report.segments += 1
            report.end = JournalPosition(segment: Self.segmentNumber(of: (path as NSString).lastPathComponent) ?? 0, offset: validEnd)
            if isLast && repair {
                try writer.resume(
                    path, number: Self.segmentNumber(of: (path as NSString).lastPathComponent) ?? 0, validEnd: validEnd, dirtyEnd: dirtyEnd)
            }
        }
        if files.isEmpty && repair { try writer.start(1) }
        if repair { startCommitting() }
        return report
    }
}
