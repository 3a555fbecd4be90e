import Glibc
import Synchronization

/// The requests between admitting their events and their store's answer. A key such a request
/// admitted is not durable yet: the store may still fail and the key be given back. So a request
/// that finds a duplicate waits for the requests storing at that moment before it calls the event
/// a duplicate, instead of acknowledging an event that may never be stored.
final class StoringRequests: Sendable {
    private struct State {
        var next = 0
        var active: Set<Int> = []
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
        _ = state.withLock { $0.active.remove(ticket) }
    }

    /// Returns once every request storing now has had its store's answer. It polls: only requests
    /// with duplicates wait, and for no longer than one store write (a group commit, a transaction).
    /// The caller holds no ticket while it waits, so two requests never wait for each other.
    func waitForThoseStoringNow() {
        let storing = state.withLock { $0.active }
        while !storing.isEmpty, state.withLock({ !$0.active.isDisjoint(with: storing) }) { usleep(100) }
    }
}
