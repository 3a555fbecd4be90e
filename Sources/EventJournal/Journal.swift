import Foundation
import DurableFiles
import Glibc
import Synchronization

/// An append-only log of opaque records in numbered segment files (docs/JOURNAL.md). `append`
/// hands records to one committer thread and calls back once they are on disk: everything that
/// arrived while the previous `write` + `fdatasync` ran goes out in the next single write and sync
/// (group commit), so one sync covers as many appends as were waiting and no caller's thread waits.
///
/// `@unchecked Sendable`: every mutable field is read and written only while `condition` is locked,
/// except `descriptor`, `segmentNumber` and `segmentBytes`, which `replay` sets before the committer
/// thread starts and only that thread touches afterwards (it publishes them as `end`, under the lock).
public final class Journal: @unchecked Sendable {
    public typealias Completion = @Sendable (Result<Void, JournalError>) -> Void

    /// How hard group commit works: appends per sync is the number of requests one `fdatasync` made durable.
    public struct Statistics: Sendable, Equatable {
        /// Bytes appended since the journal was opened, including any still being written.
        public var appendedBytes = 0
        public var appends = 0
        public var syncs = 0
    }

    public let directory: String
    /// A segment is closed and a new one started once it holds this many bytes.
    public let segmentLimit: Int
    private let condition = NSCondition()
    /// Framed records waiting for the committer, and who to call once they are durable.
    private var pending: [UInt8] = []
    private var waiting: [Completion] = []
    private var statistics_ = Statistics()
    private var failure: JournalError?
    private var replayed = false
    private var closing = false
    private var committing = false
    /// Where the last durable write ended.
    private var end = JournalPosition(segment: 0, offset: 0)
    private var descriptor: Int32 = -1
    private var segmentBytes = 0
    private var segmentNumber = 0

