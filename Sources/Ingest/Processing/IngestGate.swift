import Dispatch
import Synchronization

/// Lets a snapshot see the processor between requests. A request enters before it admits its first
/// key and leaves once its last event is applied, from whichever thread completes it; `pause` waits
/// until none is inside and holds new ones back while its body runs. A held request is not a
/// blocked thread: it starts on the pausing thread when the pause ends. So a paused processor has
/// applied exactly what the store holds and nothing more, and no event loop waits for a snapshot.
public final class IngestGate: Sendable {
    private struct State {
        var inside = 0
        var paused = false
        var held: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())
    /// Signalled when the last request inside leaves during a pause.
    private let emptied = DispatchSemaphore(value: 0)

    public init() {}

    /// Runs `request` now, or when the pause under way ends. It must call `leave()` once done.
    func enter(_ request: @escaping @Sendable () -> Void) {
        let admitted = state.withLock { state -> Bool in
            guard !state.paused else {
                state.held.append(request)
                return false
            }
            state.inside += 1
            return true
        }
        if admitted { request() }
    }

    func leave() {
        let last = state.withLock { state -> Bool in
            state.inside -= 1
            return state.paused && state.inside == 0
        }
        if last { emptied.signal() }
    }

    /// Runs `body` while no request is inside, then starts the requests that arrived meanwhile. One
    /// pause at a time (the snapshot schedule takes them in turn).
    public func pause<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let mustWait = state.withLock { state -> Bool in
            state.paused = true
            return state.inside > 0
        }
        if mustWait { emptied.wait() }
        defer {
            let held = state.withLock { state -> [@Sendable () -> Void] in
                state.paused = false
                state.inside += state.held.count
                defer { state.held = [] }
                return state.held
            }
            for request in held { request() }
        }
        return try body()
    }
}
