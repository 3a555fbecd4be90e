import JSONReader
import PrometheusModel
public import MetricRegistry

/// Ingest from request body to metrics: splits the body into events (one object, an array, NDJSON
/// lines or a PostHog payload), decodes and validates each, has the store make the new ones durable,
/// and applies them. Items are independent: a bad one is reported and changes nothing, its
/// neighbours still count. Nothing here waits: the answer comes through a completion once the
/// store has answered.
public final class IngestPipeline: Sendable {
    /// A body that cannot be read as events at all (as opposed to one bad event in it), or events
    /// the store could not take (`isUnavailable`: retry later).
    public struct RequestError: Error, Sendable, Equatable {
        public var code: String
        public var message: String
        public var isUnavailable = false
    }

    public typealias Completion<Value> = @Sendable (Result<Value, RequestError>) -> Void
    /// Where a request's work goes on once its store has answered: the caller's own thread (an
    /// event loop), so the store's thread goes back to the disk or database at once. Nil: on the
    /// store's thread.
    public typealias Resumption = @Sendable (@escaping @Sendable () -> Void) -> Void

    public let processor: EventProcessor
    /// Passed by every request; a snapshot pauses it to see the processor between requests.
    public let gate: IngestGate
    private let store: (any EventStore)?
    private let storing = StoringRequests()
    private let decoder: EventDecoder
    private let acceptedByEvent: [Counter]
    private let duplicatesByEvent: [Counter]
    private let rejections: CounterFamily
    /// How long the store takes to make a request's events durable: the lag between receiving an
    /// event and acknowledging it.
    private let storeWrites: Histogram?

    /// Without a `store`, events count as soon as they are admitted (no journal).
    public init(
        processor: EventProcessor, hasher: PersonalDataHasher, registry: MetricRegistry, store: (any EventStore)? = nil,
        gate: IngestGate = IngestGate()
    ) {
        self.processor = processor
        self.store = store
        self.gate = gate
        decoder = EventDecoder(catalog: processor.catalog, hasher: hasher)
        let accepted = registry.counter(
            name: "commswatch_events_accepted_total", help: "Events accepted and applied to metrics, by event.",
            labelNames: ["event"]
        )
        let duplicates = registry.counter(
            name: "commswatch_events_duplicate_total", help: "Events acknowledged as duplicates of one already seen, by event.",
            labelNames: ["event"]
        )
        acceptedByEvent = processor.catalog.events.map { accepted.labels($0.name) }
        duplicatesByEvent = processor.catalog.events.map { duplicates.labels($0.name) }
        rejections = registry.counter(
            name: "commswatch_events_rejected_total", help: "Events refused, by reason code.", labelNames: ["reason"]
        )
        // Every reason is exposed from the start at 0, so rate() and alerts see the first reject.
        for code in EventRejection.Code.allCases { _ = rejections.labels(code.rawValue) }
        storeWrites = store.map { _ in
            registry.histogram(
                name: "commswatch_event_store_write_duration_seconds",
                help: "Time to make one request's events durable (journal group commit or PostgreSQL transaction), failures included.",
                buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
            ).labels()
        }
    }

    /// A JSON body: one event object, or an array of them (`single` tells which). `completion` runs
    /// once the accepted events are durable and applied: through `resume` when the store answered
    /// later, else on this thread.
    public func ingestJSON(
        _ body: [UInt8], resume: Resumption? = nil, completion: @escaping Completion<(report: IngestReport, single: Bool)>
    ) {
        run(resume: resume, { [self] batch throws(RequestError) in
            var tape = JSONTape()
            try Self.parse(body, range: body.indices, into: &tape)
            switch tape.kind(tape.root) {
            case .array:
                for (index, item) in tape.elements(of: tape.root).enumerated() {
                    record(decoder.decode(item, in: tape, dialect: .native, now: batch.now), index: index, into: &batch)
                }
            default:
                batch.single = true
                record(decoder.decode(tape.root, in: tape, dialect: .native, now: batch.now), index: 0, into: &batch)
            }
        }) { result in completion(result.map { ($0.report, $0.single) }) }
    }

