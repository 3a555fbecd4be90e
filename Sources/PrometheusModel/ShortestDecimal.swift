/// A finite double as the shortest decimal that reads back as the same double:
/// `d.ddd × 10^exponent`, with the digits `d…d` held in `significand` (no trailing zeros).
///
/// Integral values and "short" fractions (most latencies and sums) are found arithmetically
/// without allocating; only long fractions fall back to the standard library's shortest
/// round-trip printer, whose output is re-read into this form.
struct ShortestDecimal {
    var isNegative: Bool
    var significand: UInt64
    var digitCount: Int
    var exponent: Int

    /// 10^0 … 10^17, all exact in a Double.
    private static let powersOfTen: [Double] = (0...17).map { power in
        (0..<power).reduce(1.0) { product, _ in product * 10 }
    }

    /// The decomposition of `value`, which must be finite. Zero (either sign) is `0 × 10^0`.
    init(_ value: Double) {
        precondition(value.isFinite, "ShortestDecimal needs a finite value")
        isNegative = value < 0
        significand = 0
        digitCount = 1
        exponent = 0
        let magnitude = value.magnitude
        if magnitude == 0 { return }
        if magnitude == magnitude.rounded(.towardZero) && magnitude <= 9_007_199_254_740_992 {
            setDigits(UInt64(magnitude), pointShift: 0)
        } else if magnitude >= 1e-4, let (scaled, shift) = Self.shortFraction(magnitude) {
            setDigits(scaled, pointShift: shift)
        } else {
            parseDescription(of: magnitude)
        }
    }

    /// The smallest `k` with `round(m × 10^k) / 10^k == m`, while that numerator stays far enough below 2^53
    /// that the product's rounding error cannot pick the wrong integer.
    private static func shortFraction(_ magnitude: Double) -> (UInt64, Int)? {
        for shift in 1..<powersOfTen.count {
            let scaled = magnitude * powersOfTen[shift]
            guard scaled < 1_125_899_906_842_624 else { return nil }  // 2^50
            let rounded = scaled.rounded()
            if rounded / powersOfTen[shift] == magnitude { return (UInt64(rounded), shift) }
        }
        return nil
    }

    /// Sets the digits of `integer × 10^-pointShift`.
    private mutating func setDigits(_ integer: UInt64, pointShift: Int) {
        var digits = integer
        var trailingZeros = 0
        while digits % 10 == 0 {
            digits /= 10
            trailingZeros += 1
        }
        let count = Self.decimalDigitCount(digits)
        significand = digits
        digitCount = count
        exponent = count + trailingZeros - 1 - pointShift
    }

    /// Reads the standard library's shortest round-trip form (`0.30000000000000004`, `1e-05`,
    /// `1.2345678901234567e+19`) of a positive finite value.
    private mutating func parseDescription(of magnitude: Double) {
        var text = magnitude.description
        var digits: UInt64 = 0
        var integerDigits = 0
        var leadingZeros = 0
        var seenNonZero = false
        var seenPoint = false
        var scientific = 0
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: ".") {
                    seenPoint = true
                } else if byte == UInt8(ascii: "e") {
                    let negative = bytes[index] == UInt8(ascii: "-")
                    if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
                    while index < bytes.count {
                        scientific = scientific * 10 + Int(bytes[index] &- UInt8(ascii: "0"))
                        index += 1
                    }
                    if negative { scientific = -scientific }
                } else {
                    let digit = UInt64(byte &- UInt8(ascii: "0"))
                    if !seenPoint { integerDigits += 1 }
                    if digit == 0 && !seenNonZero {
                        leadingZeros += 1
                    } else {
                        seenNonZero = true
                        digits = digits * 10 + digit
                    }
                }
            }
        }
        setDigits(digits, pointShift: 0)
        exponent = integerDigits - 1 - leadingZeros + scientific
    }

    static func decimalDigitCount(_ value: UInt64) -> Int {
        var count = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }
}
