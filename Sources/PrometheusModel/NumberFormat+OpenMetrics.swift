/// OpenMetrics' canonical number form, required for `le` label values.
///
/// OpenMetrics makes `le="1"` and `le="1.0"` different series, so the value must be spelled one
/// way: Go's shortest `'g'` form with `.0` appended when it has neither a point nor an exponent
/// (`1.0`, `0.005`, `1e+06`, `+Inf`), as client_golang writes it and Prometheus 3 normalises to.
extension NumberFormat {
    /// Appends `value` in OpenMetrics canonical form.
    public static func appendCanonical(_ value: Double, to buffer: inout [UInt8]) {
        if appendSpecial(value, to: &buffer) { return }
        let start = buffer.count
        appendGoStyle(ShortestDecimal(value), to: &buffer)
        let written = buffer[start...]
        if !written.contains(UInt8(ascii: ".")) && !written.contains(UInt8(ascii: "e")) {
            buffer.append(UInt8(ascii: "."))
            buffer.append(UInt8(ascii: "0"))
        }
    }

    /// `value` in OpenMetrics canonical form.
    public static func canonicalString(_ value: Double) -> String {
        var buffer: [UInt8] = []
        appendCanonical(value, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
