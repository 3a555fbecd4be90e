/// The process figures client_golang's process collector exposes, parsed from Linux `/proc` text.
///
/// Parsing is kept apart from reading files so it can be tested on fixed inputs.
struct ProcessStats: Equatable {
    var cpuSeconds: Double?
    var residentMemoryBytes: Double?
    var virtualMemoryBytes: Double?
    var startTimeSeconds: Double?
    var openFileDescriptors: Double?
    var maxFileDescriptors: Double?

    /// The fields of `/proc/<pid>/stat` this collector uses, in clock ticks and pages.
    struct Stat: Equatable {
        var userTicks: Double
        var systemTicks: Double
        var startTicks: Double
        var virtualBytes: Double
        var residentPages: Double
    }

    /// Parses `/proc/<pid>/stat`. The command name (field 2) is in parentheses and may contain
    /// spaces or parentheses, so fields are counted from the last `)`.
    static func parseStat(_ text: String) -> Stat? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        // Fields after ")" start at field 3 (state); see proc_pid_stat(5).
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        func field(_ number: Int) -> Double? {
            let index = number - 3
            return index < fields.count ? Double(fields[index]) : nil
        }
        guard let user = field(14), let system = field(15), let start = field(22), let virtual = field(23),
            let resident = field(24)
        else { return nil }
        return Stat(
            userTicks: user, systemTicks: system, startTicks: start, virtualBytes: virtual, residentPages: resident)
    }

    /// The boot time (`btime`, seconds since the epoch) from `/proc/stat`.
    static func parseBootTime(_ text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
        }
        return nil
    }

    /// The soft "Max open files" limit from `/proc/<pid>/limits`; `+Inf` when unlimited.
    static func parseMaxOpenFiles(_ text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix("Max open files") {
            let soft = line.dropFirst("Max open files".count).split(separator: " ").first
            return soft == "unlimited" ? .infinity : soft.flatMap { Double($0) }
        }
        return nil
    }
}
