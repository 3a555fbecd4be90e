import Glibc

/// Lets a snapshot see the processor between requests: every ingest request passes the gate
/// (shared), and `pause` waits until none is inside, keeps new ones out while its body runs, then
/// lets them continue. A request is inside from its first admitted key to its last applied event,
/// so a paused processor has applied exactly what the store holds and nothing more.
///
/// `@unchecked Sendable`: the only state is the rwlock, which lives at a fixed heap address for the
/// gate's life and is only used through pthread calls, which are thread-safe. Writers are preferred,
/// so a steady stream of requests cannot starve a snapshot.
public final class IngestGate: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    public init() {
        lock = .allocate(capacity: 1)
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        pthread_rwlock_init(lock, &attributes)
        pthread_rwlockattr_destroy(&attributes)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// Runs one request's admission, storing and applying.
    func pass<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    /// Runs `body` while no request is inside.
    public func pause<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}