    /// Opens the journal in `directory` (created when missing). Call `replay` before appending:
    /// it reads what is there and cuts off a torn last record.
    public init(directory: String, segmentLimit: Int = 64 << 20) throws(JournalError) {
        self.directory = directory
        self.segmentLimit = segmentLimit
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw JournalError("cannot create \(directory): \(error.localizedDescription)")
        }
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// The segment files, oldest first.
    public func segments() throws(JournalError) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw JournalError("cannot list \(directory)")
        }
        return names.filter { Self.segmentNumber(of: $0) != nil }.sorted().map { directory + "/" + $0 }
    }

    /// Calls `body` with every record's payload in order, from `start` (a snapshot's position) or
    /// from the beginning. A damaged record at the very end of the last segment is a write cut short
    /// by a crash: it is truncated away and reported. Damage anywhere else is an error, because
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

    /// What was appended and synced so far; `appendedBytes` tells a snapshot scheduler how much a
    /// replay would have to read.
    public var statistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        return statistics_
    }

    /// Where the next record will go. Only meaningful while no append is in progress, which the
    /// caller ensures (a snapshot pauses ingest and waits for the appends under way to complete).
    public var endPosition: JournalPosition {
        condition.lock()
        defer { condition.unlock() }
        return end
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
            let validEnd: Int = try data.withUnsafeBytes { bytes in
                guard bytes.count >= RecordFormat.magic.count, bytes.prefix(RecordFormat.magic.count).elementsEqual(RecordFormat.magic) else {
                    if isLast && bytes.count < RecordFormat.magic.count { return 0 }
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
                    switch RecordFormat.next(in: bytes, at: offset) {
                    case .record(let payload, let next):
                        try body(UnsafeRawBufferPointer(rebasing: bytes[payload]))
                        report.records += 1
                        offset = next
                    case .end:
                        return offset
                    case .damaged(let problem):
                        guard isLast else { throw JournalError("\(path) at byte \(offset): \(problem)") }
                        report.truncatedBytes = bytes.count - offset
                        report.truncation = problem
                        return offset
                    }
                }
            }
            report.bytes += validEnd - (skip ?? 0)
            report.segments += 1
            if isLast && repair {
                try openForAppend(path, validEnd: validEnd, number: Self.segmentNumber(of: (path as NSString).lastPathComponent) ?? 0)
            }
        }
        if files.isEmpty && repair { try startSegment(1) }
        if repair { startCommitting() }
        return report
    }

    /// Whether `replay` has finished, so appends are taken.
    public var isReplayed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return replayed
    }

    /// Why the journal stopped taking writes, if it did; a failed write is not retried, since what
    /// reached the disk is unknown until the next start replays it.
    public var failureReason: String? {
        condition.lock()
        defer { condition.unlock() }
        return failure?.description
    }

    /// Appends `payloads` and returns once they are durable, for callers with a thread to spare
    /// (tools, tests); throws when the journal cannot write, in which case none of them may be
    /// acknowledged.
    public func append(_ payloads: [[UInt8]]) throws(JournalError) {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Void, JournalError>>(.success(()))
        append(records: payloads.count, encode: { index, out in out += payloads[index] }) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        try outcome.withLock { $0 }.get()
    }

    /// Appends `count` records, the payload of each written by `encode(index, &buffer)` straight
    /// into the batch's buffer, and calls `completion` once they are durable (on the committer
    /// thread) or cannot be (at once when the journal is failed, closed or not replayed yet).
    public func append(records count: Int, encode: (_ index: Int, _ out: inout [UInt8]) -> Void, completion: @escaping Completion) {
        // Framed and checksummed before taking the lock, so concurrent appenders only queue to copy.
        var framed: [UInt8] = []
        framed.reserveCapacity(count * 256)
        for index in 0..<count { RecordFormat.append(to: &framed) { encode(index, &$0) } }
        condition.lock()
        if let refusal {
            condition.unlock()
            completion(.failure(refusal))
            return
        }
        pending += framed
        waiting.append(completion)
        statistics_.appendedBytes += framed.count
        statistics_.appends += 1
        if pending.count == framed.count { condition.signal() }
        condition.unlock()
    }

    /// Why appends are refused now, if they are; read with the lock held.
    private var refusal: JournalError? {
        if let failure { return failure }
        if closing { return JournalError("the journal is closed") }
        return replayed ? nil : JournalError("the journal is still being replayed")
    }

    /// Writes what is pending, then stops the committer; appends fail from then on.
    public func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        while committing { condition.wait() }
        condition.unlock()
        if descriptor >= 0 {
            Glibc.close(descriptor)
            descriptor = -1
        }
    }

    private func startCommitting() {
        condition.lock()
        defer { condition.unlock() }
        replayed = true
        end = JournalPosition(segment: segmentNumber, offset: segmentBytes)
        guard !committing else { return }
        committing = true
        let thread = Thread { [self] in commitLoop() }
        thread.name = "journal-commit"
        thread.start()
    }

    /// The committer: takes everything pending, writes and syncs it at once, then calls back every
    /// append it held. Buffers are swapped, not copied, and reused.
    private func commitLoop() {
        var bytes: [UInt8] = []
        var completions: [Completion] = []
        condition.lock()
        while true {
            while pending.isEmpty && !closing { condition.wait() }
            if pending.isEmpty { break }
            swap(&bytes, &pending)
            swap(&completions, &waiting)
            let earlier = failure
            condition.unlock()
            let result = earlier.map { .failure($0) } ?? writeDurably(bytes)
            condition.lock()
            switch result {
            case .success:
                statistics_.syncs += 1
                end = JournalPosition(segment: segmentNumber, offset: segmentBytes)
            case .failure(let error):
                if failure == nil { failure = error }
            }
            condition.unlock()
            for completion in completions { completion(result) }
            bytes.removeAll(keepingCapacity: bytes.capacity <= 64 << 20)
            completions.removeAll(keepingCapacity: true)
            condition.lock()
        }
        committing = false
        condition.broadcast()
        condition.unlock()
    }

    private func writeDurably(_ bytes: [UInt8]) -> Result<Void, JournalError> {
        do throws(JournalError) {
            if segmentBytes >= segmentLimit { try startSegment(segmentNumber + 1) }
            try Self.writeAll(bytes, to: descriptor)
            guard fdatasync(descriptor) == 0 else { throw JournalError("cannot sync the journal: \(String(cString: strerror(errno)))") }
            segmentBytes += bytes.count
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    private func openForAppend(_ path: String, validEnd: Int, number: Int) throws(JournalError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw JournalError("cannot open \(path): \(String(cString: strerror(errno)))") }
        if validEnd < RecordFormat.magic.count {
            guard ftruncate(fd, 0) == 0 else { throw JournalError("cannot truncate \(path)") }
            try Self.writeAll(RecordFormat.magic, to: fd)
        } else {
            guard ftruncate(fd, off_t(validEnd)) == 0 else { throw JournalError("cannot truncate \(path)") }
        }
        guard lseek(fd, 0, SEEK_END) >= 0, fsync(fd) == 0 else { throw JournalError("cannot prepare \(path)") }
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = fd
        segmentNumber = number
        segmentBytes = max(validEnd, RecordFormat.magic.count)
    }

    private func startSegment(_ number: Int) throws(JournalError) {
        let path = directory + "/" + Self.segmentName(number)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw JournalError("cannot create \(path): \(String(cString: strerror(errno)))") }
        try Self.writeAll(RecordFormat.magic, to: fd)
        guard fsync(fd) == 0 else { throw JournalError("cannot sync \(path)") }
        DurableFile.syncDirectory(of: path)
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = fd
        segmentNumber = number
        segmentBytes = RecordFormat.magic.count
    }

    static func segmentName(_ number: Int) -> String {
        let digits = String(number)
        return "segment-" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits + ".log"
    }

    static func segmentNumber(of name: String) -> Int? {
        guard name.hasPrefix("segment-"), name.hasSuffix(".log") else { return nil }
        return Int(name.dropFirst("segment-".count).dropLast(".log".count))
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) throws(JournalError) {
        do {
            try DurableFile.writeAll(bytes, to: fd)
        } catch {
            throw JournalError("cannot write the journal: \(error)")
        }
    }
}

/// A place in the journal: a segment's number and a byte offset in it.
public struct JournalPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var segment: Int
    public var offset: Int

    public init(segment: Int, offset: Int) {
        self.segment = segment
        self.offset = offset
    }

    public static func < (a: JournalPosition, b: JournalPosition) -> Bool {
        (a.segment, a.offset) < (b.segment, b.offset)
    }

    public var description: String { "\(Journal.segmentName(segment))@\(offset)" }
}

/// What a replay read.
public struct ReplayReport: Sendable, Equatable {
    public var records = 0
    public var bytes = 0
    public var segments = 0
    /// Bytes cut off the end of the last segment, and why (a crash mid-write).
    public var truncatedBytes = 0
    public var truncation: String?
}

/// The journal cannot be read or written; nothing may be acknowledged until it is fixed.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
