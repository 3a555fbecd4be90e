import Glibc
import PrometheusModel

/// Exposes the process's own CPU time, memory, file descriptors and start time, read from
/// `/proc` at each snapshot, under the names and meanings of client_golang's process collector
/// so existing dashboards and alerts work unchanged.
///
/// On a system without `/proc` the figures that cannot be read are left out.
public struct ProcessCollector: MetricCollector {
    private let procRoot: String

    /// `procRoot` is where procfs is mounted; tests may point it elsewhere.
    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    public func collect() -> [MetricFamilySnapshot] {
        let stats = read()
        let gauges: [(String, String, Double?)] = [
            ("process_max_fds", "Maximum number of open file descriptors.", stats.maxFileDescriptors),
            ("process_open_fds", "Number of open file descriptors.", stats.openFileDescriptors),
            ("process_resident_memory_bytes", "Resident memory size in bytes.", stats.residentMemoryBytes),
            (
                "process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                stats.startTimeSeconds
            ),
            ("process_virtual_memory_bytes", "Virtual memory size in bytes.", stats.virtualMemoryBytes),
        ]
        var families: [MetricFamilySnapshot] = []
        if let cpu = stats.cpuSeconds {
            families.append(
                MetricFamilySnapshot(
                    name: "process_cpu_seconds_total",
                    help: "Total user and system CPU time spent in seconds.",
                    type: .counter,
                    samples: [([], cpu)]
                )
            )
        }
        for (name, help, value) in gauges {
            guard let value else { continue }
            families.append(MetricFamilySnapshot(name: name, help: help, type: .gauge, samples: [([], value)]))
        }
        return families
    }

    func read() -> ProcessStats {
        var stats = ProcessStats()
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        if let text = readFile("\(procRoot)/self/stat"), let stat = ProcessStats.parseStat(text), ticksPerSecond > 0 {
            stats.cpuSeconds = (stat.userTicks + stat.systemTicks) / ticksPerSecond
            stats.virtualMemoryBytes = stat.virtualBytes
            stats.residentMemoryBytes = stat.residentPages * pageSize
            if let text = readFile("\(procRoot)/stat"), let bootTime = ProcessStats.parseBootTime(text) {
                stats.startTimeSeconds = bootTime + stat.startTicks / ticksPerSecond
            }
        }
        if let text = readFile("\(procRoot)/self/limits") {
            stats.maxFileDescriptors = ProcessStats.parseMaxOpenFiles(text)
        }
        stats.openFileDescriptors = countEntries("\(procRoot)/self/fd")
        return stats
    }

    /// The whole of a small file. procfs reports size 0, so this reads until end of file.
    private func readFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The number of entries in a directory, without `.` and `..`.
    private func countEntries(_ path: String) -> Double? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDotOrDotDot = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name[0] == UInt8(ascii: ".")
                    && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
            }
            if !isDotOrDotDot { count += 1 }
        }
        return Double(count)
    }
}
