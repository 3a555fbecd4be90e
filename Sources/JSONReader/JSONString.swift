/// JSON strings: validation while parsing, decoding (escapes to UTF-8) on demand.
///
/// The parser validates everything a decoder could trip over (escapes, `\u` surrogate pairing, UTF-8), so decoding
/// a string node cannot fail and needs no error path.
extension TapeParser {
    /// Scans the string whose opening quote is at `i`; returns the index just past its closing quote.
    @inline(always)
    mutating func scanString(at i: Int) throws(JSONError) -> Int {
        var j = i + 1
        var escaped = false
        while true {
            // Skip 8 plain bytes (printable ASCII other than '"' and '\') at a time; the first special byte is
            // taken from the loaded word rather than loaded again.
            let c: UInt8
            if end - j >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self))
                let special = JSONString.specialBytes(word)
                if special == 0 {
                    j += 8
                    continue
                }
                let shift = special.trailingZeroBitCount & ~7
                j += shift >> 3
                c = UInt8(truncatingIfNeeded: word >> UInt64(shift))
            } else {
                guard j < end else { throw fail(JSONErrorReason.unterminatedString, at: i) }
                c = p[j]
            }
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                escaped = true
                j = try scanEscape(at: j, stringStart: i)
            } else if c < 0x20 {
                throw fail(JSONErrorReason.controlCharacter, at: j)
            } else if c >= 0x80 {
                let length = UTF8Validation.sequenceLength(p, at: j, end: end)
                guard length > 0 else { throw fail(JSONErrorReason.invalidUTF8, at: j) }
                j += length
            } else {
                j += 1
            }
        }
        try append(Node(start: i + 1, end: j, next: count + 1, tag: .string, escaped: escaped))
        return j + 1
    }

    /// Checks the escape whose backslash is at `j`; returns the index just past it.
    func scanEscape(at j: Int, stringStart: Int) throws(JSONError) -> Int {
        guard end - j >= 2 else { throw fail(JSONErrorReason.unterminatedString, at: stringStart) }
        switch p[j + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return j + 2
        case UInt8(ascii: "u"):
            guard end - j >= 6, let unit = JSONString.hex4(p + j + 2) else {
                throw fail(JSONErrorReason.invalidUnicodeEscape, at: j)
            }
            switch unit {
            case 0xD800...0xDBFF:
                guard end - j >= 12, p[j + 6] == UInt8(ascii: "\\"), p[j + 7] == UInt8(ascii: "u"),
                    let low = JSONString.hex4(p + j + 8), (0xDC00...0xDFFF).contains(low)
                else { throw fail(JSONErrorReason.loneSurrogate, at: j) }
                return j + 12
            case 0xDC00...0xDFFF:
                throw fail(JSONErrorReason.loneSurrogate, at: j)
            default:
                return j + 6
            }
        default:
            throw fail(JSONErrorReason.invalidEscape, at: j)
        }
    }
}

@usableFromInline
enum JSONString {
    /// Sets the high bit of every byte of `word` that is '"', '\', below 0x20 or above 0x7F. Bytes above the lowest
    /// flagged one may be flagged spuriously (borrows propagate upwards), so only the lowest flag is exact.
    @inline(always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let isQuote = (quotes &- ones) & ~quotes
        let isBackslash = (backslashes &- ones) & ~backslashes
        let isControl = (word &- ones &* 0x20) & ~word
        return (isQuote | isBackslash | isControl | word) & (ones &* 0x80)
    }

    /// The value of four hex digits, or nil.
    static func hex4(_ p: UnsafePointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for k in 0..<4 {
            let c = p[k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Decodes the raw contents of a validated string (between the quotes) into `out`, which must hold at least
    /// `raw.count` bytes (decoding never grows a string); returns the number of bytes written.
    @usableFromInline
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var i = 0
        var n = 0
        while i < raw.count {
            let c = raw[i]
            guard c == UInt8(ascii: "\\") else {
                out[n] = c
                n += 1
                i += 1
                continue
            }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out[n] = 0x08
            case UInt8(ascii: "f"): out[n] = 0x0C
            case UInt8(ascii: "n"): out[n] = 0x0A
            case UInt8(ascii: "r"): out[n] = 0x0D
            case UInt8(ascii: "t"): out[n] = 0x09
            case UInt8(ascii: "u"):
                n += encodeUTF8(decodeUnicodeEscape(raw, &i), into: out, at: n)
                continue
            default: out[n] = e  // '"', '\' and '/' stand for themselves
            }
            n += 1
        }
        return n
    }

    /// Length in bytes of the decoded UTF-8 of the raw contents of a validated string.
    @usableFromInline
    static func unescapedCount(_ raw: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        var n = 0
        while i < raw.count {
            guard raw[i] == UInt8(ascii: "\\") else {
                n += 1
                i += 1
                continue
            }
            guard raw[i + 1] == UInt8(ascii: "u") else {
                n += 1
                i += 2
                continue
            }
            i += 2
            let scalar = decodeUnicodeEscape(raw, &i)
            n += scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4
        }
        return n
    }

    /// Decodes the validated `XXXX` (and a following `\uXXXX` low surrogate) at `i`, advancing `i` past them.
    static func decodeUnicodeEscape(_ raw: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32 {
        let base = raw.baseAddress!
        let unit = hex4(base + i) ?? 0
        i += 4
        guard (0xD800...0xDBFF).contains(unit) else { return unit }
        let low = hex4(base + i + 2) ?? 0
        i += 6
        return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
    }

    static func encodeUTF8(_ scalar: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at n: Int) -> Int {
        switch scalar {
        case ..<0x80:
            out[n] = UInt8(scalar)
            return 1
        case ..<0x800:
            out[n] = UInt8(0xC0 | scalar >> 6)
            out[n + 1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case ..<0x10000:
            out[n] = UInt8(0xE0 | scalar >> 12)
            out[n + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[n + 2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            out[n] = UInt8(0xF0 | scalar >> 18)
            out[n + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            out[n + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[n + 3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
