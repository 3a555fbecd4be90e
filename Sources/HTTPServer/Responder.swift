import Glibc
public import HTTPCore
import Synchronization

/// Answers one request whose handler could not answer at once (it waits for a disk, a database or
/// a worker thread). Call `respond` once, from any thread; the event loop that owns the connection
/// writes the answer. A second call, or one after the request timed out, is ignored.
public struct Responder: Sendable {
    let mailbox: LoopMailbox
    let fd: Int32
    let serial: UInt64

    public func respond(_ response: HTTPResponse) {
        mailbox.post(.answer(fd: fd, serial: serial, response: response))
    }

    /// Runs `work` on the event loop that received the request: for the rest of a request's work
    /// once a disk or database has answered (applying what it stored, encoding the answer), so that
    /// the thread that waited on the device goes back to it at once and the request's memory is
    /// used and freed where it was made. Once that loop has ended (shutdown), `work` runs here: it
    /// may hold what others wait for (a snapshot waits for every request to finish).
    public func resume(_ work: @escaping @Sendable () -> Void) {
        mailbox.post(.work(work))
    }
}

/// Where deferred answers and resumed work reach an event loop. Posting from another thread wakes
/// the loop through its eventfd, once per batch; an answer given while the loop is still inside
/// the handler (a duplicate event, a refused body) is kept aside and written without a wake-up,
/// and so is anything posted while the loop is already emptying its mailbox. Owns the eventfd and
/// closes it only when no loop or `Responder` can use it any more.
final class LoopMailbox: Sendable {
    enum Delivery: Sendable {
        case answer(fd: Int32, serial: UInt64, response: HTTPResponse)
        case work(@Sendable () -> Void)
    }

    private struct State {
        var deliveries: [Delivery] = []
        /// The serial of the request whose handler the loop is running now (0: none).
        var dispatching: UInt64 = 0
        var immediate: HTTPResponse?
        /// The loop is emptying the mailbox and takes again before it stops: no wake-up needed.
        var emptying = false
        /// The loop has ended: work posted now runs on the poster's thread, answers go nowhere.
        var closed = false
    }

    let wakeFD: Int32
    private let state = Mutex(State())

    init(wakeFD: Int32) {
        self.wakeFD = wakeFD
    }

    deinit {
        Glibc.close(wakeFD)
    }

    func post(_ delivery: Delivery) {
        enum Outcome { case queued, wake, runHere }
        let outcome = state.withLock { state -> Outcome in
            if state.closed { return .runHere }
            if case .answer(_, let serial, let response) = delivery, serial == state.dispatching {
                state.immediate = response
                return .queued
            }
            state.deliveries.append(delivery)
            return state.deliveries.count == 1 && !state.emptying ? .wake : .queued
        }
        switch outcome {
        case .queued: break
        case .wake: Posix.signal(eventFD: wakeFD)
        case .runHere: if case .work(let work) = delivery { work() }
        }
    }

    /// Called by the loop as it ends: what is still posted, and from now on work runs where it is posted.
    func close() -> [Delivery] {
        state.withLock { state in
            state.closed = true
            defer { state.deliveries = [] }
            return state.deliveries
        }
    }

    /// Runs a deferred handler for the request `serial`; returns the answer it gave before returning, if any.
    func dispatching(_ serial: UInt64, _ handler: () -> Void) -> HTTPResponse? {
        state.withLock { $0.dispatching = serial }
        handler()
        return state.withLock { state in
            state.dispatching = 0
            defer { state.immediate = nil }
            return state.immediate
        }
    }

    /// What was posted since the last call, in order. The loop calls it until it comes back empty;
    /// until then, posts need not wake it.
    func take() -> [Delivery] {
        state.withLock { state in
            guard !state.deliveries.isEmpty else {
                state.emptying = false
                return []
            }
            state.emptying = true
            defer { state.deliveries = [] }
            return state.deliveries
        }
    }

    /// Wakes the loop without a delivery (shutdown).
    func wake() {
        Posix.signal(eventFD: wakeFD)
    }
}