    /// An NDJSON body: one event object per line; a line that is not JSON is rejected on its own.
    public func ingestNDJSON(_ body: [UInt8], resume: Resumption? = nil, completion: @escaping Completion<IngestReport>) {
        run(resume: resume, { [self] batch throws(RequestError) in
            var tape = JSONTape()
            for (index, line) in JSONTape.lines(in: body).enumerated() {
                do {
                    try tape.parse(body, range: line.range)
                } catch {
                    record(.failure(EventRejection(.invalidJSON, "line \(line.number): \(error)")), index: index, into: &batch)
                    continue
                }
                record(decoder.decode(tape.root, in: tape, dialect: .native, now: batch.now), index: index, into: &batch)
            }
        }) { result in completion(result.map(\.report)) }
    }

    /// A PostHog capture payload: `{"api_key", "batch": [...]}`, a single event object, or an array of
    /// events. `authorize` sees the payload's `api_key` before any event is applied; the report is nil
    /// when it says no.
    public func ingestPostHog(
        _ body: [UInt8], authorize: @escaping @Sendable (String?) -> Bool, resume: Resumption? = nil,
        completion: @escaping Completion<IngestReport?>
    ) {
        run(resume: resume, { [self] batch throws(RequestError) in
            var tape = JSONTape()
            try Self.parse(body, range: body.indices, into: &tape)
            let root = tape.root
            var apiKey: String?
            var items: [JSONNode]
            switch tape.kind(root) {
            case .array:
                items = Array(tape.elements(of: root))
                apiKey = items.lazy.compactMap { tape.member($0, named: "api_key").flatMap(tape.string) }.first
            case .object:
                apiKey = tape.member(root, named: "api_key").flatMap(tape.string)
                if let events = tape.member(root, named: "batch") {
                    guard tape.kind(events) == .array else {
                        throw RequestError(code: "invalid_payload", message: "\"batch\" must be an array of events")
                    }
                    items = Array(tape.elements(of: events))
                } else {
                    items = [root]
                }
            default:
                throw RequestError(code: "invalid_payload", message: "a PostHog payload is an object or an array")
            }
            guard authorize(apiKey) else {
                batch.unauthorized = true
                return
            }
            for (index, item) in items.enumerated() {
                record(decoder.decode(item, in: tape, dialect: .postHog, now: batch.now), index: index, into: &batch)
            }
        }) { result in completion(result.map { $0.unauthorized ? nil : $0.report }) }
    }

    /// One request's outcomes: the report, plus per-event counts that reach the shared self-metric
    /// counters once per request rather than once per event (two threads incrementing the same counter
    /// for every event of a batch would fight over its cache line).
    private struct Batch: Sendable {
        let now: Double
        var report = IngestReport()
        var accepted: [Int]
        var duplicates: [Int]
        /// Admitted events waiting for the store before they count.
        var admitted: [ValidatedEvent] = []
        /// Events whose key was already taken: duplicates once the requests storing now have answered.
        var seenBefore: [ValidatedEvent] = []
        /// The body was a single event object (JSON only).
        var single = false
        /// The PostHog payload's key was refused: nothing was admitted.
        var unauthorized = false

        init(now: Double, events: Int) {
            self.now = now
            accepted = Array(repeating: 0, count: events)
            duplicates = accepted
        }

        mutating func count(_ event: ValidatedEvent, asNew: Bool) {
            if asNew {
                accepted[event.specIndex] += 1
                report.accepted += 1
            } else {
                duplicates[event.specIndex] += 1
                report.duplicates += 1
            }
        }
    }

    /// Runs one request inside the gate: `decode` admits its events, the store makes the admitted
    /// ones durable, they are applied, and `completion` gets the batch. Decoding throws only before
    /// it admits anything (a body that is not JSON at all).
    private func run(
        resume: Resumption?, _ decode: @escaping @Sendable (inout Batch) throws(RequestError) -> Void,
        completion: @escaping Completion<Batch>
    ) {
        gate.enter { [self] in
            let done: Completion<Batch> = { [gate] result in
                gate.leave()
                completion(result)
            }
            var batch = Batch(now: processor.currentTime(), events: acceptedByEvent.count)
            // Taken before the first key is admitted, so a duplicate of one of them waits for this store's answer.
            let ticket = store.map { _ in storing.begin() }
            do throws(RequestError) {
                try decode(&batch)
            } catch {
                ticket.map(storing.end)
                done(.failure(error))
                return
            }
            guard let store, let ticket else {
                count(batch)
                done(.success(batch))
                return
            }
            storeAndApply(batch, in: store, resume: resume) { [self] result in
                storing.end(ticket)
                switch result {
                case .success(let batch) where !batch.seenBefore.isEmpty:
                    settleSeenBefore(batch, in: store, resume: resume, then: done)
                case .success(let batch):
                    count(batch)
                    done(.success(batch))
                case .failure(let error):
                    done(.failure(error))
                }
            }
        }
    }

