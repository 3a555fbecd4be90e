/// Escaping of label values and HELP text for the text exposition formats.
///
/// Text 0.0.4 escapes exactly `\` and line feed in HELP and additionally `"` in label values;
/// OpenMetrics escapes `"` in HELP as well. Everything else, including tabs and any UTF-8, is
/// written as is. Escaping happens once per series (label values are pre-rendered), so these
/// write into a byte buffer rather than build strings.
public enum ExpositionEscaping {
    /// Appends `value` with `\`, `"` and line feed escaped, as a label value needs.
    public static func appendLabelValue(_ value: String, to buffer: inout [UInt8]) {
        append(value, escapingQuotes: true, to: &buffer)
    }

    /// Appends HELP text with `\` and line feed escaped; `"` stays literal (text format 0.0.4).
    public static func appendHelp(_ help: String, to buffer: inout [UInt8]) {
        append(help, escapingQuotes: false, to: &buffer)
    }

    /// Appends HELP text with `\`, `"` and line feed escaped (OpenMetrics' `escaped-string`).
    public static func appendOpenMetricsHelp(_ help: String, to buffer: inout [UInt8]) {
        append(help, escapingQuotes: true, to: &buffer)
    }

    /// `value` escaped for use between the quotes of a label value.
    public static func escapedLabelValue(_ value: String) -> String {
        var buffer: [UInt8] = []
        appendLabelValue(value, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// `help` escaped for a text-format HELP line.
    public static func escapedHelp(_ help: String) -> String {
        var buffer: [UInt8] = []
        appendHelp(help, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    private static func append(_ text: String, escapingQuotes: Bool, to buffer: inout [UInt8]) {
        let needsEscaping = text.utf8.contains { byte in
            byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\n") || (escapingQuotes && byte == UInt8(ascii: "\""))
        }
        guard needsEscaping else {
            buffer.append(contentsOf: text.utf8)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"):
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\n"):
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\"") where escapingQuotes:
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "\""))
            default:
                buffer.append(byte)
            }
        }
    }
}
