import Foundation
import Synchronization

/// An append-only log of opaque records in numbered segment files (docs/JOURNAL.md). `append`
/// hands records to one committer thread and calls back once they are on disk: everything that
/// arrived while the previous `write` + `fdatasync` ran goes out in the next single write and sync
/// (group commit), so one sync covers as many appends as were waiting and no caller's thread waits.
///
/// `@unchecked Sendable`: every mutable field is read and written only while `condition` is locked,
/// except `writer`, which `replay` sets up before the committer thread starts and only that thread
/// touches afterwards (it publishes the writer's position as `end`, under the lock).
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
    /// A segment is created at this size, full of zeros; once it holds this many bytes, the next starts.
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
    var writer: SegmentWriter

    /// Opens the journal in `directory` (created when missing). Call `replay` before appending:
    /// it reads what is there and cuts off a torn last record.
    public init(directory: String, segmentLimit: Int = 64 << 20) throws(JournalError) {
        self.directory = directory
        self.segmentLimit = segmentLimit
        writer = SegmentWriter(directory: directory, limit: segmentLimit)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw JournalError("cannot create \(directory): \(error.localizedDescription)")
        }
    }

    deinit {
        writer.close()
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
        writer.close()
    }

    /// Takes appends from now on (the end of `replay`).
    func startCommitting() {
        condition.lock()
        defer { condition.unlock() }
        replayed = true
        end = writer.position
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
            let result = earlier.map { .failure($0) } ?? Result { () throws(JournalError) in try writer.writeDurably(bytes) }
            condition.lock()
            switch result {
            case .success:
                statistics_.syncs += 1
                end = writer.position
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

    static func segmentName(_ number: Int) -> String {
        let digits = String(number)
        return "segment-" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits + ".log"
    }

    static func segmentNumber(of name: String) -> Int? {
        guard name.hasPrefix("segment-"), name.hasSuffix(".log") else { return nil }
        return Int(name.dropFirst("segment-".count).dropLast(".log".count))
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
    /// Where the last whole record ends (nil when there are no segments yet).
    public var end: JournalPosition?
}

/// The journal cannot be read or written; nothing may be acknowledged until it is fixed.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
