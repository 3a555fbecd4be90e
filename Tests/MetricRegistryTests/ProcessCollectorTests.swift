import Glibc
import PrometheusModel
import Testing

@testable import MetricRegistry

struct ProcessCollectorTests {
    @Test func valuesAreThoseOfThisProcess() throws {
        let families = ProcessCollector().collect()
        let values = Dictionary(
            uniqueKeysWithValues: families.compactMap { family -> (String, Double)? in
                guard case .scalar(let value) = family.series.first?.value else { return nil }
                return (family.name, value)
            }
        )
        #expect(
            families.map(\.name) == [
                "process_cpu_seconds_total", "process_max_fds", "process_open_fds", "process_resident_memory_bytes",
                "process_start_time_seconds", "process_virtual_memory_bytes",
            ])
        #expect(families.first?.type == .counter)
        let now = Double(time(nil))
        #expect(try #require(values["process_open_fds"]) > 0)
        #expect(try #require(values["process_max_fds"]) >= values["process_open_fds"]!)
        #expect(try #require(values["process_resident_memory_bytes"]) > 1_000_000)
        #expect(try #require(values["process_virtual_memory_bytes"]) >= values["process_resident_memory_bytes"]!)
        #expect(try #require(values["process_cpu_seconds_total"]) >= 0)
        let start = try #require(values["process_start_time_seconds"])
        #expect(start <= now + 1 && start > now - 3600)
    }

    @Test func statFieldsAreCountedFromTheLastParenthesis() throws {
        let line =
            "4242 (odd) name) S 1 4242 4242 0 -1 4194560 9000 0 3 0 250 70 0 0 20 0 9 0 123456 104857600 2560 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
        let stat = try #require(ProcessStats.parseStat(line))
        #expect(
            stat
                == ProcessStats.Stat(
                    userTicks: 250, systemTicks: 70, startTicks: 123456, virtualBytes: 104_857_600, residentPages: 2560)
        )
        #expect(ProcessStats.parseStat("garbage") == nil)
    }

    @Test func bootTimeAndOpenFileLimitAreParsed() {
        #expect(ProcessStats.parseBootTime("cpu  1 2 3\nintr 5\nbtime 1763880000\nprocesses 9\n") == 1_763_880_000)
        let limits = """
            Limit                     Soft Limit           Hard Limit           Units
            Max processes             63432                63432                processes
            Max open files            1024                 524288               files
            """
        #expect(ProcessStats.parseMaxOpenFiles(limits) == 1024)
        #expect(
            ProcessStats.parseMaxOpenFiles(
                "Max open files            unlimited            unlimited            files\n") == .infinity)
    }
}
