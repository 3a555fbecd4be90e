/// Number formatting for sample values in both text formats.
///
/// Integral values within ±2^53 print as plain integers (`42`, never `4.2e+01` or `42.0`), which
/// keeps counters readable and exact. Other values print in the shortest form that reads back
/// as the same double, laid out as Go's `strconv.FormatFloat(v, 'g', -1, 64)` does (plain for
/// decimal exponents -4…5, otherwise `1.7560473e+06`), so fractional output matches client_golang.
/// Special values are `+Inf`, `-Inf` and `NaN`; negative zero prints as `0`.
public enum NumberFormat {
    /// Appends `value` formatted as a sample value.
    public static func append(_ value: Double, to buffer: inout [UInt8]) {
        if appendSpecial(value, to: &buffer) { return }
        let magnitude = value.magnitude
        if magnitude == magnitude.rounded(.towardZero) && magnitude <= 9_007_199_254_740_992 {
            if value < 0 { buffer.append(UInt8(ascii: "-")) }
            append(UInt64(magnitude), to: &buffer)
        } else {
            appendGoStyle(ShortestDecimal(value), to: &buffer)
        }
    }

    /// Appends an unsigned integer in decimal, digit by digit.
    public static func append(_ value: UInt64, to buffer: inout [UInt8]) {
        if value < 10 {
            buffer.append(UInt8(ascii: "0") &+ UInt8(value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value
            var start = 20
            while rest > 0 {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(rest % 10)
                rest /= 10
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// `value` formatted as a sample value.
    public static func string(_ value: Double) -> String {
        var buffer: [UInt8] = []
        append(value, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Writes `NaN`, `+Inf` or `-Inf` and returns true, or returns false for a finite value.
    static func appendSpecial(_ value: Double, to buffer: inout [UInt8]) -> Bool {
        if value.isNaN {
            buffer.append(contentsOf: "NaN".utf8)
        } else if value == .infinity {
            buffer.append(contentsOf: "+Inf".utf8)
        } else if value == -.infinity {
            buffer.append(contentsOf: "-Inf".utf8)
        } else {
            return false
        }
        return true
    }

    /// Lays out a shortest decimal as Go's `'g'` format with precision -1 does.
    static func appendGoStyle(_ decimal: ShortestDecimal, to buffer: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 17) { digits in
            var rest = decimal.significand
            for index in stride(from: decimal.digitCount - 1, through: 0, by: -1) {
                digits[index] = UInt8(ascii: "0") &+ UInt8(rest % 10)
                rest /= 10
            }
            let count = decimal.digitCount
            let exponent = decimal.exponent
            if decimal.isNegative { buffer.append(UInt8(ascii: "-")) }
            if exponent < -4 || exponent >= 6 {
                buffer.append(digits[0])
                if count > 1 {
                    buffer.append(UInt8(ascii: "."))
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: digits[1..<count]))
                }
                buffer.append(UInt8(ascii: "e"))
                buffer.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                if exponent.magnitude < 10 { buffer.append(UInt8(ascii: "0")) }
                append(UInt64(exponent.magnitude), to: &buffer)
            } else if exponent >= 0 {
                let integerDigits = exponent + 1
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<min(count, integerDigits)]))
                if count < integerDigits {
                    buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: integerDigits - count))
                } else if count > integerDigits {
                    buffer.append(UInt8(ascii: "."))
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: digits[integerDigits..<count]))
                }
            } else {
                buffer.append(UInt8(ascii: "0"))
                buffer.append(UInt8(ascii: "."))
                buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -exponent - 1))
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<count]))
            }
        }
    }
}
