public import Foundation
import HTTPCore
import HTTPServer
import Synchronization

/// A loopback HTTP listener standing in for Slack, Telegram, PagerDuty or a webhook, so delivery tests
/// see exactly what was sent and can make the receiver fail or disappear.
public final class StandInReceiver: Sendable {
    /// One request as it arrived, with the status it was answered with.
    public struct Received: Sendable {
        public var method: String
        public var path: String
        /// Header names lowercased; repeated fields joined with ", ".
        public var headers: [String: String]
        public var body: [UInt8]
        public var status: Int

        public var text: String { String(decoding: body, as: UTF8.self) }

        public func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        }
    }

    /// State the handler (on an event-loop thread) and the test share.
    private final class Shared: Sendable {
        struct State {
            var received: [Received] = []
            var status = 200
            var stray = 0
            var delay: Duration = .zero
            var replies: [String: String] = [:]
        }
        let state = Mutex(State())
    }

    private let shared = Shared()
    private let server: HTTPServer
    public let paths: [String]

    /// Listens on 127.0.0.1:`port` (0: the kernel's choice) and answers POST on each of `paths`.
    public init(port: Int = 0, paths: [String]) throws {
        self.paths = paths
        let shared = self.shared
        var router = Router()
        for path in paths {
            router.add("POST", path) { request in
                let (status, reply, delay) = shared.state.withLock { ($0.status, $0.replies[path], $0.delay) }
                if delay > .zero { Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) * 1e-18) }
                var headers: [String: String] = [:]
                for (name, value) in request.headers {
                    let key = name.lowercased()
                    headers[key] = headers[key].map { "\($0), \(value)" } ?? value
                }
                let received = Received(
                    method: request.method, path: String(request.path), headers: headers, body: request.body, status: status
                )
                shared.state.withLock { $0.received.append(received) }
                let ok = (200..<300).contains(status)
                let body = ok ? reply ?? "{\"status\":\"ok\"}" : "{\"error\":\"stand-in failure\"}"
                return HTTPResponse(status: HTTPStatus(status), contentType: "application/json", body: body)
            }
        }
        let observer = ServerObserver(requestCompleted: { completed in
            if completed.route == Router.unmatchedRoute { shared.state.withLock { $0.stray += 1 } }
        })
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: port, threads: 1, idleTimeout: .seconds(5), shutdownGracePeriod: .milliseconds(200)
        )
        server = try HTTPServer(configuration: configuration, router: router, observer: observer)
    }

    deinit {
        stop()
    }

    public var port: Int { server.port }

    public func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    /// Every request to one of `paths`, in arrival order, whatever it was answered.
    public var received: [Received] { shared.state.withLock { $0.received } }

    /// The requests answered 2xx: what the sender may count as delivered.
    public var accepted: [Received] { received.filter { (200..<300).contains($0.status) } }

    /// Requests to paths other than `paths` (answered 404 or 405 by the router), to spot a wrong URL.
    public var strayCount: Int { shared.state.withLock { $0.stray } }

    /// Answers every request from now on with `status` (200 until told otherwise).
    public func answer(with status: Int) {
        shared.state.withLock { $0.status = status }
    }

    /// Holds every answer from now on for `delay`, standing in for a receiver that hangs.
    public func delayAnswers(by delay: Duration) {
        shared.state.withLock { $0.delay = delay }
    }

    /// Answers successful requests to `path` with `body` instead of `{"status":"ok"}`, for senders that
    /// read the answer (Telegram's client fails unless it sees `"ok":true` and a message).
    public func reply(on path: String, with body: String) {
        shared.state.withLock { $0.replies[path] = body }
    }

    /// Closes the listener and all connections; connecting fails afterwards until a new receiver takes the port.
    public func stop() {
        server.shutdown()
        server.wait()
    }

    /// Polls every 50 ms until `count` requests were accepted, and returns the accepted ones (fewer on timeout).
    public func waitForAccepted(count: Int, timeout: Duration) -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let accepted = self.accepted
            if accepted.count >= count || ContinuousClock.now >= deadline { return accepted }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}
