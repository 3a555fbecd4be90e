/// Byte classes of the HTTP/1.1 grammar (RFC 9110 §5.6, RFC 9112), as branch-light checks on `UInt8`
/// so the parser never touches `Character` or `String` while scanning.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let backslash: UInt8 = 0x5C
    static let comma: UInt8 = 0x2C

    /// `tchar`: `!#$%&'*+-.^_`|~`, digits and letters; bit `b` of the 128-bit mask is set for token bytes.
    @inline(__always)
    static func isTokenChar(_ byte: UInt8) -> Bool {
        if byte < 64 { return (0x03FF_6CFA_0000_0000 as UInt64) >> UInt64(byte) & 1 != 0 }
        if byte < 128 { return (0x57FF_FFFF_C7FF_FFFE as UInt64) >> UInt64(byte &- 64) & 1 != 0 }
        return false
    }

    /// A byte allowed inside a field value: HTAB, SP, VCHAR or obs-text (0x80–0xFF). No other controls.
    @inline(__always)
    static func isFieldValueChar(_ byte: UInt8) -> Bool {
        (byte >= space && byte != 0x7F) || byte == tab
    }

    /// A byte allowed in a request-target as sent on the wire: visible ASCII only (no spaces, controls, raw UTF-8).
    @inline(__always)
    static func isTargetChar(_ byte: UInt8) -> Bool {
        byte > space && byte < 0x7F
    }

    /// Optional whitespace (OWS / BWS): SP or HTAB.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// `qdtext` of a quoted-string: HTAB, SP, VCHAR except `"` and `\`, obs-text.
    @inline(__always)
    static func isQuotedText(_ byte: UInt8) -> Bool {
        isFieldValueChar(byte) && byte != quote && byte != backslash
    }

    /// The value of a hexadecimal digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte &- UInt8(ascii: "A") &+ 10)
        default: nil
        }
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes as a `String`; invalid UTF-8 (possible in obs-text) becomes U+FFFD.
    var decodedString: String {
        withMemoryRebound(to: UInt8.self) { String(decoding: $0, as: UTF8.self) }
    }

    /// This buffer without leading and trailing SP / HTAB.
    func trimmingWhitespace() -> UnsafeRawBufferPointer {
        var lower = startIndex
        var upper = endIndex
        while lower < upper, ASCII.isWhitespace(self[lower]) { lower += 1 }
        while upper > lower, ASCII.isWhitespace(self[upper - 1]) { upper -= 1 }
        return UnsafeRawBufferPointer(rebasing: self[lower..<upper])
    }

    /// ASCII case-insensitive comparison with a lowercase literal such as `"content-length"`.
    func equalsIgnoringCase(_ lowercase: StaticString) -> Bool {
        guard count == lowercase.utf8CodeUnitCount else { return false }
        let expected = lowercase.utf8Start
        for offset in 0..<count {
            let byte = self[offset]
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            if folded != expected[offset] { return false }
        }
        return true
    }
}
