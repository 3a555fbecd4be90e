/// How long to wait before trying a failing receiver again: exponential back-off from `initial`,
/// capped at `maximum` so a receiver that comes back is served within that long, with jitter so
/// that several commswatch instances do not retry in step.
public struct RetryPolicy: Sendable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(60)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before attempt `failures + 1`, between half and all of the exponential step.
    public func delay(afterFailures failures: Int, random: Double = .random(in: 0...1)) -> Duration {
        let exponential = initial * (1 << min(max(failures - 1, 0), 30))
        let step = min(exponential, maximum)
        return step * (0.5 + 0.5 * random)
    }

    /// Whether a status means "try again later" rather than "this will never be accepted".
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 425 || status == 429 || status >= 500
    }
}
