import PrometheusModel
import Testing

struct NumberFormatTests {
    @Test(
        arguments: [
            (0.0, "0"), (-0.0, "0"), (1, "1"), (-1, "-1"), (42, "42"), (1_000_000, "1000000"),
            (9_007_199_254_740_992, "9007199254740992"), (-9_007_199_254_740_992, "-9007199254740992"),
            (18_014_398_509_481_984, "1.8014398509481984e+16"), (1e21, "1e+21"),
            (.infinity, "+Inf"), (-.infinity, "-Inf"), (.nan, "NaN"),
        ] as [(Double, String)])
    func integralAndSpecialValues(value: Double, expected: String) {
        #expect(NumberFormat.string(value) == expected)
    }

    // Expected strings are the ones Go's strconv.FormatFloat(v, 'g', -1, 64) produces (prometheus/common's
    // text_create_test.go examples among them).
    @Test(
        arguments: [
            (0.23, "0.23"), (2010.1971, "2010.1971"), (-3.4567, "-3.4567"), (0.00010188, "0.00010188"),
            (7.6238e-05, "7.6238e-05"), (1756047.3, "1.7560473e+06"), (-1.23e-45, "-1.23e-45"),
            (0.1 + 0.2, "0.30000000000000004"), (0.005, "0.005"), (1.5, "1.5"), (123456.5, "123456.5"),
            (1e-5, "1e-05"), (0.0001, "0.0001"), (Double.leastNonzeroMagnitude, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (1000000000000000.5, "1.0000000000000005e+15"), (0.1, "0.1"), (2.5e-7, "2.5e-07"),
        ] as [(Double, String)])
    func fractionalValuesUseShortestGoLayout(value: Double, expected: String) {
        #expect(NumberFormat.string(value) == expected)
    }

    @Test func randomValuesRoundTripWithTheFewestDigits() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            let text = NumberFormat.string(value)
            #expect(Double(text) == value, "\(text) does not read back as \(value)")
            #expect(significantDigits(text) <= significantDigits(value.description), "\(text) vs \(value.description)")
        }
        for _ in 0..<20_000 {
            let value = Double(Int.random(in: -1_000_000...1_000_000)) / [10, 100, 1000, 8, 3].randomElement()!
            let text = NumberFormat.string(value)
            #expect(Double(text) == value, "\(text) does not read back as \(value)")
            #expect(significantDigits(text) <= significantDigits(value.description), "\(text) vs \(value.description)")
        }
    }

    @Test func integersAreWrittenDigitByDigit() {
        var buffer: [UInt8] = []
        for value: UInt64 in [0, 7, 10, 1_234_567_890, .max] {
            NumberFormat.append(value, to: &buffer)
            buffer.append(UInt8(ascii: " "))
        }
        #expect(String(decoding: buffer, as: UTF8.self) == "0 7 10 1234567890 18446744073709551615 ")
    }

    @Test(
        arguments: [
            (1.0, "1.0"), (0.0, "0.0"), (-0.0, "0.0"), (-1, "-1.0"), (0.005, "0.005"), (2.5, "2.5"), (10, "10.0"),
            (100_000, "100000.0"), (1_000_000, "1e+06"), (1e-5, "1e-05"), (.infinity, "+Inf"), (-.infinity, "-Inf"),
            (.nan, "NaN"), (8.999999999999998, "8.999999999999998"),
        ] as [(Double, String)])
    func openMetricsCanonicalNumbers(value: Double, expected: String) {
        #expect(NumberFormat.canonicalString(value) == expected)
    }

    /// Digits of the mantissa, ignoring sign, leading zeros, the point and trailing zeros of a fraction.
    private func significantDigits(_ text: String) -> Int {
        let mantissa = text.split(separator: "e").first.map(String.init) ?? text
        var digits = mantissa.filter(\.isNumber).drop { $0 == "0" }
        if mantissa.contains(".") {
            while digits.last == "0" { digits.removeLast() }
        } else {
            while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        }
        return max(digits.count, 1)
    }
}
