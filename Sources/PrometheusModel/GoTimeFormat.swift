/// Timestamps as Go's `time.Time` marshals them to JSON (RFC 3339 with nanoseconds, trailing zeros
/// of the fraction dropped, UTC as `Z`): what Prometheus's API and Alertmanager write and parse.
public enum GoTimeFormat {
    /// Go's zero time, which Prometheus and Alertmanager write for "never" or "no end".
    public static let zeroTime = "0001-01-01T00:00:00Z"

    /// `milliseconds` since the epoch in UTC; nil is Go's zero time.
    public static func rfc3339(milliseconds: Int64?) -> String {
        guard let milliseconds else { return zeroTime }
        let seconds = milliseconds.floorDivided(by: 1000)
        let millis = Int(milliseconds - seconds * 1000)
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = CivilCalendar.date(days: Int(days))
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
        text += "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if millis != 0 {
            var fraction = pad(millis, 3)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
