import Foundation
import HTTPServer
import TestSupport
import Testing

/// Keep-alive, pipelining, framing and status codes, observed on a real socket.
struct ConnectionTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let server = try TestServer()
        let client = try server.connect()
        for _ in 0..<3 {
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try #require(try client.readResponse())
            #expect(response.status == 200)
            #expect(response.bodyText == "hello")
            #expect(response.header("Connection") == "keep-alive")
            #expect(response.header("Date") != nil)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send((1...5).map { "GET /echo-target?n=\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
        for n in 1...5 {
            #expect(try client.readResponse()?.bodyText == "/echo-target?n=\(n)")
        }
    }

    @Test func bodiesArriveWithContentLengthAndChunked() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde")
        #expect(try client.readResponse()?.bodyText == "abcde")
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n")
        #expect(try client.readResponse()?.bodyText == "abcde")
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /hello HTTP/1.1\r\n\r\n")
        let response = try #require(try client.readResponse())
        #expect(response.header("Connection") == "close")
        #expect(client.closedByPeer(within: 3))
    }

    @Test func http10ClosesUnlessAskedToKeepAlive() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("GET /hello HTTP/1.0\r\n\r\n")
        #expect(try client.readResponse()?.header("Connection") == "close")
        #expect(client.closedByPeer(within: 3))
    }

    @Test func expectContinueGetsAnInterimResponse() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        #expect(try client.readResponse()?.status == 100)
        try client.send("data")
        #expect(try client.readResponse()?.bodyText == "data")
    }

    @Test func headIsAnsweredWithoutABody() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try #require(try client.readResponse(bodyExpected: false))
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "5")
        #expect(try client.readResponse()?.bodyText == "hello")
    }

    @Test func unknownPathIs404AndWrongMethodIs405() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
        let missing = try #require(try client.readResponse())
        #expect(missing.status == 404)
        #expect(missing.bodyText.contains("\"code\":\"not_found\""))
        try client.send("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let wrongMethod = try #require(try client.readResponse())
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "GET")
    }

    @Test func malformedRequestGets400AndTheConnectionCloses() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("GET /hello HTTP/1.1\r\nBad Header: x\r\n\r\nGET /hello HTTP/1.1\r\n\r\n")
        let response = try #require(try client.readResponse())
        #expect(response.status == 400)
        #expect(response.header("Connection") == "close")
        #expect(response.header("Content-Type") == "application/json")
        #expect(client.closedByPeer(within: 3))
    }

    @Test func oversizedBodyIsRefusedFromTheHeadersAlone() throws {
        let server = try TestServer()
        let client = try server.connect()
        // Only the head is sent: the 413 must come without the server waiting for 3 MB of body.
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3000000\r\n\r\n")
        let response = try #require(try client.readResponse())
        #expect(response.status == 413)
        #expect(client.closedByPeer(within: 3))
    }

    @Test func oversizedHeaderSectionGets431() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 70_000))\r\n\r\n")
        #expect(try client.readResponse()?.status == 431)
    }
}
