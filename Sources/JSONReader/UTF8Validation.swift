/// Well-formed UTF-8 as defined by Unicode 15 Table 3-7 (and RFC 3629): no overlong forms, no encoded surrogates
/// (U+D800–U+DFFF), nothing above U+10FFFF, no truncated sequences.
///
/// Only string contents can hold non-ASCII bytes in valid JSON, so the parser calls this when its ASCII fast path
/// meets a byte ≥ 0x80.
enum UTF8Validation {
    /// Length of the well-formed multi-byte sequence starting at `p[i]` (which is ≥ 0x80), or 0 if it is not one.
    static func sequenceLength(_ p: UnsafePointer<UInt8>, at i: Int, end: Int) -> Int {
        let lead = p[i]
        // The allowed range of the second byte depends on the lead byte; the others are always 80–BF.
        let length: Int
        let low: UInt8
        let high: UInt8
        switch lead {
        case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)  // below A0: overlong
        case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
        case 0xED: (length, low, high) = (3, 0x80, 0x9F)  // above 9F: UTF-16 surrogates
        case 0xF0: (length, low, high) = (4, 0x90, 0xBF)  // below 90: overlong
        case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (length, low, high) = (4, 0x80, 0x8F)  // above 8F: beyond U+10FFFF
        default: return 0  // continuation byte, C0/C1 (overlong) or F5–FF
        }
        guard end - i >= length else { return 0 }
        let second = p[i + 1]
        guard second >= low, second <= high else { return 0 }
        for k in 2..<length where p[i + k] & 0xC0 != 0x80 {
            return 0
        }
        return length
    }
}
