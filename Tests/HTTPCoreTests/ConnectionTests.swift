@testable import HTTPCore
import Testing

@Suite("Pipelining, keep-alive and the parse contract")
struct ConnectionTests {
    @Test func returnsAfterEachPipelinedRequest() throws {
        let first = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
        let second = "POST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
        let third = "GET /c HTTP/1.1\r\n\r\n"
        let input = (first + second + third).bytes
        var parser = HTTPRequestParser()
        var offset = 0
        var targets: [String] = []
        var consumedPerCall: [Int] = []
        while offset < input.count {
            let (consumed, event) = input[offset...].withUnsafeBytes { parser.parse($0) }
            offset += consumed
            consumedPerCall.append(consumed)
            guard case .request(let request) = event else {
                Issue.record("expected a request, got \(event)")
                return
            }
            targets.append(request.target)
        }
        #expect(targets == ["/a", "/b", "/c"])
        #expect(consumedPerCall == [first.utf8.count, second.utf8.count, third.utf8.count])
    }

    @Test func pipelinedRequestsGiveTheSameResultsHoweverSplit() {
        let input = ("GET /1 HTTP/1.1\r\n\r\n" + "POST /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nok"
            + "\r\n" + "PUT /3 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n"
            + "DELETE /4 HTTP/1.1\r\nConnection: close\r\n\r\n").bytes
        let whole = ParserDriver.whole(input)
        #expect(whole.requests.map(\.target) == ["/1", "/2", "/3", "/4"])
        #expect(whole.requests.map(\.bodyText) == ["", "ok", "hi", ""])
        #expect(whole.requests.map(\.keepAlive) == [true, true, true, false])
        #expect(ParserDriver.byteByByte(input).outcomes == whole.outcomes)
        for seed in 1...20 {
            #expect(ParserDriver.randomPieces(input, seed: UInt64(seed)).outcomes == whole.outcomes)
        }
    }

    @Test(arguments: [
        ("HTTP/1.1", "", true),
        ("HTTP/1.1", "Connection: close\r\n", false),
        ("HTTP/1.1", "Connection: keep-alive, Close\r\n", false),
        ("HTTP/1.0", "", false),
        ("HTTP/1.0", "Connection: keep-alive\r\n", true),
        ("HTTP/1.0", "Connection: Keep-Alive\r\n", true),
    ])
    func keepAliveFollowsVersionAndConnection(version: String, fields: String, keepAlive: Bool) throws {
        let request = try #require(ParserDriver.whole("GET / \(version)\r\n\(fields)\r\n".bytes).requests.first)
        #expect(request.keepAlive == keepAlive)
        #expect(request.version == (version == "HTTP/1.0" ? .http10 : .http11))
    }

    @Test func needMoreDataConsumesEverythingAndFailureReportsTheBadByte() {
        var parser = HTTPRequestParser()
        let partial = "GET / HT".bytes
        let first = partial.withUnsafeBytes { parser.parse($0) }
        #expect(first.consumed == partial.count)
        guard case .needMoreData = first.event else {
            Issue.record("expected needMoreData, got \(first.event)")
            return
        }
        let bad = "TP/1.1\r\nX: a\u{01}\r\n\r\n".bytes
        let second = bad.withUnsafeBytes { parser.parse($0) }
        #expect(second.consumed == bad.firstIndex(of: 0x01))
        #expect(!parser.hasPartialRequest)
    }

    @Test func hasPartialRequestTracksTheBody() {
        var driver = ParserDriver()
        driver.feed("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nab".bytes)
        #expect(driver.parser.hasPartialRequest)
        driver.feed("cd".bytes)
        #expect(!driver.parser.hasPartialRequest)
        #expect(driver.requests.first?.bodyText == "abcd")
    }

    @Test func tokenTableMatchesRFC9110() {
        let tokenPunctuation = Set("!#$%&'*+-.^_`|~".utf8)
        for byte in UInt8.min...UInt8.max {
            let isAlphanumeric = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte)
                || (0x61...0x7A).contains(byte)
            #expect(ASCII.isTokenChar(byte) == (isAlphanumeric || tokenPunctuation.contains(byte)), "byte \(byte)")
            #expect(ASCII.isFieldValueChar(byte) == (byte == 0x09 || (byte >= 0x20 && byte != 0x7F)), "byte \(byte)")
        }
    }
}
