import HTTPCore
import Testing

@Suite("Header fields")
struct HeaderFieldTests {
    @Test func valuesAreTrimmedAndNamesKeepTheirCase() throws {
        let input = "GET / HTTP/1.1\r\nX-Padded: \t value with  inner spaces \t\r\nX-Empty:\r\nx-lower:v\r\n\r\n"
        let request = try #require(ParserDriver.byteByByte(input.bytes).requests.first)
        #expect(request.headers == [
            .init(name: "X-Padded", value: "value with  inner spaces"),
            .init(name: "X-Empty", value: ""),
            .init(name: "x-lower", value: "v"),
        ])
    }

    @Test func obsTextIsAllowedInValues() throws {
        let request = try #require(ParserDriver.whole("GET / HTTP/1.1\r\nCity: Düsseldorf\r\n\r\n".bytes).requests.first)
        #expect(request.headers.first?.value == "Düsseldorf")
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", "obs_fold"),
        ("GET / HTTP/1.1\r\nHost: a\r\n\tfolded\r\n\r\n", "obs_fold"),
        ("GET / HTTP/1.1\r\n Host: a\r\n\r\n", "obs_fold"),  // whitespace right after the request line
        ("GET / HTTP/1.1\r\nContent-Length : 0\r\n\r\n", "whitespace_before_colon"),
        ("GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", "whitespace_before_colon"),
        ("GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n", "bare_lf"),
        ("GET / HTTP/1.1\r\nHost: a\r\n\n", "bare_lf"),
        ("GET / HTTP/1.1\nHost: a\r\n\r\n", "bare_lf"),
        ("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", "lone_cr"),
        ("GET / HTTP/1.1\r\nHost: a\r\n\rX\r\n", "lone_cr"),
        ("GET / HTTP/1.1\r\nX-Form-Feed: a\u{0C}b\r\n\r\n", "invalid_header_value"),
        ("GET / HTTP/1.1\r\nX-Nul: a\u{00}b\r\n\r\n", "invalid_header_value"),
        ("GET / HTTP/1.1\r\nX-Del: a\u{7F}\r\n\r\n", "invalid_header_value"),
        ("GET / HTTP/1.1\r\nFo@: a\r\n\r\n", "invalid_header_name"),
        ("GET / HTTP/1.1\r\n: no name\r\n\r\n", "invalid_header_name"),
        ("GET / HTTP/1.1\r\nNoColon\r\n\r\n", "invalid_header_name"),
        ("GET / HTTP/1.1\r\nHöst: a\r\n\r\n", "invalid_header_name"),
        ("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", "duplicate_host"),
    ])
    func malformedFieldsAre400(input: String, code: String) {
        let whole = ParserDriver.whole(input.bytes)
        #expect(whole.failure?.status == .badRequest)
        #expect(whole.failure?.code == code)
        #expect(ParserDriver.byteByByte(input.bytes).outcomes == whole.outcomes)
    }

    @Test func oversizedHeaderFailsWith431BeforeItIsAllFed() {
        let limits = HTTPParserLimits()
        let input = ("GET / HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 70 * 1024) + "\r\n\r\n").bytes
        var driver = ParserDriver(limits: limits)
        var fed = 0
        while fed < input.count && driver.failure == nil {
            let end = min(input.count, fed + 4096)
            driver.feed(input[fed..<end])
            fed = end
        }
        #expect(driver.failure?.status == .headerFieldsTooLarge)
        #expect(fed <= limits.maxHeaderBytes + 4096, "431 only after \(fed) bytes")
        #expect(fed < input.count)
    }

    @Test func manyHeadersOverTheLimitAre431() {
        let fields = (0..<2000).map { "X-Field-\($0): value\r\n" }.joined()
        let driver = ParserDriver.whole(("GET / HTTP/1.1\r\n" + fields + "\r\n").bytes)
        #expect(driver.failure?.status == .headerFieldsTooLarge)
    }

    @Test func headLimitIsExact() {
        let head = "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 100) + "\r\n\r\n"
        let fits = HTTPParserLimits(maxHeaderBytes: head.utf8.count)
        let tooSmall = HTTPParserLimits(maxHeaderBytes: head.utf8.count - 1)
        for pieces in [[head.utf8.count], [1], [7, 3]] {
            #expect(ParserDriver.run(head.bytes, pieceSizes: pieces, limits: fits).requests.count == 1)
            #expect(ParserDriver.run(head.bytes, pieceSizes: pieces, limits: tooSmall).failure?.code == "header_too_large")
        }
    }

    @Test func emptyLinesBeforeTheRequestCountTowardTheHeadLimit() {
        let input = String(repeating: "\r\n", count: 10_000) + "GET / HTTP/1.1\r\n\r\n"
        #expect(ParserDriver.whole(input.bytes).failure?.status == .headerFieldsTooLarge)
    }

    @Test func aLineSplitAcrossReadsIsReassembled() throws {
        let input = "POST /submit HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        for split in 1..<input.utf8.count {
            var driver = ParserDriver()
            driver.feed(input.bytes[..<split])
            driver.feed(input.bytes[split...])
            let request = try #require(driver.requests.first, "split at \(split)")
            #expect(request.headers.map(\.value) == ["application/json", "2"])
            #expect(request.bodyText == "{}")
        }
    }
}
