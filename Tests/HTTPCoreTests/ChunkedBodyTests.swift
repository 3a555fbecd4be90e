import HTTPCore
import Testing

@Suite("Chunked bodies")
struct ChunkedBodyTests {
    private func chunked(_ body: String, limits: HTTPParserLimits = HTTPParserLimits()) -> ParserDriver {
        ParserDriver.whole(("POST /ingest HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + body).bytes, limits: limits)
    }

    @Test func decodesChunksWithExtensionsAndDropsTrailers() throws {
        let body = "5;name=value;flag\r\nhello\r\n"
            + "6 ; q=\"a \\\"quoted\\\" ;value\"\r\n world\r\n"
            + "A;ext = tok\r\n0123456789\r\n"
            + "0;last\r\nExpires: never\r\nX-Checksum: abc\r\n\r\n"
        let input = ("POST /ingest HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + body).bytes
        let drivers = [ParserDriver.whole(input), ParserDriver.byteByByte(input), ParserDriver.randomPieces(input, seed: 7)]
        for driver in drivers {
            let request = try #require(driver.requests.first)
            #expect(request.bodyText == "hello world0123456789")
            #expect(request.headers.map(\.name) == ["Transfer-Encoding"], "trailers are not headers")
            #expect(!driver.parser.hasPartialRequest)
        }
    }

    @Test func hexSizesInEitherCaseAndLeadingZeros() {
        let body = String(repeating: "x", count: 26)
        #expect(chunked("1a\r\n\(body)\r\n0\r\n\r\n").requests.first?.bodyText == body)
        #expect(chunked("1A\r\n\(body)\r\n000\r\n\r\n").requests.first?.bodyText == body)
        #expect(chunked("0001\r\nz\r\n0\r\n\r\n").requests.first?.bodyText == "z")
    }

    @Test func emptyChunkedBody() {
        #expect(chunked("0\r\n\r\n").requests.first?.body == [])
    }

    @Test(arguments: [
        ("\r\n", "invalid_chunk_size"),  // no size at all
        ("x\r\n", "invalid_chunk_size"),
        ("-1\r\n", "invalid_chunk_size"),
        ("0x5\r\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),
        ("00000000000000005\r\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),  // 17 digits
        ("fffffffffffffffff\r\n", "invalid_chunk_size"),  // does not fit 64 bits
        ("5 \r\nhello\r\n0\r\n\r\n", "invalid_chunk_extension"),  // whitespace before CRLF
        ("5 x\r\nhello\r\n0\r\n\r\n", "invalid_chunk_extension"),  // extension without `;`
        ("5;\r\nhello\r\n0\r\n\r\n", "invalid_chunk_extension"),
        ("5;=v\r\nhello\r\n0\r\n\r\n", "invalid_chunk_extension"),
        ("5;a=\r\nhello\r\n0\r\n\r\n", "invalid_chunk_extension"),
        ("5;a=\"open\r\nhello\r\n0\r\n\r\n", "invalid_chunk_extension"),
        ("5;a=\"x\"y\r\nhello\r\n0\r\n\r\n", "invalid_chunk_extension"),
        ("5;a@b\r\nhello\r\n0\r\n\r\n", "invalid_chunk_extension"),
        ("5;a=b c\r\nhello\r\n0\r\n\r\n", "invalid_chunk_extension"),
        ("5\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),  // bare LF after the size
        ("5\r\r\nhello\r\n0\r\n\r\n", "lone_cr"),
        ("5\r\nhelloX\r\n0\r\n\r\n", "missing_chunk_terminator"),
        ("5\r\nhello\n0\r\n\r\n", "missing_chunk_terminator"),
        ("5\r\nhello\r\n\r\n", "invalid_chunk_size"),  // missing last chunk
        ("0\r\nTrailer : x\r\n\r\n", "whitespace_before_colon"),
        ("0\r\n folded\r\n\r\n", "obs_fold"),
        ("0\r\nX: a\nY: b\r\n\r\n", "bare_lf"),
        ("0\r\n\n", "bare_lf"),
    ])
    func malformedChunkingIs400(body: String, code: String) {
        let whole = chunked(body)
        #expect(whole.failure?.status == .badRequest)
        #expect(whole.failure?.code == code)
        let input = ("POST /ingest HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + body).bytes
        #expect(ParserDriver.byteByByte(input).outcomes == whole.outcomes)
    }

    @Test func bodyOverTheLimitIs413AsSoonAsAChunkSizeSaysSo() {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        #expect(chunked("6\r\nabcdef\r\n5\r\n", limits: limits).failure?.status == .contentTooLarge)
        #expect(chunked("ffffffff\r\n", limits: limits).failure?.status == .contentTooLarge)
        #expect(chunked("6\r\nabcdef\r\n4\r\nghij\r\n0\r\n\r\n", limits: limits).requests.first?.bodyText == "abcdefghij")
    }

    @Test func extensionsAndTrailersAreBounded() {
        let limits = HTTPParserLimits(maxHeaderBytes: 1024)
        let longExtension = "1;x=" + String(repeating: "a", count: 2000) + "\r\nz\r\n0\r\n\r\n"
        #expect(chunked(longExtension, limits: limits).failure?.code == "chunk_extensions_too_large")
        let manyExtensions = String(repeating: "1;abcdefgh\r\nz\r\n", count: 200) + "0\r\n\r\n"
        #expect(chunked(manyExtensions, limits: limits).failure?.code == "chunk_extensions_too_large")
        let longTrailer = "0\r\nX-Trailer: " + String(repeating: "a", count: 2000) + "\r\n\r\n"
        #expect(chunked(longTrailer, limits: limits).failure?.status == .headerFieldsTooLarge)
    }

    @Test func parserIsReadyForTheNextRequestAfterAChunkedOne() {
        let input = "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2;e=1\r\nab\r\n0\r\nT: 1\r\n\r\n"
            + "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nc\r\n0\r\n\r\n"
        let driver = ParserDriver.byteByByte(input.bytes)
        #expect(driver.requests.map(\.bodyText) == ["ab", "c"])
        #expect(driver.requests.map(\.target) == ["/a", "/b"])
    }
}
