import Foundation
import HTTPCore
@testable import HTTPServer
import Testing

/// The connection's HTTP state without a socket: bytes in, bytes out, deferred answers, timeouts.
struct ConnectionStateTests {
    /// Stands in for the event loop: `/now` answers at once, anything else is deferred and recorded.
    final class Host: ConnectionHost {
        var date = "Mon, 07 Dec 2026 22:00:00 GMT"
        var draining = false
        var deferred: [(serial: UInt64, target: String)] = []
        var completed: [ServerObserver.CompletedRequest] = []
        private var nextSerial: UInt64 = 1

        func dispatch(_ request: HTTPRequest, on connection: Connection) -> Dispatched {
            if request.path == "/now" {
                return .answered(route: "/now", response: HTTPResponse(status: .ok, contentType: "text/plain", body: "now"))
            }
            defer { nextSerial += 1 }
            deferred.append((nextSerial, request.target))
            return .pending(route: "/later", serial: nextSerial)
        }

        func completed(_ request: ServerObserver.CompletedRequest) {
            completed.append(request)
        }
    }

    static let second: UInt64 = 1_000_000_000

    let host = Host()

    func connection(_ configure: (inout ServerConfiguration) -> Void = { _ in }) -> Connection {
        var configuration = ServerConfiguration()
        configure(&configuration)
        return Connection(fd: 7, configuration: configuration, host: host, now: 0)
    }

    func feed(_ connection: Connection, _ text: String, now: UInt64 = 0) {
        Array(text.utf8).withUnsafeBytes { connection.received($0, now: now) }
    }

    /// Takes everything the connection wants written, as the loop would after a successful send.
    func written(_ connection: Connection, now: UInt64 = 0) -> String {
        let count = connection.withUnsentOutput { $0.count }
        let text = connection.withUnsentOutput { String(decoding: $0, as: UTF8.self) }
        connection.sent(count, now: now)
        return text
    }

    static func request(_ target: String, _ extra: String = "") -> String {
        "GET \(target) HTTP/1.1\r\nHost: x\r\n\(extra)\r\n"
    }

    static func answer(_ body: String) -> HTTPResponse {
        HTTPResponse(status: .accepted, contentType: "text/plain", body: body)
    }

    @Test func aDeferredRequestHoldsThePipelinedOnesBehindItUntilItIsAnswered() {
        let connection = connection()
        feed(connection, Self.request("/later?1") + Self.request("/now") + Self.request("/later?2"))
        #expect(host.deferred.map(\.target) == ["/later?1"], "nothing behind the deferred request is parsed yet")
        #expect(!connection.isIdle)
        #expect(connection.interest == .read, "no epoll change for a pending answer as long as no input follows")
        connection.holdInput()
        #expect(connection.interest == .none, "input behind a pending answer stays in the kernel")

        connection.answer(Self.answer("first"), serial: 1, now: 0)
        #expect(host.deferred.map(\.target) == ["/later?1", "/later?2"], "the next requests were parsed: /now answered, /later?2 deferred")
        #expect(connection.interest == .write)
        let output = written(connection)
        let first = output.range(of: "first"), now = output.range(of: "\r\n\r\nnow")
        #expect(first != nil && now != nil && first!.lowerBound < now!.lowerBound, "answers in request order: \(output)")

        connection.answer(Self.answer("third"), serial: 2, now: 0)
        #expect(written(connection).hasSuffix("third"))
        #expect(connection.interest == .read)
        #expect(connection.isIdle)
        #expect(host.completed.map(\.route) == ["/later", "/now", "/later"])
        #expect(host.completed.map(\.status) == [202, 200, 202])
    }

    @Test func bytesThatArriveWhileAnAnswerIsPendingAreParsedAfterIt() {
        let connection = connection()
        feed(connection, Self.request("/later?1"))
        feed(connection, "GET /later?2 HTTP/1.1\r\nHo")
        feed(connection, "st: x\r\n\r\n")
        #expect(host.deferred.count == 1)
        connection.answer(Self.answer("one"), serial: 1, now: 0)
        #expect(host.deferred.map(\.target) == ["/later?1", "/later?2"])
    }

