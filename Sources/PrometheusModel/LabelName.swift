/// Validation of label names.
///
/// Label names use `[a-zA-Z_][a-zA-Z0-9_]*` (unlike metric names, no `:`), and names starting with
/// `__` are reserved for Prometheus itself (`__name__`, `__address__`…), so user-declared labels
/// must not use them.
public enum LabelName {
    /// Whether `name` matches `[a-zA-Z_][a-zA-Z0-9_]*`.
    public static func isValid(_ name: String) -> Bool {
        var bytes = name.utf8.makeIterator()
        guard let first = bytes.next(), MetricName.isLetter(first) || first == UInt8(ascii: "_") else { return false }
        while let byte = bytes.next() {
            guard MetricName.isLetter(byte) || MetricName.isDigit(byte) || byte == UInt8(ascii: "_") else {
                return false
            }
        }
        return true
    }

    /// Whether `name` is reserved for Prometheus (it starts with `__`).
    public static func isReserved(_ name: String) -> Bool {
        name.utf8.starts(with: "__".utf8)
    }

    /// Whether `name` may be declared by a user: valid and not reserved.
    public static func isValidUserLabel(_ name: String) -> Bool {
        isValid(name) && !isReserved(name)
    }
}
