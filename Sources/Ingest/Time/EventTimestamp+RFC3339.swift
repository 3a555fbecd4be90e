import PrometheusModel

extension EventTimestamp {
    /// Parses an RFC 3339 date-time as senders write it into seconds since the epoch.
    ///
    /// Accepted: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of any length after a `.`, then `Z` or
    /// a `±HH:MM` offset, e.g. `2026-11-23T08:21:56Z`, `2026-11-23T08:21:56.737526+00:00`,
    /// `2026-11-23t08:21:56.7-05:30`. `T` and `Z` may be lowercase, and the `T` may be a space (the
    /// readability variant RFC 3339 §5.6 allows). Any year from 0000 to 9999 is read (before 1970
    /// the result is negative). Fraction digits past the sixth are dropped, as Python's `datetime`
    /// drops them, so the result is a whole number of microseconds.
    ///
    /// Nil for anything else: dates without a time or without an offset, offsets without a colon,
    /// out-of-range fields (month 13, February 30, February 29 outside leap years, hour 24,
    /// minute 60, offset hour 24), an empty fraction, signs, spaces or characters around the text.
    /// A leap second (`:60`) is accepted in any minute and read as the last microsecond of that
    /// minute's `:59`, so the event keeps its minute and day instead of being rejected or moved to
    /// the next day.
    public static func parseRFC3339(_ bytes: some Collection<UInt8>) -> Double? {
        if let parsed = bytes.withContiguousStorageIfAvailable(parseRFC3339(contiguous:)) {
            return parsed
        }
        return Array(bytes).withUnsafeBufferPointer(parseRFC3339(contiguous:))
    }

    private static func parseRFC3339(contiguous text: UnsafeBufferPointer<UInt8>) -> Double? {
        // "YYYY-MM-DDTHH:MM:SS" and at least a "Z".
        guard text.count >= 20,
            let year = number(text, at: 0, digits: 4), text[4] == UInt8(ascii: "-"),
            let month = number(text, at: 5, digits: 2), text[7] == UInt8(ascii: "-"),
            let day = number(text, at: 8, digits: 2), isDateTimeSeparator(text[10]),
            let hour = number(text, at: 11, digits: 2), text[13] == UInt8(ascii: ":"),
            let minute = number(text, at: 14, digits: 2), text[16] == UInt8(ascii: ":"),
            var second = number(text, at: 17, digits: 2),
            (1...12).contains(month), day >= 1, day <= CivilCalendar.daysInMonth(month, year: year),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }

        var index = 19
        var microseconds = 0
        if text[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < text.count, case let digit = text[index] &- UInt8(ascii: "0"), digit < 10 {
                if index - start < 6 { microseconds = microseconds * 10 + Int(digit) }
                index += 1
            }
            let fractionDigits = index - start
            guard fractionDigits > 0 else { return nil }
            if fractionDigits < 6 {
                for _ in fractionDigits..<6 { microseconds *= 10 }
            }
        }

        guard index < text.count else { return nil }
        var offset = 0
        switch text[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard text.count - index >= 6,
                let offsetHours = number(text, at: index + 1, digits: 2), offsetHours <= 23,
                text[index + 3] == UInt8(ascii: ":"),
                let offsetMinutes = number(text, at: index + 4, digits: 2), offsetMinutes <= 59
            else { return nil }
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (text[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        default:
            return nil
        }
        guard index == text.count else { return nil }

        if second == 60 {
            second = 59
            microseconds = 999_999
        }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Double(seconds * 1_000_000 + microseconds) / 1_000_000
    }

    private static func isDateTimeSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "T") || byte == UInt8(ascii: "t") || byte == UInt8(ascii: " ")
    }

    /// The decimal number in `text[start..<start + digits]`, nil unless all of them are digits.
    private static func number(_ text: UnsafeBufferPointer<UInt8>, at start: Int, digits: Int) -> Int? {
        var value = 0
        for index in start..<(start + digits) {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
