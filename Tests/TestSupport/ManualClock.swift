import Synchronization

/// A clock that moves only when a test says so, for state that depends on the time of day.
public final class ManualClock: Sendable {
    private let seconds: Mutex<Double>

    public init(_ start: Double) {
        seconds = Mutex(start)
    }

    public var now: Double { seconds.withLock { $0 } }

    public func set(_ value: Double) {
        seconds.withLock { $0 = value }
    }
}
