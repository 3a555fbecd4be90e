import TestSupport
import Testing

@Suite("llhttp Markdown reader")
struct MarkdownCaseReaderTests {
    @Test func linesBecomeCRLFAndTheFinalBreakIsDropped() throws {
        #expect(try MarkdownCaseReader.inputBytes(["GET / HTTP/1.1", "", ""]) == "GET / HTTP/1.1\r\n\r\n".bytes)
    }

    @Test func backslashAtLineEndJoinsAndEscapesMakeBareLFAndLoneCR() throws {
        #expect(try MarkdownCaseReader.inputBytes(["a\\n\\", "b\\rc"]) == [0x61, 0x0A, 0x62, 0x0D, 0x63])
    }

    @Test func hexAndOctalEscapesAreCharactersEncodedAsUTF8() throws {
        #expect(try MarkdownCaseReader.inputBytes(["\\xff\\325\\065\\01\\t"]) == [0xC3, 0xBF, 0xC3, 0x95, 0x35, 0x01, 0x09])
    }

    @Test func otherBackslashesStay() throws {
        #expect(try MarkdownCaseReader.inputBytes(["\\\"a\\\\b\\"]) == Array("\\\"a\\\\b\\".utf8))
    }

    @Test func aCaseIsHeadingMetaHTTPAndLog() throws {
        let markdown = """
            Title
            =====

            ## Group

            ### Case one

            <!-- meta={"type": "request", "skipBody": true} -->
            ```http
            GET / HTTP/1.1


            ```

            ```log
            off=0 message begin
            ```
            """
        let cases = try MarkdownCaseReader.cases(in: markdown)
        #expect(cases.count == 1)
        #expect(cases.first?.line == 6)
        #expect(cases.first?.title == "Case one")
        #expect(cases.first?.type == "request")
        #expect(cases.first?.skipBody == true)
        #expect(cases.first?.input == "GET / HTTP/1.1\r\n\r\n".bytes)
        #expect(cases.first?.logLines == ["off=0 message begin"])
    }
}
