import Foundation
import Ingest
import PostgresStore

/// Batched ingest into PostgreSQL (DATABASE_URL) next to no store at all, same run, same events.
enum PostgresBenchmark {
    static func pipeline(url: String, threads: Int, batchesPerThread: Int) throws -> JournalBenchmark.Throughput {
        let run = UUID().uuidString.prefix(8)
        let stored = try JournalBenchmark.run(threads: threads, batchesPerThread: batchesPerThread, prefix: "pg\(run)-") { processor, _ in
            let store = PostgresEventStore(url: url, options: .init(instance: "bench-\(run)"), processor: processor) { _, message, fields in
                print("PostgreSQL: \(message) \(fields)")
            }
            _ = try store.prepare()
            return store
        }
        let plain = try JournalBenchmark.run(threads: threads, batchesPerThread: batchesPerThread, prefix: "np\(run)-") { _, _ in nil }
        return JournalBenchmark.Throughput(withJournal: stored, withoutJournal: plain)
    }
}
