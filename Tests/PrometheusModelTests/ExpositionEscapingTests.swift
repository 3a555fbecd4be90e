import PrometheusModel
import Testing

struct ExpositionEscapingTests {
    @Test func labelValuesEscapeBackslashQuoteAndNewline() {
        #expect(
            ExpositionEscaping.escapedLabelValue(#"val with \backslash and "quotes""#)
                == #"val with \\backslash and \"quotes\""#)
        #expect(ExpositionEscaping.escapedLabelValue("val with\nnew line") == #"val with\nnew line"#)
        #expect(ExpositionEscaping.escapedLabelValue("tab\tstays, Björn 佖佥") == "tab\tstays, Björn 佖佥")
        #expect(ExpositionEscaping.escapedLabelValue("") == "")
    }

    @Test func helpEscapesBackslashAndNewlineButNotQuotes() {
        #expect(ExpositionEscaping.escapedHelp("gauge\ndoc\nstr\"ing") == #"gauge\ndoc\nstr"ing"#)
        #expect(ExpositionEscaping.escapedHelp(#"C:\path  two spaces"#) == #"C:\\path  two spaces"#)
    }

    @Test func openMetricsHelpAlsoEscapesQuotes() {
        var buffer: [UInt8] = []
        ExpositionEscaping.appendOpenMetricsHelp("say \"hi\"\\\n", to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"say \"hi\"\\\n"#)
    }

    @Test func appendingKeepsExistingBytes() {
        var buffer = Array("x=\"".utf8)
        ExpositionEscaping.appendLabelValue("a\"b", to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"x="a\"b"#)
    }
}
