/// Event times as senders write them (RFC 3339 text or epoch milliseconds), read into seconds since
/// the Unix epoch, and written back as RFC 3339 for logs and JSON.
///
/// Hand-written rather than `ISO8601DateFormatter` or `Date.ParseStrategy`: every ingested event
/// carries a timestamp, and these parse one in tens of nanoseconds without allocating, strictly to
/// RFC 3339 §5.6, with calendar arithmetic that is exact for every year from 0000 to 9999.
///
/// Seconds are `Double`s, like `Date.timeIntervalSince1970`: whole microseconds survive the round
/// trip through a `Double` for every date before 2106 (the spacing of doubles near 2³² s is 0.95 µs).
public enum EventTimestamp {
    /// 9999-12-31T23:59:59.999Z, the last instant RFC 3339 can write, in epoch milliseconds.
    static let latestMilliseconds = 253_402_300_799_999
    /// 0000-01-01T00:00:00.000Z in epoch milliseconds.
    static let earliestMilliseconds = -62_167_219_200_000

    /// Epoch milliseconds (the other accepted form) to seconds. Nil for NaN, negative values and
    /// values past the end of year 9999 (absurd for an event, and not writable as RFC 3339).
    public static func fromEpochMilliseconds(_ value: Double) -> Double? {
        guard value >= 0, value <= Double(latestMilliseconds) else { return nil }
        return value / 1000
    }
}
