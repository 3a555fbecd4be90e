import CLinux
import Glibc
import HTTPCore
import Synchronization

/// One thread's epoll loop: accepts from the shared listener, reads, parses, routes, writes.
/// Everything it owns lives on its thread; the only shared state is `ServerShared` (atomics).
final class EventLoop {
    private let epoll: Int32
    private let wakeFD: Int32
    private let listener: Int32
    private let router: Router
    private let configuration: ServerConfiguration
    private let shared: ServerShared
    private let observer: ServerObserver
    private var connections: [Connection?] = []
    private var openCount = 0
    private var date = HTTPDate()
    private var draining = false
    private var drainDeadline: UInt64 = 0
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    private let sweepInterval: UInt64 = 250_000_000

    /// Takes ownership of `descriptors` (closed when the loop ends).
    init(
        descriptors: Descriptors, listener: Int32, router: Router, configuration: ServerConfiguration,
        shared: ServerShared, observer: ServerObserver
    ) {
        self.epoll = descriptors.epoll
        self.wakeFD = descriptors.wake
        self.listener = listener
        self.router = router
        self.configuration = configuration
        self.shared = shared
        self.observer = observer
        date.refresh()
    }

    deinit {
        readBuffer.deallocate()
        close(epoll)
        close(wakeFD)
    }

    /// The kernel objects of one loop, created up front so that set-up errors reach the caller
    /// of `HTTPServer.init` rather than dying on a loop thread.
    struct Descriptors: Sendable {
        let epoll: Int32
        let wake: Int32

        init(listener: Int32) throws(SocketError) {
            epoll = try Posix.epollCreate()
            do {
                wake = try Posix.eventFD()
                try Posix.epollControl(epoll, EPOLL_CTL_ADD, wake, events: Posix.epollIn)
                try Posix.epollControl(epoll, EPOLL_CTL_ADD, listener, events: Posix.epollIn | Posix.epollExclusive)
            } catch {
                close(epoll)
                throw error
            }
        }
    }

