import Foundation
import Glibc
import HTTPCore
import HTTPServer
import Synchronization
import TestSupport
import Testing

/// Handlers that answer later or on worker threads, observed over real sockets: the loop keeps
/// serving others meanwhile, answers keep request order, and shutdown waits for them.
struct DeferredAnswerTests {
    /// Deferred requests parked until the test answers them, by their `?` query.
    final class Parked: Sendable {
        private let state = Mutex<[String: Responder]>([:])
        private let arrived = DispatchSemaphore(value: 0)

        func park(_ request: HTTPRequest, _ responder: Responder) {
            state.withLock { $0[request.query.map(String.init) ?? ""] = responder }
            arrived.signal()
        }

        /// Waits until `count` more requests were parked (at most `timeout` seconds for each).
        func waitForArrivals(_ count: Int, timeout: Double = 5) -> Bool {
            (0..<count).allSatisfy { _ in arrived.wait(timeout: .now() + timeout) == .success }
        }

        func resume(_ query: String, _ work: @escaping @Sendable () -> Void) {
            state.withLock { $0[query] }?.resume(work)
        }

        func answer(_ query: String, status: HTTPStatus = .accepted) {
            let responder = state.withLock { $0.removeValue(forKey: query) }
            responder?.respond(HTTPResponse(status: status, contentType: "text/plain", body: "answer \(query)"))
        }
    }

    let parked = Parked()
    let workerGate = DispatchSemaphore(value: 0)
    let workerStarted = DispatchSemaphore(value: 0)

