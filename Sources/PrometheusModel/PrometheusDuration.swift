/// Prometheus durations (`1y2w3d4h5m6s7ms`) as milliseconds, parsed and printed like `model.Duration`:
/// PromQL ranges and offsets, test scripts and rule files all write them this way.
public enum PrometheusDuration {
    static let units: [(suffix: String, milliseconds: Int64)] = [
        ("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// Milliseconds for `text`, or nil when units are missing, repeated, out of order or overflow.
    /// `"0"` alone is accepted, as in Prometheus.
    public static func milliseconds(_ text: some StringProtocol) -> Int64? {
        if text == "0" { return 0 }
        var rest = Substring(text)
        var total: Int64 = 0
        var nextUnit = 0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let value = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unitText = rest.hasPrefix("ms") ? "ms" : String(rest.prefix(1))
            guard let index = units[nextUnit...].firstIndex(where: { $0.suffix == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            nextUnit = index + 1
            let (product, overflow) = value.multipliedReportingOverflow(by: units[index].milliseconds)
            guard !overflow else { return nil }
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            guard !sumOverflow else { return nil }
            total = sum
        }
        return total
    }

    /// The canonical text: years and weeks only when they divide evenly, `0s` for zero.
    public static func format(_ milliseconds: Int64) -> String {
        if milliseconds == 0 { return "0s" }
        if milliseconds < 0 { return "-" + format(milliseconds == .min ? .max : -milliseconds) }
        var rest = milliseconds
        var out = ""
        for (index, unit) in units.enumerated() {
            if index < 2 && rest % unit.milliseconds != 0 { continue }
            let count = rest / unit.milliseconds
            if count > 0 {
                out += "\(count)\(unit.suffix)"
                rest -= count * unit.milliseconds
            }
        }
        return out
    }
}
