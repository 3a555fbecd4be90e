import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing

@testable import MetricRegistry

struct HistogramTests {
    @Test func observationsLandInTheFirstBucketWhoseBoundIsAtLeastTheValue() {
        let registry = MetricRegistry()
        let latency = registry.histogram(name: "test_latency_seconds", help: "x", buckets: [0.1, 1, 10])
        for value in [0.05, 0.1, 0.1000001, 1, 5, 10, 11, .infinity, .nan] {
            latency.labels().observe(value)
        }
        let snapshot = latency.labels().snapshot()
        #expect(snapshot.bucketCounts == [2, 2, 2, 3])
        #expect(snapshot.count == 9)
        #expect(snapshot.sum.isNaN)
    }

    @Test func binarySearchAgreesWithALinearScan() {
        let many = HistogramBuckets.exponential(start: 0.001, factor: 1.3, count: 60)
        #expect(many.upperBounds.count > HistogramBuckets.linearSearchLimit)
        let probes = many.upperBounds.flatMap { [$0.nextDown, $0, $0.nextUp] } + [0, -1, 1e9, .infinity, .nan]
        for value in probes {
            let expected = many.upperBounds.firstIndex { value <= $0 } ?? many.upperBounds.count
            #expect(many.index(for: value) == expected, "value \(value)")
        }
    }

    @Test func bucketsAreValidated() async {
        #expect(HistogramBuckets([1, 2, .infinity]).upperBounds == [1, 2])
        #expect(HistogramBuckets.linear(start: 1, width: 2, count: 3).upperBounds == [1, 3, 5])
        #expect(HistogramBuckets.exponential(start: 1, factor: 10, count: 3).upperBounds == [1, 10, 100])
        await #expect(processExitsWith: .failure) { _ = HistogramBuckets([1, 1]) }
        await #expect(processExitsWith: .failure) { _ = HistogramBuckets([.nan]) }
    }

    @Test func snapshotsStayConsistentWhileWritersRun() {
        let registry = MetricRegistry()
        let sizes = registry.histogram(name: "test_sizes", help: "x", labelNames: ["k"], buckets: [1, 2, 3, 4])
        let series = sizes.labels("a")
        let writers = 3
        let perWriter = 500_000
        let total = UInt64(writers * perWriter)
        let writing = Atomic<Bool>(true)
        let readerStarted = Atomic<Bool>(false)
        let inconsistencies = Atomic<Int>(0)
        let snapshotsWhileWriting = Atomic<Int>(0)
        let readerDone = DispatchSemaphore(value: 0)
        // A thread of its own, so snapshots run while the writers do even on a two-core machine.
        let reader = Thread {
            var previous: UInt64 = 0
            readerStarted.store(true, ordering: .releasing)
            while writing.load(ordering: .acquiring) {
                let snapshot = series.snapshot()
                let bucketTotal = snapshot.bucketCounts.reduce(0, +)
                // Every observation is a whole 1...5, landing in bucket value - 1, so the sum is exact.
                let expectedSum = snapshot.bucketCounts.enumerated().reduce(0.0) {
                    $0 + Double($1.offset + 1) * Double($1.element)
                }
                if bucketTotal != snapshot.count || snapshot.sum != expectedSum || snapshot.count < previous {
                    inconsistencies.add(1, ordering: .relaxed)
                }
                if snapshot.count > 0 && snapshot.count < total {
                    snapshotsWhileWriting.add(1, ordering: .relaxed)
                }
                previous = snapshot.count
            }
            readerDone.signal()
        }
        reader.start()
        while !readerStarted.load(ordering: .acquiring) { sched_yield() }
        DispatchQueue.concurrentPerform(iterations: writers) { _ in
            for index in 0..<perWriter {
                series.observe(Double(index % 5 + 1))
            }
        }
        writing.store(false, ordering: .releasing)
        readerDone.wait()

        let final = series.snapshot()
        #expect(inconsistencies.load(ordering: .relaxed) == 0)
        #expect(snapshotsWhileWriting.load(ordering: .relaxed) > 0)
        #expect(final.count == total)
        #expect(final.bucketCounts == Array(repeating: total / 5, count: 5))
        #expect(final.sum == Double(total / 5 * (1 + 2 + 3 + 4 + 5)))
    }

    @Test func concurrentObservationsAcrossLabelSetsAreExact() {
        let registry = MetricRegistry()
        let latency = registry.histogram(
            name: "test_wait_seconds", help: "x", labelNames: ["job"], buckets: .defaultBuckets)
        DispatchQueue.concurrentPerform(iterations: 6) { thread in
            for index in 0..<30_000 {
                latency.labels("job\((index + thread) % 30)").observe(0.5)
            }
        }
        let family = registry.snapshot().first { $0.name == "test_wait_seconds" }
        #expect(family?.series.count == 30)
        for series in family?.series ?? [] {
            guard case .histogram(let counts) = series.value else {
                Issue.record("not a histogram")
                continue
            }
            #expect(counts.count == 6_000)
            #expect(counts.sum == 3_000)
            #expect(counts.bucketCounts[6] == 6_000)  // the 0.5 bucket
        }
    }
}