    func server(
        threads: Int = 1, workers: WorkerPool? = nil, _ configure: (inout ServerConfiguration) -> Void = { _ in }
    ) throws -> HTTPServer {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, threads: threads)
        configure(&configuration)
        var router = Router()
        router.add("GET", "/hello") { _ in HTTPResponse(status: .ok, contentType: "text/plain", body: "hello") }
        router.addDeferred("POST", "/later", parked.park)
        router.add("GET", "/loop-thread") { _ in HTTPResponse(status: .ok, contentType: "text/plain", body: "\(pthread_self())") }
        router.addDeferred("GET", "/resumed") { _, responder in
            // Work finished elsewhere (as a disk's answer arrives on its own thread) goes on on the loop.
            Thread.detachNewThread {
                responder.resume {
                    responder.respond(HTTPResponse(status: .ok, contentType: "text/plain", body: "\(pthread_self())"))
                }
            }
        }
        router.addDeferred("GET", "/at-once") { request, responder in
            responder.respond(HTTPResponse(status: .ok, contentType: "text/plain", body: "at once \(request.query ?? "")"))
        }
        if let workers {
            router.add("GET", "/slow", on: workers) { [workerGate, workerStarted] _ in
                workerStarted.signal()
                _ = workerGate.wait(timeout: .now() + 10)
                return HTTPResponse(status: .ok, contentType: "text/plain", body: "slow")
            }
        }
        return try HTTPServer(configuration: configuration, router: router)
    }

    static func post(_ query: String) -> String {
        "POST /later?\(query) HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
    }

    @Test func aPendingAnswerDoesNotHoldTheLoop() throws {
        let server = try server(threads: 1)
        defer { server.shutdown(); server.wait() }
        let waiting = try LoopbackConnection(port: server.port)
        try waiting.send(Self.post("a"))
        #expect(parked.waitForArrivals(1))
        let other = try LoopbackConnection(port: server.port)
        try other.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try other.readResponse()?.bodyText == "hello", "the only loop serves others while /later waits")
        parked.answer("a")
        let answer = try #require(try waiting.readResponse())
        #expect(answer.status == 202 && answer.bodyText == "answer a")
    }

    @Test func pipelinedDeferredRequestsAreAnsweredInOrder() throws {
        let server = try server()
        defer { server.shutdown(); server.wait() }
        let client = try LoopbackConnection(port: server.port)
        try client.send(Self.post("1") + "GET /at-once?2 HTTP/1.1\r\nHost: x\r\n\r\n" + Self.post("3"))
        #expect(parked.waitForArrivals(1))
        parked.answer("1")
        #expect(parked.waitForArrivals(1), "the third request is read once the first is answered")
        parked.answer("3")
        #expect(try client.readResponse()?.bodyText == "answer 1")
        #expect(try client.readResponse()?.bodyText == "at once 2")
        #expect(try client.readResponse()?.bodyText == "answer 3")
    }

    @Test func resumedWorkRunsOnTheLoopThatReceivedTheRequest() throws {
        let server = try server(threads: 1)
        defer { server.shutdown(); server.wait() }
        let client = try LoopbackConnection(port: server.port)
        let loop = try #require(try client.sendAndRead("GET /loop-thread HTTP/1.1\r\nHost: x\r\n\r\n")?.bodyText)
        for _ in 0..<3 {
            #expect(try client.sendAndRead("GET /resumed HTTP/1.1\r\nHost: x\r\n\r\n")?.bodyText == loop)
        }
    }

    @Test func workResumedAfterTheServerStoppedStillRuns() throws {
        let server = try server()
        let client = try LoopbackConnection(port: server.port)
        try client.send(Self.post("late"))
        #expect(parked.waitForArrivals(1))
        server.shutdown()
        server.wait()
        let ran = DispatchSemaphore(value: 0)
        parked.resume("late") { ran.signal() }
        #expect(ran.wait(timeout: .now() + 5) == .success, "the work ran although its loop is gone")
    }

    @Test func aRequestPipelinedBehindAPendingOneWaitsForItsTurn() throws {
        let server = try server()
        defer { server.shutdown(); server.wait() }
        let client = try LoopbackConnection(port: server.port)
        try client.send(Self.post("1"))
        #expect(parked.waitForArrivals(1))
        try client.send(Self.post("2"))
        #expect(!parked.waitForArrivals(1, timeout: 0.3), "the second request is not read while the first waits")
        parked.answer("1")
        #expect(try client.readResponse()?.bodyText == "answer 1")
        #expect(parked.waitForArrivals(1))
        parked.answer("2")
        #expect(try client.readResponse()?.bodyText == "answer 2")
    }

    @Test func aClientThatClosesItsSendingSideStillGetsItsAnswer() throws {
        let server = try server()
        defer { server.shutdown(); server.wait() }
        let client = try LoopbackConnection(port: server.port)
        try client.send(Self.post("half"))
        #expect(parked.waitForArrivals(1))
        client.finishSending()
        Thread.sleep(forTimeInterval: 0.1)
        parked.answer("half")
        #expect(try client.readResponse()?.bodyText == "answer half")
        #expect(client.closedByPeer(within: 3))
    }

    @Test func slowWorkRunsOffTheLoopAndAFullPoolAnswers503() throws {
        let workers = WorkerPool(threads: 1, queueLimit: 1, name: "test-worker")
        let server = try server(threads: 1, workers: workers)
        defer {
            workerGate.signal()
            workerGate.signal()
            server.shutdown()
            server.wait()
            workers.shutdown()
        }
        let first = try LoopbackConnection(port: server.port), second = try LoopbackConnection(port: server.port)
        let third = try LoopbackConnection(port: server.port)
        try first.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(workerStarted.wait(timeout: .now() + 5) == .success)
        try second.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        // One job runs and one waits: the queue (limit 1) is full, so a third is refused at once.
        let refused = try #require(try LoopbackConnection(port: server.port).sendAndRead("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(refused.status == 503 && refused.bodyText.contains("\"code\":\"overloaded\""))
        #expect(refused.header("Retry-After") == "1")
        try third.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try third.readResponse()?.bodyText == "hello", "the loop answers while the worker is busy")
        workerGate.signal()
        workerGate.signal()
        #expect(try first.readResponse()?.bodyText == "slow")
        #expect(try second.readResponse()?.bodyText == "slow")
    }

    @Test func shutdownWaitsForPendingAnswers() throws {
        let server = try server()
        let client = try LoopbackConnection(port: server.port)
        try client.send(Self.post("last"))
        #expect(parked.waitForArrivals(1))
        server.shutdown()
        Thread.sleep(forTimeInterval: 0.2)
        parked.answer("last")
        let answer = try #require(try client.readResponse())
        #expect(answer.bodyText == "answer last")
        #expect(answer.header("Connection") == "close")
        server.wait()
    }

    @Test func anAnswerThatNeverComesTimesOutWith503() throws {
        let server = try server { $0.responseTimeout = .milliseconds(300) }
        defer { server.shutdown(); server.wait() }
        let client = try LoopbackConnection(port: server.port)
        try client.send(Self.post("lost"))
        let response = try #require(try client.readResponse(timeout: 5))
        #expect(response.status == 503 && response.bodyText.contains("response_timeout"))
        #expect(client.closedByPeer(within: 3))
        parked.answer("lost")
        #expect(try LoopbackConnection(port: server.port).sendAndRead("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")?.status == 200)
    }

    @Test func aClientThatLeavesBeforeItsAnswerDoesNotDisturbTheServer() throws {
        let server = try server(threads: 1)
        defer { server.shutdown(); server.wait() }
        do {
            let leaving = try LoopbackConnection(port: server.port)
            try leaving.send(Self.post("gone"))
            #expect(parked.waitForArrivals(1))
        }
        Thread.sleep(forTimeInterval: 0.1)
        // Its descriptor may be reused by the next connection: the stale answer must not reach it.
        let next = try LoopbackConnection(port: server.port)
        parked.answer("gone")
        try next.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try next.readResponse()?.bodyText == "hello")
    }
}

extension LoopbackConnection {
    func sendAndRead(_ text: String) throws -> Response? {
        try send(text)
        return try readResponse()
    }
}
