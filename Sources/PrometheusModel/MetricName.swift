/// Validation of metric names against the classic Prometheus character set.
///
/// Prometheus 2.x and its text parsers accept only `[a-zA-Z_:][a-zA-Z0-9_:]*`; newer quoted UTF-8
/// names are not used, so every scraper version can read what commswatch writes.
public enum MetricName {
    /// Whether `name` matches `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    public static func isValid(_ name: String) -> Bool {
        var bytes = name.utf8.makeIterator()
        guard let first = bytes.next(), isLetter(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: ":")
        else { return false }
        while let byte = bytes.next() {
            guard isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") else {
                return false
            }
        }
        return true
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
