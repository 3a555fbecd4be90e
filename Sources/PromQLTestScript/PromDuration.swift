/// Prometheus duration syntax (`model.ParseDuration`): unit groups `y w d h m s ms`, each at most
/// once and in that order, e.g. `1h30m`, `10m1s`, or a bare `0`. Scripts use it for load steps and
/// evaluation times, so it lives here rather than waiting for the PromQL lexer.
public enum PromDuration {
    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("y", 365 * 24 * 3_600_000), ("w", 7 * 24 * 3_600_000), ("d", 24 * 3_600_000),
        ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    /// The duration in milliseconds, or nil when `text` is not a Prometheus duration.
    public static func milliseconds(_ text: some StringProtocol) -> Int64? {
        if text == "0" { return 0 }
        let chars = Array(text.utf8)
        guard !chars.isEmpty else { return nil }
        var index = 0
        var nextUnit = 0
        var total: Int64 = 0
        while index < chars.count {
            let digitsStart = index
            while index < chars.count, chars[index] >= UInt8(ascii: "0"), chars[index] <= UInt8(ascii: "9") { index += 1 }
            guard index > digitsStart else { return nil }
            var number: Int64 = 0
            for digit in chars[digitsStart..<index] {
                let (times10, overflow1) = number.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int64(digit - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { return nil }
                number = sum
            }
            let unitStart = index
            while index < chars.count, chars[index] >= UInt8(ascii: "a"), chars[index] <= UInt8(ascii: "z") { index += 1 }
            let suffix = String(decoding: chars[unitStart..<index], as: UTF8.self)
            guard let unit = units[nextUnit...].firstIndex(where: { $0.suffix == suffix }) else { return nil }
            nextUnit = unit + 1
            let (scaled, overflow1) = number.multipliedReportingOverflow(by: units[unit].milliseconds)
            let (sum, overflow2) = total.addingReportingOverflow(scaled)
            guard !overflow1, !overflow2 else { return nil }
            total = sum
        }
        return total
    }
}
