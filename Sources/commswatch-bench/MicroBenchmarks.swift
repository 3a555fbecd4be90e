import Foundation
import MetricRegistry

/// ns/op of counter increments and histogram observations: single-threaded and with two threads
/// hammering the same series, each next to the Mutex reference.
enum MicroBenchmarks {
    static let buckets: HistogramBuckets = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000]

    struct Row {
        var name: String
        var lockFree: Double
        var mutex: Double
    }

    static func run(iterations: Int) -> [Row] {
        let registry = MetricRegistry()
        let counter = registry.counter(name: "bench_events_total", help: "Benchmark.", labelNames: ["kind"]).labels("a")
        let histogram = registry.histogram(
            name: "bench_latency_ms", help: "Benchmark.", labelNames: ["kind"], buckets: buckets
        ).labels("a")
        let mutexCounter = MutexCounter()
        let mutexHistogram = MutexHistogram(buckets: buckets.upperBounds)
        let values = (0..<1024).map { Double(($0 * 37) % 6000) }

        var rows: [Row] = []
        for threads in [1, 2] {
            rows.append(
                Row(
                    name: "counter increment, \(threads) thread\(threads == 1 ? "" : "s")",
                    lockFree: nanosecondsPerOperation(threads: threads, iterations: iterations) { _ in counter.increment() },
                    mutex: nanosecondsPerOperation(threads: threads, iterations: iterations) { _ in mutexCounter.increment() }
                )
            )
            rows.append(
                Row(
                    name: "histogram observe, \(threads) thread\(threads == 1 ? "" : "s")",
                    lockFree: nanosecondsPerOperation(threads: threads, iterations: iterations) { i in
                        histogram.observe(values[i & 1023])
                    },
                    mutex: nanosecondsPerOperation(threads: threads, iterations: iterations) { i in
                        mutexHistogram.observe(values[i & 1023])
                    }
                )
            )
        }
        return rows
    }

    /// Wall-clock nanoseconds per operation per thread, with `threads` threads each doing `iterations` ops at once.
    static func nanosecondsPerOperation(threads: Int, iterations: Int, _ body: @escaping @Sendable (Int) -> Void) -> Double {
        let ready = DispatchGroup(), go = DispatchSemaphore(value: 0), done = DispatchGroup()
        for _ in 0..<threads {
            ready.enter()
            done.enter()
            Thread {
                ready.leave()
                go.wait()
                for i in 0..<iterations { body(i) }
                done.leave()
            }.start()
        }
        ready.wait()
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<threads { go.signal() }
        done.wait()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations)
    }
}
