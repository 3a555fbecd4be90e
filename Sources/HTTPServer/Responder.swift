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
        mailbox.post(LoopMailbox.Answer(fd: fd, serial: serial, response: response))
    }
}

/// Where deferred answers reach an event loop. Posting from another thread wakes the loop through
/// its eventfd, once per batch of answers; an answer given while the loop is still inside the
/// handler (a duplicate event, a refused body) is kept aside and written without a wake-up.
/// Owns the eventfd and closes it only when no loop or `Responder` can use it any more.
final class LoopMailbox: Sendable {
    struct Answer: Sendable {
        let fd: Int32
        let serial: UInt64
        let response: HTTPResponse
    }

    private struct State {
        var answers: [Answer] = []
        /// The serial of the request whose handler the loop is running now (0: none).
        var dispatching: UInt64 = 0
        var immediate: HTTPResponse?
    }

    let wakeFD: Int32
    private let state = Mutex(State())

    init(wakeFD: Int32) {
        self.wakeFD = wakeFD
    }

    deinit {
        close(wakeFD)
    }

    func post(_ answer: Answer) {
        let wake = state.withLock { state -> Bool in
            if answer.serial == state.dispatching {
                state.immediate = answer.response
                return false
            }
            state.answers.append(answer)
            return state.answers.count == 1
        }
        if wake { Posix.signal(eventFD: wakeFD) }
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

    /// The answers posted since the last call, in order.
    func take() -> [Answer] {
        state.withLock { state in
            guard !state.answers.isEmpty else { return [] }
            defer { state.answers = [] }
            return state.answers
        }
    }

    /// Wakes the loop without an answer (shutdown).
    func wake() {
        Posix.signal(eventFD: wakeFD)
    }
}
