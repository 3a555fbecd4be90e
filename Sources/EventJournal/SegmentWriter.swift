import DurableFiles
import Glibc

/// The segment the journal appends to: its file, number and fill. A new segment is created at its
/// full size and filled with zeros before any record goes in, so the sync after an append writes
/// the records only, not the file's new size as well (one device write instead of two, as
/// databases do with their write-ahead logs); a zero record header marks where the records end.
/// The next segment is made ready in the background while the current one fills.
struct SegmentWriter {
    let directory: String
    /// Size a segment is created with; once it holds this much, the next append starts a new one.
    let limit: Int
    private let next: NextSegment
    private var descriptor: Int32 = -1
    private(set) var number = 0
    /// Where the next record goes.
    private(set) var fill = 0

    init(directory: String, limit: Int) {
        self.directory = directory
        self.limit = limit
        next = NextSegment(path: directory + "/next-segment.tmp", size: limit)
    }

    var position: JournalPosition { JournalPosition(segment: number, offset: fill) }

    /// Writes `bytes` at the fill and syncs them, starting the next segment first when this one is full.
    mutating func writeDurably(_ bytes: [UInt8]) throws(JournalError) {
        if fill >= limit { try start(number + 1) }
        try Self.write(bytes, to: descriptor, at: fill)
        guard fdatasync(descriptor) == 0 else { throw JournalError("cannot sync the journal: \(String(cString: strerror(errno)))") }
        fill += bytes.count
    }

    /// Goes on appending to segment `number` at `path` after its last whole record, at `validEnd`;
    /// bytes up to `dirtyEnd` that a crash left after it are zeroed first.
    mutating func resume(_ path: String, number: Int, validEnd: Int, dirtyEnd: Int) throws(JournalError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw JournalError("cannot open \(path): \(String(cString: strerror(errno)))") }
        if validEnd < RecordFormat.magic.count {
            guard ftruncate(fd, 0) == 0 else { throw JournalError("cannot truncate \(path)") }
            try Self.write(RecordFormat.magic, to: fd, at: 0)
        } else if dirtyEnd > validEnd {
            try Self.write([UInt8](repeating: 0, count: dirtyEnd - validEnd), to: fd, at: validEnd)
        }
        guard fsync(fd) == 0 else { throw JournalError("cannot sync \(path)") }
        become(fd, number: number, fill: max(validEnd, RecordFormat.magic.count))
    }

    /// Makes segment `number` (magic, then zeros up to `limit`) from the file prepared in the
    /// background, syncs its directory entry, and appends to it from now on.
    mutating func start(_ number: Int) throws(JournalError) {
        let path = directory + "/" + Journal.segmentName(number)
        try next.take(as: path)
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw JournalError("cannot open \(path): \(String(cString: strerror(errno)))") }
        become(fd, number: number, fill: RecordFormat.magic.count)
    }

    /// Closes the segment, once the next one's preparation has ended; a second call does nothing.
    mutating func close() {
        next.finish()
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    private mutating func become(_ fd: Int32, number: Int, fill: Int) {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = fd
        self.number = number
        self.fill = fill
        next.prepare()
    }

    static func write(_ bytes: [UInt8], to fd: Int32, at offset: Int) throws(JournalError) {
        do {
            try DurableFile.writeAll(bytes, to: fd, at: offset)
        } catch {
            throw JournalError("cannot write the journal: \(error)")
        }
    }
}
