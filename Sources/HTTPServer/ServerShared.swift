import Glibc
import Synchronization

/// The little state the event loops share: all of it atomic, so no loop ever waits on another.
final class ServerShared: Sendable {
    let shuttingDown = Atomic<Bool>(false)
    let openConnections = Atomic<Int>(0)
    private let listener: Int32
    private let loopsStillListening: Atomic<Int>

    init(listener: Int32, loops: Int) {
        self.listener = listener
        self.loopsStillListening = Atomic(loops)
    }

    /// Called by each loop once it stopped watching the listener; the last one closes it,
    /// so no loop can be inside `accept` on a closed (or reused) descriptor.
    func listenerReleased() {
        if loopsStillListening.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
            close(listener)
        }
    }
}
