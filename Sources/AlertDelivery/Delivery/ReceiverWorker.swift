import Dispatch
import PrometheusModel
import Synchronization

/// Sends one receiver's pending notices, oldest first, one request at a time. Each receiver has its
/// own worker and queue, so a slow or failing receiver delays nobody else, and nothing here runs on
/// the rule evaluation queue.
final class ReceiverWorker: Sendable {
    private struct State {
        var inFlight = false
        var failures = 0
        /// While backing off, when the next attempt is due; kicks before then wait for it.
        var waitingForRetry = false
        var stopped = false
        var context = RenderContext(externalURL: "")
    }

    let receiver: Receiver
    private let outbox: Outbox
    private let transport: HTTPTransport
    private let retry: RetryPolicy
    private let observer: DeliveryObserver
    private let now: @Sendable () -> Int64
    private let queue: DispatchQueue
    private let state = Mutex(State())

    init(
        receiver: Receiver, outbox: Outbox, transport: HTTPTransport, retry: RetryPolicy,
        observer: DeliveryObserver, now: @escaping @Sendable () -> Int64
    ) {
        self.receiver = receiver
        self.outbox = outbox
        self.transport = transport
        self.retry = retry
        self.observer = observer
        self.now = now
        queue = DispatchQueue(label: "commswatch.notify.\(receiver.name)")
    }

    /// Starts sending, with `context` for the payloads.
    func start(context: RenderContext) {
        state.withLock { $0.context = context }
        kick()
    }

    /// Something may be pending: send it unless a request is in flight or a back-off is running.
    func kick() {
        queue.async { self.sendNext() }
    }

    /// Stops sending; what is pending stays in the outbox for the next start.
    func stop() {
        queue.sync { state.withLock { $0.stopped = true } }
    }

    private func sendNext() {
        let context = state.withLock { state -> RenderContext? in
            guard !state.inFlight, !state.waitingForRetry, !state.stopped else { return nil }
            state.inFlight = true
            return state.context
        }
        guard let context else { return }
        let batch = Array(outbox.pending(for: receiver.name).prefix(PayloadRenderer.batchLimit(for: receiver.kind)))
        guard !batch.isEmpty else {
            state.withLock { $0.inFlight = false }
            return
        }
        let request = PayloadRenderer.request(for: batch.map(\.notice), to: receiver, context: context)
        transport.send(request) { outcome in
            self.queue.async { self.finish(batch, outcome) }
        }
    }

    private func finish(_ batch: [Outbox.Entry], _ outcome: SendOutcome) {
        state.withLock { $0.inFlight = false }
        do throws(OutboxError) {
            switch outcome {
            case .answered(let status) where (200..<300).contains(status):
                try outbox.markDelivered(batch, at: now())
                state.withLock { $0.failures = 0 }
                observer.delivered(receiver.name, batch.count)
            case .answered(let status) where !RetryPolicy.isRetryable(status: status):
                let reason = "HTTP \(status)"
                try outbox.deadLetter(batch, reason: reason, at: now())
                observer.deadLettered(receiver.name, batch.count, reason)
            case .answered(let status):
                backOff(reason: "HTTP \(status)")
                return
            case .failed(let reason):
                backOff(reason: reason)
                return
            }
        } catch {
            observer.outboxFailed(error)
            backOff(reason: "outbox: \(error.description)")
            return
        }
        sendNext()
    }

    private func backOff(reason: String) {
        let failures = state.withLock { state in
            state.failures += 1
            state.waitingForRetry = true
            return state.failures
        }
        let delay = retry.delay(afterFailures: failures)
        observer.failed(receiver.name, reason, delay)
        queue.asyncAfter(deadline: .now() + delay.inSeconds) {
            self.state.withLock { $0.waitingForRetry = false }
            self.sendNext()
        }
    }
}
