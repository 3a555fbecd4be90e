import Foundation

/// How fast this machine's disk makes a small write durable: `pwrite` of 4 KiB into a file already
/// full of zeros, then `fdatasync`, as the journal does. The journal cannot sync more often than
/// this, so its single-event figures are read against it (they drift with the host's disk).
enum DiskSyncProbe {
    /// Mean microseconds per write + sync over `seconds`, in the temporary directory's file system.
    static func microsecondsPerSync(seconds: Double = 2) throws -> Double {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-sync-probe-\(UUID())").path
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw BenchmarkError(description: "cannot create \(path): errno \(errno)") }
        defer {
            close(fd)
            unlink(path)
        }
        let size = 64 << 20
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        for offset in stride(from: 0, to: size, by: zeros.count) { _ = zeros.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) } }
        guard fsync(fd) == 0 else { throw BenchmarkError(description: "fsync failed: errno \(errno)") }
        let record = [UInt8](repeating: 0x5A, count: 4096)
        let start = DispatchTime.now().uptimeNanoseconds
        var syncs = 0
        while Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < seconds {
            let offset = (syncs * record.count) % size
            _ = record.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
            guard fdatasync(fd) == 0 else { throw BenchmarkError(description: "fdatasync failed: errno \(errno)") }
            syncs += 1
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(syncs)
    }
}
