extension JSONTape {
    /// The number as an `Int64` if its value is an exact integer in range, else nil (also for non-numbers).
    ///
    /// JSON has one number type, and some senders write integral values as `123.0` or `1.5e2`, so any spelling of
    /// an integer is accepted: `123`, `-0`, `1.0`, `1.5e2`, `12300e-2`. `1.5`, `1e-1` and `9223372036854775808`
    /// are not integers in range and give nil.
    @inlinable
    public func int64(_ node: JSONNode) -> Int64? {
        let node = self[node]
        guard node.tag == .number else { return nil }
        return withRawBytes(node) { JSONNumber.int64($0) }
    }

    /// The number as the nearest `Double` (correctly rounded, ties to even), or nil if `node` is not a number.
    /// Magnitudes beyond `Double.greatestFiniteMagnitude` round to ±infinity, as IEEE 754 and Python do; callers that
    /// need a finite value check `isFinite`. `-0` gives negative zero.
    public func double(_ node: JSONNode) -> Double? {
        let node = self[node]
        guard node.tag == .number else { return nil }
        return withRawBytes(node) { JSONNumber.double($0) }
    }
}

/// Decoding of number text already validated by the parser.
@usableFromInline
enum JSONNumber {
    /// A number as `significand × 10^exponent`, keeping at most 19 significant digits (so it fits a `UInt64`).
    struct Decimal {
        var negative = false
        var significand: UInt64 = 0
        var digits = 0
        var exponent = 0
        /// A nonzero digit beyond the 19th significant one was dropped: the value is not exactly representable here.
        var truncated = false
    }

    /// Plain integers of up to 18 digits (anything that cannot overflow) are read inline; the rest are decomposed.
    @inlinable
    static func int64(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let negative = text[0] == UInt8(ascii: "-")
        var i = negative ? 1 : 0
        guard text.count - i <= 18 else { return exactInteger(text) }
        var value: Int64 = 0
        while i < text.count {
            let digit = text[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return exactInteger(text) }
            value = value &* 10 &+ Int64(digit)
            i += 1
        }
        return negative ? -value : value
    }

    @usableFromInline
    static func exactInteger(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let decimal = decompose(text)
        guard !decimal.truncated else { return nil }  // > 19 significant digits: fractional or out of range
        guard decimal.significand != 0 else { return 0 }
        var magnitude = decimal.significand
        var exponent = decimal.exponent
        while exponent < 0 {
            guard magnitude % 10 == 0 else { return nil }
            magnitude /= 10
            exponent += 1
        }
        while exponent > 0 {
            let (product, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            magnitude = product
            exponent -= 1
        }
        if decimal.negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Clinger's fast path when it applies, else the standard library's correctly rounded conversion.
    @usableFromInline
    static func double(_ text: UnsafeBufferPointer<UInt8>) -> Double {
        let decimal = decompose(text)
        if !decimal.truncated, let value = fastPath(decimal) {
            return decimal.negative ? -value : value
        }
        // Valid JSON number text is always valid Swift float text, so this cannot fail.
        return Double(String(decoding: text, as: UTF8.self)) ?? .nan
    }

    /// Exact when the significand and the power of ten are both exactly representable (significand ≤ 2^53,
    /// |exponent| ≤ 22): the result is then one correctly rounded IEEE multiplication or division (Clinger 1990).
    /// Larger exponents still qualify when moving some of the power into the significand keeps it ≤ 2^53.
    static func fastPath(_ decimal: Decimal) -> Double? {
        var significand = decimal.significand
        guard significand != 0 else { return 0 }
        let limit: UInt64 = 1 << 53
        guard significand <= limit else { return nil }
        var exponent = decimal.exponent
        if exponent > 22 && exponent <= 22 + 15 {
            while exponent > 22 {
                significand *= 10
                guard significand <= limit else { return nil }
                exponent -= 1
            }
        }
        switch exponent {
        case 0: return Double(significand)
        case 1...22: return Double(significand) * powersOfTen[exponent]
        case -22..<0: return Double(significand) / powersOfTen[-exponent]
        default: return nil
        }
    }

    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    static func decompose(_ text: UnsafeBufferPointer<UInt8>) -> Decimal {
        var decimal = Decimal()
        var i = 0
        if text[0] == UInt8(ascii: "-") {
            decimal.negative = true
            i = 1
        }
        var inFraction = false
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: ".") {
                inFraction = true
                i += 1
                continue
            }
            let digit = c &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            i += 1
            if decimal.digits < 19 {
                if decimal.significand != 0 || digit != 0 {
                    decimal.significand = decimal.significand * 10 + UInt64(digit)
                    decimal.digits += 1
                }
                if inFraction { decimal.exponent -= 1 }
            } else {
                if digit != 0 { decimal.truncated = true }
                if !inFraction { decimal.exponent += 1 }
            }
        }
        guard i < text.count else { return decimal }
        i += 1  // 'e' or 'E'
        var negativeExponent = false
        if text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negativeExponent = text[i] == UInt8(ascii: "-")
            i += 1
        }
        var exponent = 0
        while i < text.count {
            // Saturate: beyond this every value has overflowed or underflowed anyway.
            if exponent < 100_000_000 { exponent = exponent * 10 + Int(text[i] &- UInt8(ascii: "0")) }
            i += 1
        }
        decimal.exponent += negativeExponent ? -exponent : exponent
        return decimal
    }
}
