import Foundation
import Ingest
import MetricRegistry
import Synchronization
import Testing

/// Ingest never waits on its caller's thread: a request whose store has not answered yet returns at
/// once and completes later; a snapshot's pause waits for such requests and holds new ones back
/// without blocking whoever sent them.
struct AsynchronousIngestTests {
    static func body(_ ids: String...) -> [UInt8] {
        Array(ids.map { id in
            #"{"event":"chat_message_delivered","properties":{"message_id":"\#(id)","delivery_latency_ms":10,"delivery_channel":"ws","region":"eu"}}"#
        }.joined(separator: "\n").utf8)
    }

    /// What came back to a request, once it did.
    final class Answer: Sendable {
        private let result = Mutex<Result<IngestReport, IngestPipeline.RequestError>?>(nil)
        private let arrived = DispatchSemaphore(value: 0)

        func set(_ outcome: Result<IngestReport, IngestPipeline.RequestError>) {
            result.withLock { $0 = outcome }
            arrived.signal()
        }

        var value: Result<IngestReport, IngestPipeline.RequestError>? { result.withLock { $0 } }

        func wait() -> Bool { arrived.wait(timeout: .now() + 10) == .success }
    }

    let store = HeldStore()
    let gate = IngestGate()
    let pipeline: IngestPipeline

    init() {
        let registry = MetricRegistry()
        let processor = EventProcessor(registry: registry, window: IdempotencyWindow(capacity: 100), now: { 1_800_000_000 })
        pipeline = IngestPipeline(processor: processor, hasher: PersonalDataHasher(key: [1]), registry: registry, store: store, gate: gate)
    }

    func send(_ body: [UInt8]) -> Answer {
        let answer = Answer()
        pipeline.ingestNDJSON(body) { answer.set($0) }
        return answer
    }

    @Test func aRequestCompletesWhenItsStoreAnswersNotBefore() throws {
        let answer = send(Self.body("a", "b"))
        #expect(answer.value == nil, "ingestNDJSON returned before the store answered")
        #expect(store.waiting == 1)
        store.answerAll()
        #expect(answer.wait())
        #expect(try answer.value?.get().accepted == 2)
    }

    @Test func aDuplicateOfAnEventBeingStoredIsADuplicateOnceThatStoreSucceeds() throws {
        // The failing case, where the retry stores the event itself, is in DurabilityTests.
        let first = send(Self.body("a"))
        let again = send(Self.body("a", "b"))
        #expect(store.waiting == 2, "the second request stores b at once; a is the first request's")
        store.answerAll()
        #expect(first.wait())
        #expect(again.wait())
        let report = try #require(try again.value?.get())
        #expect(report.accepted == 1 && report.duplicates == 1, "\(report)")
    }

    @Test func aPauseWaitsForRequestsInsideAndHoldsBackNewOnesWithoutBlockingTheirSender() throws {
        let inside = send(Self.body("a"))
        let paused = DispatchSemaphore(value: 0), resume = DispatchSemaphore(value: 0), pauseDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread { [gate] in
            gate.pause {
                paused.signal()
                resume.wait()
            }
            pauseDone.signal()
        }
        #expect(paused.wait(timeout: .now() + 0.3) == .timedOut, "the pause waits for the request inside")
        store.answerAll()
        #expect(inside.wait())
        #expect(paused.wait(timeout: .now() + 10) == .success)

        let held = send(Self.body("b"))
        #expect(held.value == nil && store.waiting == 0, "the sender got its thread back; the request waits, not admitted yet")
        resume.signal()
        #expect(pauseDone.wait(timeout: .now() + 10) == .success)
        #expect(store.waiting == 1, "the held request started when the pause ended")
        store.answerAll()
        #expect(held.wait())
        #expect(try held.value?.get().accepted == 1)
    }
}
