import Foundation
import PrometheusModel
import Ingest
import Synchronization

/// `send --synthetic`: posts `total` generated events as NDJSON batches from `connections` concurrent
/// workers, each sending its next batch as soon as the previous one is answered, and reports progress
/// once a second. Workers generate their own batches, so generation scales with them.
struct SyntheticLoad: Sendable {
    let sender: EventSender
    let total: Int
    let batchSize: Int
    let connections: Int
    let seed: UInt64

    /// Counts so far, from the servers' reports.
    struct Totals: Sendable {
        var sent = 0
        var accepted = 0
        var duplicates = 0
        var rejected = 0
        /// The first refusal, so the operator sees why without scrolling through thousands.
        var firstRejection: String?

        func line(of total: Int? = nil) -> String {
            "sent \(sent)\(total.map { "/\($0)" } ?? "") events: \(accepted) accepted, \(duplicates) duplicates, \(rejected) rejected"
        }
    }

    func run() async throws -> (totals: Totals, elapsed: Duration) {
        let tally = Tally()
        let clock = ContinuousClock()
        let start = clock.now
        let progress = Task {
            while true {
                try await Task.sleep(for: .seconds(1))
                let totals = tally.totals
                let rate = Double(totals.sent) / (clock.now - start).inSeconds
                FileHandle.standardError.write(Data("\(totals.line(of: total)), \(Int(rate)) events/s\n".utf8))
            }
        }
        defer { progress.cancel() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask { try await work(tally) }
            }
            try await group.waitForAll()
        }
        return (tally.totals, clock.now - start)
    }

    /// Claims and posts batches until none are left.
    private func work(_ tally: Tally) async throws {
        while true {
            let first = tally.claimBatch() * batchSize
            guard first < total else { return }
            let events = Catalog.standard.sampleEvents(count: min(batchSize, total - first), seed: seed, startingAt: first)
            let answer = try await sender.post(Array((events.joined(separator: "\n") + "\n").utf8), as: .ndjson)
            guard let report = answer.report else {
                throw SendError.refused(url: sender.endpoint.absoluteString, status: answer.status, body: answer.body)
            }
            tally.record(sent: events.count, report, events: events, firstIndex: first)
        }
    }
}

/// The counts the workers share, and the next batch to send.
private final class Tally: Sendable {
    private let nextBatch = Atomic<Int>(0)
    private let state = Mutex(SyntheticLoad.Totals())

    var totals: SyntheticLoad.Totals { state.withLock { $0 } }

    func claimBatch() -> Int {
        nextBatch.add(1, ordering: .relaxed).oldValue
    }

    func record(sent: Int, _ report: IngestAnswer, events: [String], firstIndex: Int) {
        state.withLock { totals in
            totals.sent += sent
            totals.accepted += report.accepted
            totals.duplicates += report.duplicates
            totals.rejected += report.rejected.count
            if totals.firstRejection == nil, let item = report.rejected.first {
                let event = item.index < events.count ? " \(events[item.index])" : ""
                totals.firstRejection = "event \(firstIndex + item.index): \(item.code): \(item.message)\(event)"
            }
        }
    }
}
