import HTTPCore
import Testing

@Suite("Request line")
struct RequestLineTests {
    @Test func parsesMethodTargetAndVersion() throws {
        let driver = ParserDriver.whole("GET /api/v1/query?query=up&time=1 HTTP/1.1\r\nHost: x\r\n\r\n".bytes)
        let request = try #require(driver.requests.first)
        #expect(request.method == "GET")
        #expect(request.target == "/api/v1/query?query=up&time=1")
        #expect(request.version == .http11)
        #expect(request.headers == [.init(name: "Host", value: "x")])
        #expect(request.body.isEmpty)
        #expect(!driver.parser.hasPartialRequest)
    }

    @Test func skipsEmptyLinesBeforeTheRequestLine() throws {
        let driver = ParserDriver.byteByByte("\r\n\r\nGET / HTTP/1.1\r\n\r\n".bytes)
        #expect(driver.requests.map(\.target) == ["/"])
    }

    @Test func emptyLinesAloneAreNotAPartialRequest() {
        var driver = ParserDriver()
        driver.feed("\r\n\r\n".bytes)
        #expect(!driver.parser.hasPartialRequest)
        driver.feed("G".bytes)
        #expect(driver.parser.hasPartialRequest)
    }

    @Test(arguments: [
        ("HTTP/2.0", 505), ("HTTP/1.2", 505), ("HTTP/0.9", 505), ("HTTP/5.6", 505),
        ("HTTP/1.10", 400), ("HTTP/1", 400), ("HTTP/11", 400), ("http/1.1", 400), ("IHTTP/1.0", 400),
        ("RTSP/1.0", 400), ("ICE/1.0", 400), ("HTTP/1.1 ", 400), ("HTTP/1.x", 400),
    ])
    func refusesOtherVersions(version: String, status: Int) {
        let driver = ParserDriver.whole("GET / \(version)\r\n\r\n".bytes)
        #expect(driver.failure?.status.code == status)
        #expect(driver.requests.isEmpty)
    }

    @Test func http2PrefaceGets505() {
        let driver = ParserDriver.whole("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".bytes)
        #expect(driver.failure?.status == .versionNotSupported)
        #expect(driver.failure?.code == "version_not_supported")
    }

    @Test(arguments: [
        "GET /\r\n\r\n",  // HTTP/0.9: no version
        "GET\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",  // two spaces: empty target
        "GET / /x HTTP/1.1\r\n\r\n",  // space inside the target
        "GET /foo\tbar HTTP/1.1\r\n\r\n",
        "GET /\u{7F} HTTP/1.1\r\n\r\n",
        "GET /düsseldorf HTTP/1.1\r\n\r\n",  // raw UTF-8 in the target
        "G@T / HTTP/1.1\r\n\r\n",
        " GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\n\r\n",  // bare LF
        "GET / HTTP/1.1\r\r\n",  // lone CR
        "\n\nGET / HTTP/1.1\r\n\r\n",  // empty lines must be CRLF too
        "\rGET / HTTP/1.1\r\n\r\n",
    ])
    func malformedRequestLinesAre400(_ input: String) {
        let whole = ParserDriver.whole(input.bytes)
        #expect(whole.failure?.status == .badRequest)
        #expect(ParserDriver.byteByByte(input.bytes).outcomes == whole.outcomes)
    }

    @Test(arguments: ["get", "MKCOLA", "FOO", "PRI", "HTTP"])
    func unknownMethodsAre501(_ method: String) {
        let driver = ParserDriver.whole("\(method) / HTTP/1.1\r\n\r\n".bytes)
        #expect(driver.failure?.status == .notImplemented)
        #expect(driver.failure?.code == "unknown_method")
    }

    @Test(arguments: ["DELETE", "PATCH", "OPTIONS", "REPORT", "M-SEARCH", "PROPFIND", "QUERY", "PURGE"])
    func registeredMethodsAreAccepted(_ method: String) {
        #expect(ParserDriver.whole("\(method) / HTTP/1.1\r\n\r\n".bytes).requests.map(\.method) == [method])
    }

    @Test func connectIsRefusedRatherThanTreatedAsARequestWithABody() {
        let input = "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\u{16}\u{03}\u{01}"
        let driver = ParserDriver.whole(input.bytes)
        #expect(driver.failure?.status == .notImplemented)
        #expect(driver.failure?.code == "connect_not_supported")
    }

    @Test func targetFormsArePassedThroughVerbatim() {
        for target in ["*", "http://example.com:8080/a?b#c", "/%7Euser/a%20b", "/with_\"quotes\""] {
            #expect(ParserDriver.whole("OPTIONS \(target) HTTP/1.1\r\n\r\n".bytes).requests.map(\.target) == [target])
        }
    }

    @Test func failureIsSticky() {
        var driver = ParserDriver()
        driver.feed("GET / HTTP/9.9\r\n".bytes)
        var parser = driver.parser
        let result = "GET / HTTP/1.1\r\n\r\n".bytes.withUnsafeBytes { parser.parse($0) }
        #expect(result.consumed == 0)
        guard case .failure(let error) = result.event else {
            Issue.record("expected the earlier failure, got \(result.event)")
            return
        }
        #expect(error.status == .versionNotSupported)
    }
}
