import HTTPCore
import Testing

@Suite("Body framing")
struct BodyFramingTests {
    @Test func contentLengthBody() throws {
        let input = "POST /write HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world"
        for driver in [ParserDriver.whole(input.bytes), ParserDriver.byteByByte(input.bytes)] {
            let request = try #require(driver.requests.first)
            #expect(request.bodyText == "hello world")
            #expect(!driver.parser.hasPartialRequest)
        }
    }

    @Test func noFramingMeansAnEmptyBody() throws {
        let driver = ParserDriver.whole("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET / HTTP/1.1\r\n\r\n".bytes)
        #expect(driver.requests.map(\.method) == ["POST", "GET"])
        #expect(driver.requests.map(\.body) == [[], []])
    }

    @Test(arguments: [
        ("Content-Length: 5\r\nContent-Length: 5", "duplicate_content_length"),
        ("Content-Length: 5\r\nContent-Length: 6", "duplicate_content_length"),
        ("Content-Length: 5\r\nTransfer-Encoding: chunked", "content_length_with_transfer_encoding"),
        ("Transfer-Encoding: chunked\r\nContent-Length: 5", "content_length_with_transfer_encoding"),
        ("Transfer-Encoding: identity\r\nContent-Length: 5", "content_length_with_transfer_encoding"),
        ("Content-Length: 5, 5", "invalid_content_length"),
        ("Content-Length: +5", "invalid_content_length"),
        ("Content-Length: -1", "invalid_content_length"),
        ("Content-Length: 0x10", "invalid_content_length"),
        ("Content-Length: 1 0", "invalid_content_length"),
        ("Content-Length:", "invalid_content_length"),
        ("Content-Length: 99999999999999999999", "invalid_content_length"),
        ("Transfer-Encoding: identity", "invalid_transfer_encoding"),
        ("Transfer-Encoding: pigeons", "invalid_transfer_encoding"),
        ("Transfer-Encoding: chunkedchunked", "invalid_transfer_encoding"),
        ("Transfer-Encoding:", "invalid_transfer_encoding"),
        ("Transfer-Encoding: chunked, chunked", "invalid_transfer_encoding"),
        ("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", "invalid_transfer_encoding"),
        ("Transfer-Encoding: chunked, gzip", "invalid_transfer_encoding"),
        ("Transfer-Encoding: chunked;q=1", "invalid_transfer_encoding"),
        ("Transfer-Encoding: \"chunked\"", "invalid_transfer_encoding"),
    ])
    func ambiguousOrMalformedFramingIs400(fields: String, code: String) {
        let input = "POST / HTTP/1.1\r\n\(fields)\r\n\r\n0\r\n\r\nhello"
        let driver = ParserDriver.whole(input.bytes)
        #expect(driver.failure?.status == .badRequest)
        #expect(driver.failure?.code == code)
        #expect(ParserDriver.byteByByte(input.bytes).outcomes == driver.outcomes)
    }

    @Test(arguments: ["gzip, chunked", "deflate,chunked", "x-custom, chunked"])
    func codingsBeforeChunkedAreNotImplemented(_ codings: String) {
        let driver = ParserDriver.whole("POST / HTTP/1.1\r\nTransfer-Encoding: \(codings)\r\n\r\n0\r\n\r\n".bytes)
        #expect(driver.failure?.status == .notImplemented)
        #expect(driver.failure?.code == "unsupported_transfer_coding")
    }

    @Test func transferEncodingInHTTP10Is400() {
        let driver = ParserDriver.whole("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".bytes)
        #expect(driver.failure?.code == "transfer_encoding_http10")
    }

    @Test func transferEncodingIsCaseInsensitiveAndMayBeSplitOverLines() throws {
        let variants = [
            "Transfer-Encoding: Chunked",
            "transfer-encoding: ,CHUNKED ,",
            "TE: trailers\r\nTransfer-Encoding:\r\nTransfer-Encoding: chunked",
        ]
        for fields in variants {
            let driver = ParserDriver.whole("POST / HTTP/1.1\r\n\(fields)\r\n\r\n3\r\nabc\r\n0\r\n\r\n".bytes)
            #expect(driver.requests.first?.bodyText == "abc", "\(fields)")
        }
    }

    @Test func contentLengthOverTheLimitIs413OnTheHeadAlone() {
        var driver = ParserDriver(limits: HTTPParserLimits(maxBodyBytes: 1 << 20))
        let produced = driver.feed("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3000000\r\n\r\n".bytes)
        #expect(produced.map(\.failure?.status) == [.contentTooLarge])
    }

    @Test func contentLengthAtTheLimitIsAccepted() {
        let body = [UInt8](repeating: 0x41, count: 1024)
        let input = "PUT / HTTP/1.1\r\nContent-Length: 1024\r\n\r\n".bytes + body
        let driver = ParserDriver.run(input, pieceSizes: [100], limits: HTTPParserLimits(maxBodyBytes: 1024))
        #expect(driver.requests.first?.body == body)
    }

    @Test func bodyBytesMayBeBinary() {
        let body: [UInt8] = [0, 13, 10, 13, 10, 255, 128]
        let input = "PUT / HTTP/1.1\r\nContent-Length: 7\r\n\r\n".bytes + body
        #expect(ParserDriver.byteByByte(input).requests.first?.body == body)
    }

    @Test func expectContinueIsAnnouncedOnceBeforeTheBody() {
        let head = "POST /write HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"
        var driver = ParserDriver()
        let afterHead = driver.feed(head.bytes)
        #expect(afterHead == [.continueExpected])
        let afterBody = driver.feed("data".bytes)
        #expect(afterBody.map(\.request?.bodyText) == ["data"])

        let together = ParserDriver.whole((head + "data").bytes).outcomes
        #expect(together.count == 2 && together.first == .continueExpected)
        #expect(ParserDriver.byteByByte((head + "data").bytes).outcomes == together)
    }

    @Test func expectContinueIsIgnoredWithoutABodyOrInHTTP10() {
        let noBody = ParserDriver.whole("GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n".bytes).outcomes
        #expect(noBody.count == 1 && noBody.first?.request != nil)
        let http10 = ParserDriver.whole("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx".bytes)
        #expect(http10.outcomes.count == 1 && http10.outcomes.first?.request != nil)
    }

    @Test func expectContinueWithChunkedBody() {
        let input = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-Continue\r\n\r\n1\r\nz\r\n0\r\n\r\n"
        let outcomes = ParserDriver.whole(input.bytes).outcomes
        #expect(outcomes.first == .continueExpected)
        #expect(outcomes.last?.request?.bodyText == "z")
    }
}
