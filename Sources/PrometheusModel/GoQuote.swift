/// Go's `strconv.Quote`, which Prometheus uses to print string literals and matcher values,
/// so printed queries are byte-identical to Prometheus's.
public enum GoQuote {
    /// `value` in double quotes with Go escapes; printable Unicode is kept as is.
    public static func quote(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            out += escaped(scalar, quote: "\"")
        }
        return out + "\""
    }

    /// A single rune in single quotes, as Go's `%q` prints a rune in error messages.
    public static func quoteRune(_ scalar: Unicode.Scalar) -> String {
        "'" + escaped(scalar, quote: "'") + "'"
    }

    public static func escaped(_ scalar: Unicode.Scalar, quote: Unicode.Scalar) -> String {
        switch scalar {
        case quote: return "\\" + String(quote)
        case "\\": return "\\\\"
        case "\u{07}": return "\\a"
        case "\u{08}": return "\\b"
        case "\u{0C}": return "\\f"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{0B}": return "\\v"
        default: break
        }
        if isPrintable(scalar) { return String(scalar) }
        if scalar.value < 0x80 { return "\\x" + hex(scalar.value, width: 2) }
        if scalar.value < 0x10000 { return "\\u" + hex(scalar.value, width: 4) }
        return "\\U" + hex(scalar.value, width: 8)
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
