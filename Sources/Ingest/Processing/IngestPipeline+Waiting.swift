import Dispatch
import Synchronization

extension IngestPipeline {
    /// Ingests an NDJSON body and waits for its answer: for tools, tests and benchmarks with a
    /// thread to spare, never for an event loop.
    public func ingestNDJSONWaiting(_ body: [UInt8]) throws(RequestError) -> IngestReport {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<IngestReport, RequestError>?>(nil)
        ingestNDJSON(body) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }
}