    /// Runs until shutdown has drained every connection or the grace period ran out.
    func run() {
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: 256)
        defer { events.deallocate() }
        var nextSweep = Posix.monotonicNanoseconds() + sweepInterval
        while true {
            let ready = epoll_wait(epoll, events, 256, 250)
            let now = Posix.monotonicNanoseconds()
            if ready > 0 {
                for i in 0..<Int(ready) {
                    handle(fd: events[i].data.fd, events: events[i].events, now: now)
                }
            }
            if now >= nextSweep {
                nextSweep = now + sweepInterval
                date.refresh()
                sweep(now: now)
            }
            if draining && (openCount == 0 || now >= drainDeadline) { break }
        }
        for connection in connections.compactMap({ $0 }) { closeConnection(connection) }
    }

    private func handle(fd: Int32, events: UInt32, now: UInt64) {
        if fd == wakeFD {
            Posix.drain(eventFD: wakeFD)
            if shared.shuttingDown.load(ordering: .acquiring) && !draining { beginDraining(now: now) }
            return
        }
        if fd == listener {
            if !draining { acceptConnections(now: now) }
            return
        }
        guard Int(fd) < connections.count, let connection = connections[Int(fd)] else { return }
        if events & Posix.epollOut != 0 { flush(connection, now: now) }
        if events & (Posix.epollIn | Posix.epollErrorOrHangUp) != 0, connections[Int(fd)] === connection {
            readable(connection, now: now)
        }
    }

    // MARK: - Accepting

    private func acceptConnections(now: UInt64) {
        for _ in 0..<64 {
            let accepted: Int32?
            do {
                accepted = try Posix.accept(listener)
            } catch {
                if error.errno != ECONNABORTED {
                    observer.problem("accept failed", ["error": error.description])
                }
                return
            }
            guard let fd = accepted else { return }
            if shared.openConnections.add(1, ordering: .relaxed).newValue > configuration.maxConnections {
                shared.openConnections.subtract(1, ordering: .relaxed)
                turnAway(fd)
                continue
            }
            let connection = Connection(fd: fd, limits: configuration.parserLimits, now: now)
            do {
                try Posix.epollControl(epoll, EPOLL_CTL_ADD, fd, events: Posix.epollIn | EPOLLRDHUP.rawValue)
            } catch {
                observer.problem("epoll_ctl failed for a new connection", ["error": error.description])
                close(fd)
                shared.openConnections.subtract(1, ordering: .relaxed)
                continue
            }
            if Int(fd) >= connections.count {
                connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count))
            }
            connections[Int(fd)] = connection
            openCount += 1
        }
    }

    /// Answers 503 to a connection over the cap and closes it, without reading its request.
    private func turnAway(_ fd: Int32) {
        var bytes: [UInt8] = []
        var response = HTTPResponse.error(
            .serviceUnavailable, code: "too_many_connections",
            message: "the server is at its limit of \(configuration.maxConnections) open connections"
        )
        response.headers.add(name: "Retry-After", value: "1")
        response.encode(into: &bytes, keepAlive: false, date: date.current)
        _ = bytes.withUnsafeBytes { try? Posix.send(fd, $0) }
        shutdown(fd, Int32(SHUT_WR))
        close(fd)
        observer.problem("connection refused: too many open connections", ["limit": String(configuration.maxConnections)])
    }

    // MARK: - Reading and answering

    private func readable(_ connection: Connection, now: UInt64) {
        for _ in 0..<4 {
            let received: Int
            do {
                switch try Posix.receive(connection.fd, into: readBuffer) {
                case .wouldBlock: return
                case .done(let count): received = count
                }
            } catch {
                closeConnection(connection)
                return
            }
            if received == 0 {
                closeConnection(connection)
                return
            }
            connection.lastActivity = now
            if connection.closeAfterFlush { continue }
            process(UnsafeRawBufferPointer(rebasing: readBuffer[0..<received]), on: connection, now: now)
            flush(connection, now: now)
            guard connections[Int(connection.fd)] === connection, !connection.waitingToWrite else { return }
            if received < readBuffer.count { return }
        }
    }

    private func process(_ input: UnsafeRawBufferPointer, on connection: Connection, now: UInt64) {
        var offset = 0
        while offset < input.count && !connection.closeAfterFlush {
            let (consumed, event) = connection.parser.parse(UnsafeRawBufferPointer(rebasing: input[offset...]))
            offset += consumed
            switch event {
            case .needMoreData:
                if connection.requestStartedAt == nil && connection.parser.hasPartialRequest {
                    connection.requestStartedAt = now
                }
                return
            case .continueExpected:
                connection.outbound.append(contentsOf: continueResponseBytes)
            case .request(let request):
                connection.requestStartedAt = nil
                respond(to: request, on: connection)
            case .failure(let error):
                connection.requestStartedAt = nil
                let response = HTTPResponse.error(error.status, code: error.code, message: error.reason)
                send(response, on: connection, keepAlive: false, includeBody: true)
                observer.requestCompleted(.init(method: "", route: "invalid", status: error.status.code, durationSeconds: 0))
            }
        }
    }

    private func respond(to request: HTTPRequest, on connection: Connection) {
        let started = Posix.monotonicNanoseconds()
        let outcome = router.handle(request)
        let keepAlive = request.keepAlive && !draining
        send(outcome.response, on: connection, keepAlive: keepAlive, includeBody: request.method != "HEAD")
        let seconds = Double(Posix.monotonicNanoseconds() - started) / 1e9
        observer.requestCompleted(
            .init(
                method: request.method, route: outcome.route, status: outcome.response.status.code, durationSeconds: seconds,
                responseBodyBytes: request.method == "HEAD" ? 0 : outcome.response.body.count)
        )
    }

    private func send(_ response: HTTPResponse, on connection: Connection, keepAlive: Bool, includeBody: Bool) {
        response.encode(into: &connection.outbound, keepAlive: keepAlive, date: date.current, includeBody: includeBody)
        if !keepAlive { connection.closeAfterFlush = true }
    }

    // MARK: - Writing

    private func flush(_ connection: Connection, now: UInt64) {
        while connection.hasPendingOutput {
            let result = connection.outbound.withUnsafeBytes { bytes in
                Result { () throws(SocketError) in
                    try Posix.send(connection.fd, UnsafeRawBufferPointer(rebasing: bytes[connection.outboundOffset...]))
                }
            }
            switch result {
            case .failure:
                closeConnection(connection)
                return
            case .success(.wouldBlock):
                if connection.writeBlockedSince == nil { connection.writeBlockedSince = now }
                setInterest(connection, write: true)
                return
            case .success(.done(let sent)):
                connection.outboundOffset += sent
            }
        }
        connection.outbound.removeAll(keepingCapacity: connection.outbound.capacity <= 1 << 20)
        connection.outboundOffset = 0
        connection.writeBlockedSince = nil
        connection.lastActivity = now
        if connection.waitingToWrite { setInterest(connection, write: false) }
        if connection.closeAfterFlush && connection.lingerDeadline == nil { startLingering(connection, now: now) }
    }

    /// While a response is stuck, wait for writability only: a client that does not read its answers
    /// gets no more of its pipelined requests processed (back-pressure).
    private func setInterest(_ connection: Connection, write: Bool) {
        guard connection.waitingToWrite != write else { return }
        connection.waitingToWrite = write
        let events = write ? Posix.epollOut : Posix.epollIn | EPOLLRDHUP.rawValue
        do {
            try Posix.epollControl(epoll, EPOLL_CTL_MOD, connection.fd, events: events)
        } catch {
            closeConnection(connection)
        }
    }

    private func startLingering(_ connection: Connection, now: UInt64) {
        shutdown(connection.fd, Int32(SHUT_WR))
        connection.lingerDeadline = now + 2_000_000_000
    }

    private func closeConnection(_ connection: Connection) {
        guard connections[Int(connection.fd)] === connection else { return }
        connections[Int(connection.fd)] = nil
        close(connection.fd)
        openCount -= 1
        shared.openConnections.subtract(1, ordering: .relaxed)
    }

    // MARK: - Timeouts and shutdown

    private func sweep(now: UInt64) {
        let readTimeout = configuration.requestReadTimeout.nanoseconds
        let idleTimeout = configuration.idleTimeout.nanoseconds
        let writeTimeout = configuration.writeTimeout.nanoseconds
        for case let connection? in connections {
            if let deadline = connection.lingerDeadline {
                if now >= deadline { closeConnection(connection) }
            } else if let since = connection.writeBlockedSince {
                if now - since >= writeTimeout { closeConnection(connection) }
            } else if let started = connection.requestStartedAt {
                if now - started >= readTimeout {
                    connection.requestStartedAt = nil
                    let response = HTTPResponse.error(
                        .requestTimeout, code: "request_timeout", message: "the request did not arrive in time"
                    )
                    send(response, on: connection, keepAlive: false, includeBody: true)
                    flush(connection, now: now)
                }
            } else if now - connection.lastActivity >= idleTimeout || (draining && connection.isIdle) {
                closeConnection(connection)
            }
        }
    }

    private func beginDraining(now: UInt64) {
        draining = true
        drainDeadline = now + configuration.shutdownGracePeriod.nanoseconds
        try? Posix.epollControl(epoll, EPOLL_CTL_DEL, listener, events: 0)
        shared.listenerReleased()
        for case let connection? in connections where connection.isIdle { closeConnection(connection) }
    }
}
