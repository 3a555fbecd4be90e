import Foundation
import HTTPServer
import TestSupport
import Testing

/// Timeouts, the connection cap and graceful shutdown.
struct LifecycleTests {
    @Test func idleKeepAliveConnectionsAreClosed() throws {
        let server = try TestServer { $0.idleTimeout = .milliseconds(300) }
        let client = try server.connect()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse()?.status == 200)
        #expect(client.closedByPeer(within: 3))
    }

    @Test func slowHeadersGet408AndAreClosed() throws {
        let server = try TestServer { $0.requestReadTimeout = .milliseconds(400) }
        let client = try server.connect()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        Thread.sleep(forTimeInterval: 0.2)
        try client.send("a")
        let response = try #require(try client.readResponse(timeout: 3))
        #expect(response.status == 408)
        #expect(client.closedByPeer(within: 3))
    }

    @Test func connectionsPastTheCapGet503() throws {
        let server = try TestServer { $0.maxConnections = 2 }
        let first = try server.connect(), second = try server.connect()
        for client in [first, second] {
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse()?.status == 200)
        }
        let third = try server.connect()
        let refused = try #require(try third.readResponse())
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "1")
        #expect(third.closedByPeer(within: 3))
        try first.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try first.readResponse()?.status == 200)
    }

    @Test func shutdownFinishesTheRequestInFlightThenStops() throws {
        let server = try TestServer()
        let idle = try server.connect()
        try idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle.readResponse()?.status == 200)
        let busy = try server.connect()
        try busy.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhal")
        Thread.sleep(forTimeInterval: 0.1)

        let started = Date()
        server.server.shutdown()
        #expect(idle.closedByPeer(within: 2))
        try busy.send("f!")
        let response = try #require(try busy.readResponse())
        #expect(response.bodyText == "half!")
        #expect(response.header("Connection") == "close")
        server.server.wait()
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(throws: (any Error).self) { try LoopbackConnection(port: server.port) }
    }
}
