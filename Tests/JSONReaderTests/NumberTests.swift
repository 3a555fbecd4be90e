import JSONReader
import TestSupport
import Testing

/// `int64` accepts any spelling of an exact integer in range; `double` rounds correctly.
struct NumberTests {
    func number(_ text: String) throws -> (JSONTape, JSONNode) {
        var tape = JSONTape()
        try tape.parse(Array(text.utf8))
        return (tape, tape.root)
    }

    @Test(
        arguments: [
            ("0", 0), ("-0", 0), ("123", 123), ("-123", -123), ("0.0", 0), ("-0.0e5", 0),
            ("1.0", 1), ("1.5e2", 150), ("1.50E+2", 150), ("12300e-2", 123), ("1e18", 1_000_000_000_000_000_000),
            ("123456789012345678", 123_456_789_012_345_678), ("1234567890123456789", 1_234_567_890_123_456_789),
            ("9223372036854775807", .max), ("-9223372036854775808", .min), ("9223372036854775807.000", .max),
            ("922337203685477580.7e1", .max), ("0e99999999999999999999", 0), ("0.00000000000000000000000", 0),
            ("10000000000000000000000e-4", 1_000_000_000_000_000_000), ("1000000000000000000000000000000e-30", 1),
        ] as [(String, Int64)])
    func int64ReadsExactIntegers(text: String, value: Int64) throws {
        let (tape, node) = try number(text)
        #expect(tape.int64(node) == value)
    }

    @Test(arguments: [
        "1.5", "-0.5", "1e-1", "123456789.0000000001", "9223372036854775808", "-9223372036854775809",
        "1e19", "1e99999999999999999999", "1.00000000000000000001", "18446744073709551616", "12345e-2",
    ])
    func int64RefusesFractionsAndOverflow(text: String) throws {
        let (tape, node) = try number(text)
        #expect(tape.int64(node) == nil)
    }

    @Test func int64AndDoubleRefuseNonNumbers() throws {
        for text in [#""1""#, "true", "null", "[1]", #"{"a":1}"#] {
            let (tape, node) = try number(text)
            #expect(tape.int64(node) == nil)
            #expect(tape.double(node) == nil)
        }
    }

    /// Expected bit patterns come from Python's `float()`, which rounds correctly.
    @Test(
        arguments: [
            ("0", 0x0000_0000_0000_0000), ("-0", 0x8000_0000_0000_0000), ("-0.0e-7", 0x8000_0000_0000_0000),
            ("0.1", 0x3FB9_9999_9999_999A), ("123", 0x405E_C000_0000_0000), ("1e23", 0x44B5_2D02_C7E1_4AF6),
            ("0.30000000000000004", 0x3FD3_3333_3333_3334), ("9007199254740993", 0x4340_0000_0000_0000),
            ("9007199254740993e-10", 0x412B_7CDF_D9D7_BDBC), ("7.3177701707893310e+15", 0x4339_FF79_2393_EDD3),
            ("123456789012345678901234567890", 0x45F8_EE90_FF6C_373E), ("8.98846567431158e307", 0x7FE0_0000_0000_0000),
            ("4.9e-324", 0x0000_0000_0000_0001), ("2.4703282292062327e-324", 0x0000_0000_0000_0000),
            ("2.4703282292062328e-324", 0x0000_0000_0000_0001), ("2.2250738585072011e-308", 0x000F_FFFF_FFFF_FFFF),
            ("2.2250738585072014e-308", 0x0010_0000_0000_0000), ("1.7976931348623157e308", 0x7FEF_FFFF_FFFF_FFFF),
            ("1.7976931348623158e308", 0x7FEF_FFFF_FFFF_FFFF), ("1.7976931348623159e308", 0x7FF0_0000_0000_0000),
            ("1e400", 0x7FF0_0000_0000_0000), ("-1e400", 0xFFF0_0000_0000_0000), ("1e-400", 0x0000_0000_0000_0000),
            ("1.00000000000000011102230246251565404236316680908203125", 0x3FF0_0000_0000_0000),
            ("1.00000000000000011102230246251565404236316680908203126", 0x3FF0_0000_0000_0001),
        ] as [(String, UInt64)])
    func doubleRoundsCorrectly(text: String, bits: UInt64) throws {
        let (tape, node) = try number(text)
        #expect(tape.double(node)?.bitPattern == bits)
    }

    /// The fast path (significand ≤ 2^53 and |exponent| ≤ 22, or a little more when the significand has room) must
    /// agree with the standard library's conversion, which is the slow path. Significands near 2^53 and exponents
    /// near ±22 are where a wrong bound would show.
    @Test func fastPathAgreesWithTheStandardLibrary() throws {
        var random = SeededRandom(seed: 0x00F1_0A75)
        var tape = JSONTape()
        for _ in 0..<4000 {
            let significand =
                random.chance(50)
                ? UInt64.random(in: (1 << 52)...(1 << 53) + 10, using: &random)
                : UInt64.random(in: 0...(1 << 53), using: &random) >> UInt64.random(in: 0...50, using: &random)
            let exponent = Int.random(in: -25...40, using: &random)
            let digits = String(significand)
            let text: String
            if random.chance(50) {
                text = "\(digits)e\(exponent)"
            } else {
                let split = Int.random(in: 1...digits.count, using: &random)
                text = "\(digits.prefix(split)).\(digits.dropFirst(split))0e\(exponent)"
            }
            try tape.parse(Array(text.utf8))
            let expected = try #require(Double(text))
            #expect(tape.double(tape.root)?.bitPattern == expected.bitPattern, "\(text)")
        }
    }

    @Test func int64AgreesWithDoubleForIntegralValues() throws {
        var random = SeededRandom(seed: 0x1D64)
        var tape = JSONTape()
        for _ in 0..<2000 {
            let value = Int64.random(in: -(1 << 53)...(1 << 53), using: &random)
            let shift = Int.random(in: 0...6, using: &random)
            let zeros = value == 0 ? "" : String(repeating: "0", count: shift)  // "000" would be a leading zero
            let text = "\(value)\(zeros)e-\(shift)"
            try tape.parse(Array(text.utf8))
            #expect(tape.int64(tape.root) == value, "\(text)")
            #expect(tape.double(tape.root) == Double(value), "\(text)")
        }
    }
}
