import Synchronization

/// The requests between admitting their events and their store's answer. A key such a request
/// admitted is not durable yet: the store may still fail and the key be given back. So a request
/// that finds a duplicate lets the requests storing at that moment answer before it calls the event
/// a duplicate, instead of acknowledging an event that may never be stored. It holds no ticket while
/// it waits, so two requests never wait for each other, and no thread waits at all: the last of
/// those requests to end runs it.
final class StoringRequests: Sendable {
    private struct Waiter {
        /// Every ticket below this one must have ended.
        let before: Int
        let work: @Sendable () -> Void
    }

    private struct State {
        var next = 0
        var active: Set<Int> = []
        var waiters: [Waiter] = []
    }

    private let state = Mutex(State())

    /// Marks a request as storing; pass the ticket to `end`.
    func begin() -> Int {
        state.withLock { state in
            defer { state.next += 1 }
            state.active.insert(state.next)
            return state.next
        }
    }

    func end(_ ticket: Int) {
        let ready = state.withLock { state -> [Waiter] in
            state.active.remove(ticket)
            guard !state.waiters.isEmpty else { return [] }
            let oldest = state.active.min() ?? state.next
            let ready = state.waiters.filter { $0.before <= oldest }
            state.waiters.removeAll { $0.before <= oldest }
            return ready
        }
        for waiter in ready { waiter.work() }
    }

    /// Runs `work` once every request storing now has had its store's answer: at once when none is,
    /// else on the thread that ends the last of them.
    func afterThoseStoringNow(_ work: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            guard !state.active.isEmpty else { return true }
            state.waiters.append(Waiter(before: state.next, work: work))
            return false
        }
        if runNow { work() }
    }
}