    private func record(_ decoded: Result<ValidatedEvent, EventRejection>, index: Int, into batch: inout Batch) {
        switch decoded {
        case .failure(let rejection):
            rejections.labels(rejection.code.rawValue).increment()
            batch.report.rejected.append(IngestReport.Rejected(index: index, rejection: rejection))
        case .success(let event):
            guard processor.admit(event, now: batch.now) else {
                if store == nil { batch.count(event, asNew: false) } else { batch.seenBefore.append(event) }
                return
            }
            batch.count(event, asNew: true)
            if store == nil { processor.apply(event) } else { batch.admitted.append(event) }
        }
    }

    /// Adds a finished batch's counts to the self-metrics.
    private func count(_ batch: Batch) {
        for (index, count) in batch.accepted.enumerated() where count > 0 {
            acceptedByEvent[index].increment(by: Double(count))
        }
        for (index, count) in batch.duplicates.enumerated() where count > 0 {
            duplicatesByEvent[index].increment(by: Double(count))
        }
    }

    /// Stores `batch.admitted` and applies what was new to the store; an event the store already held
    /// (stored before a restart, or by another instance) is a duplicate after all. When the store
    /// fails nothing is applied and the keys are given back: the answer is 503 and the sender
    /// retries (what was stored is a duplicate then).
    private func storeAndApply(_ batch: Batch, in store: any EventStore, resume: Resumption?, then: @escaping Completion<Batch>) {
        guard !batch.admitted.isEmpty else {
            then(.success(batch))
            return
        }
        let started = ContinuousClock.now
        store.store(batch.admitted, receivedAt: batch.now) { [self] result in
            storeWrites?.observe((ContinuousClock.now - started).inSeconds)
            guard let resume else { return applyStored(batch, result, then: then) }
            resume { [self] in applyStored(batch, result, then: then) }
        }
    }

    /// Applies what the store took (or gives the keys back when it failed), then continues.
    private func applyStored(_ batch: Batch, _ result: Result<[Bool], EventStoreUnavailable>, then: Completion<Batch>) {
        switch result {
        case .failure(let error):
            batch.admitted.forEach(processor.release)
            then(.failure(RequestError(
                code: error.code, message: "events could not be made durable; retry later: \(error.message)", isUnavailable: true)))
        case .success(let new):
            var batch = batch
            let admitted = batch.admitted
            batch.admitted = []
            for index in admitted.indices {
                guard !new[index] else {
                    processor.apply(admitted[index])
                    continue
                }
                batch.accepted[admitted[index].specIndex] -= 1
                batch.report.accepted -= 1
                batch.count(admitted[index], asNew: false)
            }
            then(.success(batch))
        }
    }

    /// Events whose key another request had taken are duplicates only if that request stored them:
    /// once the requests storing now have answered, a key still taken is a duplicate, and a key given
    /// back (its request failed) is taken and stored here.
    private func settleSeenBefore(_ batch: Batch, in store: any EventStore, resume: Resumption?, then done: @escaping Completion<Batch>) {
        storing.afterThoseStoringNow { [self] in
            let ticket = storing.begin()
            var batch = batch
            for event in batch.seenBefore {
                let isNew = processor.admit(event, now: batch.now)
                batch.count(event, asNew: isNew)
                if isNew { batch.admitted.append(event) }
            }
            batch.seenBefore = []
            storeAndApply(batch, in: store, resume: resume) { [self] result in
                storing.end(ticket)
                if case .success(let batch) = result { count(batch) }
                done(result)
            }
        }
    }

    private static func parse(_ body: [UInt8], range: Range<Int>, into tape: inout JSONTape) throws(RequestError) {
        do {
            try tape.parse(body, range: range)
        } catch {
            throw RequestError(code: "invalid_json", message: "the body is not valid JSON: \(error)")
        }
    }
}
