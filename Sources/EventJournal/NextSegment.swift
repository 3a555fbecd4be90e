import CLinux
import Dispatch
import DurableFiles
import Foundation
import Glibc
import Synchronization

/// The segment after the current one, written full of zeros on a background thread of its own
/// (below the event loops' priority) while the current one fills, so that moving on costs a rename
/// and a directory sync, not 64 MiB of writes while every append waits.
final class NextSegment: Sendable {
    private let path: String
    private let size: Int
    private let running = DispatchGroup()
    /// The file is written and synced (a failed preparation leaves it false: `take` then writes it itself).
    private let ready = Mutex(false)

    init(path: String, size: Int) {
        self.path = path
        self.size = size
    }

    /// Starts writing the file in the background.
    func prepare() {
        running.enter()
        Thread.detachNewThread { [self] in
            defer { running.leave() }
            commswatch_run_as_background(10)
            if (try? write()) != nil { ready.withLock { $0 = true } }
        }
    }

    /// Waits for the preparation and gives the file its segment name `destination` (never over an
    /// existing file), durably.
    func take(as destination: String) throws(JournalError) {
        running.wait()
        if !ready.withLock({ $0 }) { try write() }
        ready.withLock { $0 = false }
        guard link(path, destination) == 0 else {
            throw JournalError("cannot create \(destination): \(String(cString: strerror(errno)))")
        }
        unlink(path)
        DurableFile.syncDirectory(of: destination)
    }

    /// Waits for a preparation under way (at close).
    func finish() {
        running.wait()
    }

    /// The file: the segment magic, then zeros up to `size`, written back a megabyte at a time
    /// (sync_file_range, which waits for the writes but asks for no cache flush) and synced once at
    /// the end, so the journal's own syncs never queue behind 64 MiB of writes or a flush per chunk.
    private func write() throws(JournalError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw JournalError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try SegmentWriter.write(RecordFormat.magic, to: fd, at: 0)
        let zeros = [UInt8](repeating: 0, count: min(1 << 20, max(0, size - RecordFormat.magic.count)))
        var offset = RecordFormat.magic.count
        while offset < size {
            let count = min(zeros.count, size - offset)
            try SegmentWriter.write(count == zeros.count ? zeros : Array(zeros.prefix(count)), to: fd, at: offset)
            _ = sync_file_range(fd, Int64(offset), Int64(count), commswatch_sync_range_wait_write_wait)
            offset += count
        }
        guard fsync(fd) == 0 else { throw JournalError("cannot sync \(path)") }
    }
}