    @Test func anAnswerUnderAnotherSerialIsIgnored() {
        let connection = connection()
        feed(connection, Self.request("/later"))
        #expect(!connection.answer(Self.answer("stale"), serial: 99, now: 0))
        #expect(!connection.hasPendingOutput)
        #expect(connection.answer(Self.answer("right"), serial: 1, now: 0))
        #expect(!connection.answer(Self.answer("twice"), serial: 1, now: 0), "a second answer to the same request is ignored")
        #expect(written(connection).hasSuffix("right"))
    }

    @Test func anAnswerThatTakesTooLongBecomes503AndTheLateOneIsDropped() {
        let connection = connection { $0.responseTimeout = .seconds(2) }
        feed(connection, Self.request("/later") + Self.request("/now"), now: 0)
        #expect(connection.expire(now: Self.second, draining: false) == .keep)
        #expect(connection.expire(now: 2 * Self.second, draining: false) == .flush)
        let output = written(connection)
        #expect(output.hasPrefix("HTTP/1.1 503 "))
        #expect(output.contains("\"code\":\"response_timeout\""))
        #expect(output.contains("Connection: close"))
        #expect(connection.closeAfterFlush)
        #expect(!connection.answer(Self.answer("late"), serial: 1, now: 3 * Self.second))
        #expect(!connection.hasPendingOutput, "neither the late answer nor the pipelined request behind it is written")
        #expect(host.completed.map(\.status) == [503])
    }

    @Test func aDeferredAnswerDuringShutdownClosesTheConnection() {
        let connection = connection()
        feed(connection, Self.request("/later"))
        host.draining = true
        #expect(connection.expire(now: 0, draining: true) == .keep, "a connection waiting for its answer is not idle")
        connection.answer(Self.answer("done"), serial: 1, now: 0)
        let output = written(connection)
        #expect(output.contains("Connection: close") && output.hasSuffix("done"))
        #expect(connection.closeAfterFlush)
    }

    @Test func headGetsTheDeferredAnswersHeadersWithoutItsBody() {
        let connection = connection()
        feed(connection, "HEAD /later HTTP/1.1\r\nHost: x\r\n\r\n")
        connection.answer(Self.answer("body"), serial: 1, now: 0)
        let output = written(connection)
        #expect(output.contains("Content-Length: 4"))
        #expect(output.hasSuffix("\r\n\r\n"))
        #expect(host.completed.first?.responseBodyBytes == 0)
    }

    @Test func slowRequestsGet408AndIdleConnectionsClose() {
        let slow = connection { $0.requestReadTimeout = .seconds(1) }
        feed(slow, "GET /now HTTP/1.1\r\nHo", now: 0)
        #expect(slow.expire(now: Self.second / 2, draining: false) == .keep)
        #expect(slow.expire(now: Self.second, draining: false) == .flush)
        #expect(written(slow).hasPrefix("HTTP/1.1 408 "))

        let idle = connection { $0.idleTimeout = .seconds(3) }
        feed(idle, Self.request("/now"), now: 0)
        _ = written(idle, now: Self.second)
        #expect(idle.expire(now: 2 * Self.second, draining: false) == .keep)
        #expect(idle.expire(now: 2 * Self.second, draining: true) == .close, "shutdown closes idle connections at once")
        #expect(idle.expire(now: 4 * Self.second, draining: false) == .close)
    }

    @Test func aMalformedRequestIsAnswered400AndNothingAfterItIsRead() {
        let connection = connection()
        feed(connection, "GET /now HTTP/1.1\r\nBad Header: x\r\n\r\n" + Self.request("/later"))
        #expect(written(connection).hasPrefix("HTTP/1.1 400 "))
        #expect(connection.closeAfterFlush)
        #expect(host.deferred.isEmpty)
    }
}
