import PrometheusModel

extension EventTimestamp {
    /// RFC 3339 in UTC with millisecond precision (`2026-11-23T08:21:56.737Z`), for logs and JSON
    /// output. Rounds to the nearest millisecond, so `parseRFC3339` of any millisecond timestamp this
    /// writes gives back the same text. Times outside years 0000–9999 are clamped to those years'
    /// ends, and NaN is written as the epoch: a log line never fails for want of a valid time.
    public static func format(_ seconds: Double) -> String {
        let scaled = (seconds * 1000).rounded()
        let milliseconds =
            scaled.isNaN ? 0 : Int(min(max(scaled, Double(earliestMilliseconds)), Double(latestMilliseconds)))
        var days = milliseconds / 86_400_000
        var millisecondOfDay = milliseconds - days * 86_400_000
        if millisecondOfDay < 0 {
            days -= 1
            millisecondOfDay += 86_400_000
        }
        let (year, month, day) = CivilCalendar.date(days: days)
        let secondOfDay = millisecondOfDay / 1000
        return String(unsafeUninitializedCapacity: 24) { text in
            write(year, digits: 4, into: text, at: 0)
            text[4] = UInt8(ascii: "-")
            write(month, digits: 2, into: text, at: 5)
            text[7] = UInt8(ascii: "-")
            write(day, digits: 2, into: text, at: 8)
            text[10] = UInt8(ascii: "T")
            write(secondOfDay / 3600, digits: 2, into: text, at: 11)
            text[13] = UInt8(ascii: ":")
            write(secondOfDay / 60 % 60, digits: 2, into: text, at: 14)
            text[16] = UInt8(ascii: ":")
            write(secondOfDay % 60, digits: 2, into: text, at: 17)
            text[19] = UInt8(ascii: ".")
            write(millisecondOfDay % 1000, digits: 3, into: text, at: 20)
            text[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    /// Writes `value` as exactly `digits` decimal digits, zero-padded.
    private static func write(_ value: Int, digits: Int, into text: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var rest = value
        for index in (start..<(start + digits)).reversed() {
            text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}
