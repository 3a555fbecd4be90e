import CLinux
import Glibc
import HTTPCore
import Synchronization

/// One thread's epoll loop: accepts from the shared listener, reads, hands the bytes to each
/// connection's HTTP state, writes what it answers, and delivers deferred answers from its mailbox.
/// Everything it owns lives on its thread; the only shared state is `ServerShared` (atomics) and
/// the mailbox (a lock taken for a moment per batch of answers).
final class EventLoop: ConnectionHost {
    private let epoll: Int32
    private let listener: Int32
    private let mailbox: LoopMailbox
    private let router: Router
    private let configuration: ServerConfiguration
    private let shared: ServerShared
    private let observer: ServerObserver
    private var connections: [Connection?] = []
    private var openCount = 0
    private var clock = HTTPDate()
    private(set) var draining = false
    private var drainDeadline: UInt64 = 0
    private var nextSerial: UInt64 = 1
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    private let sweepInterval: UInt64 = 250_000_000

    /// Takes ownership of `epoll` (closed when the loop ends).
    init(
        epoll: Int32, mailbox: LoopMailbox, listener: Int32, router: Router, configuration: ServerConfiguration,
        shared: ServerShared, observer: ServerObserver
    ) {
        self.epoll = epoll
        self.mailbox = mailbox
        self.listener = listener
        self.router = router
        self.configuration = configuration
        self.shared = shared
        self.observer = observer
        clock.refresh()
    }

    deinit {
        readBuffer.deallocate()
        close(epoll)
    }

    /// Creates a loop's epoll set watching its mailbox's eventfd and the listener, so that set-up
    /// errors reach the caller of `HTTPServer.init` rather than dying on a loop thread.
    static func makeEpoll(mailbox: LoopMailbox, listener: Int32) throws(SocketError) -> Int32 {
        let epoll = try Posix.epollCreate()
        do {
            try Posix.epollControl(epoll, EPOLL_CTL_ADD, mailbox.wakeFD, events: Posix.epollIn)
            try Posix.epollControl(epoll, EPOLL_CTL_ADD, listener, events: Posix.epollIn | Posix.epollExclusive)
        } catch {
            close(epoll)
            throw error
        }
        return epoll
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
            deliverAnswers(now: now)
            if now >= nextSweep {
                nextSweep = now + sweepInterval
                clock.refresh()
                sweep(now: now)
            }
            if draining && (openCount == 0 || now >= drainDeadline) { break }
        }
        for connection in connections.compactMap({ $0 }) { closeConnection(connection) }
        // Work resumed for requests still under way must run even with nobody left to answer.
        for case .work(let work) in mailbox.close() { work() }
    }

    private func handle(fd: Int32, events: UInt32, now: UInt64) {
        if fd == mailbox.wakeFD {
            Posix.drain(eventFD: fd)
            if shared.shuttingDown.load(ordering: .acquiring) && !draining { beginDraining(now: now) }
            return
        }
        if fd == listener {
            if !draining { acceptConnections(now: now) }
            return
        }
        guard Int(fd) < connections.count, let connection = connections[Int(fd)] else { return }
        if events & Posix.epollOut != 0 { settle(connection, now: now) }
        guard connections[Int(fd)] === connection else { return }
        if events & Posix.epollHangUpOrError != 0 && (connection.isWaiting || connection.registered != .read) {
            // The peer is gone while an answer is being worked on or written: nobody is left to read it.
            closeConnection(connection)
        } else if connection.registered == .read && events & (Posix.epollIn | Posix.epollErrorOrHangUp) != 0 {
            if connection.isWaiting {
                // More input (or the peer's end of input) behind a request still being answered.
                connection.holdInput()
                register(connection)
            } else {
                readable(connection, now: now)
            }
        }
    }

    // MARK: - ConnectionHost

    var date: String { clock.current }

    func dispatch(_ request: HTTPRequest, on connection: Connection) -> Dispatched {
        let resolution = router.resolve(request)
        let route = resolution.route
        switch resolution.target {
        case .refusal(let response):
            return .answered(route: route, response: response)
        case .loop(let handler):
            return .answered(route: route, response: handler(request))
        case .workers(let pool, let handler):
            let responder = makeResponder(for: connection)
            guard pool.submit({ responder.respond(handler(request)) }) else {
                var response = HTTPResponse.error(
                    .serviceUnavailable, code: "overloaded",
                    message: "\(pool.waiting) requests are already waiting for a worker; retry shortly")
                response.headers.add(name: "Retry-After", value: "1")
                return .answered(route: route, response: response)
            }
            return .pending(route: route, serial: responder.serial)
        case .deferred(let handler):
            let responder = makeResponder(for: connection)
            if let response = mailbox.dispatching(responder.serial, { handler(request, responder) }) {
                return .answered(route: route, response: response)
            }
            return .pending(route: route, serial: responder.serial)
        }
    }

    func completed(_ request: ServerObserver.CompletedRequest) {
        observer.requestCompleted(request)
    }

    private func makeResponder(for connection: Connection) -> Responder {
        defer { nextSerial += 1 }
        return Responder(mailbox: mailbox, fd: connection.fd, serial: nextSerial)
    }

    /// Writes the deferred answers and runs the resumed work that arrived since the last call, until
    /// none is left (work run here may answer at once).
    private func deliverAnswers(now: UInt64) {
        while true {
            let deliveries = mailbox.take()
            if deliveries.isEmpty { return }
            for delivery in deliveries {
                switch delivery {
                case .work(let work):
                    work()
                case .answer(let fd, let serial, let response):
                    guard Int(fd) < connections.count, let connection = connections[Int(fd)],
                        connection.answer(response, serial: serial, now: now)
                    else { continue }
                    settle(connection, now: now)
                }
            }
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
            connections[Int(fd)] = Connection(fd: fd, configuration: configuration, host: self, now: now)
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
        response.encode(into: &bytes, keepAlive: false, date: clock.current)
        _ = bytes.withUnsafeBytes { try? Posix.send(fd, $0) }
        shutdown(fd, Int32(SHUT_WR))
        close(fd)
        observer.problem("connection refused: too many open connections", ["limit": String(configuration.maxConnections)])
    }

    // MARK: - Reading and writing

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
            connection.received(UnsafeRawBufferPointer(rebasing: readBuffer[0..<received]), now: now)
            settle(connection, now: now)
            // Stop reading while an answer is pending or output is stuck (back-pressure).
            guard connections[Int(connection.fd)] === connection, connection.registered == .read, !connection.isWaiting else { return }
            if received < readBuffer.count { return }
        }
    }

    /// Writes what the connection has to say, then waits for what it needs next: input, room to
    /// write, or (while a deferred answer is pending) nothing.
    private func settle(_ connection: Connection, now: UInt64) {
        while connection.hasPendingOutput {
            let result = connection.withUnsentOutput { bytes in
                Result { () throws(SocketError) in try Posix.send(connection.fd, bytes) }
            }
            switch result {
            case .failure:
                closeConnection(connection)
                return
            case .success(.wouldBlock):
                connection.writeBlocked(now: now)
                register(connection)
                return
            case .success(.done(let sent)):
                connection.sent(sent, now: now)
            }
        }
        if connection.closeAfterFlush && connection.lingerDeadline == nil {
            shutdown(connection.fd, Int32(SHUT_WR))
            connection.startLingering(now: now)
        }
        register(connection)
    }

    private func register(_ connection: Connection) {
        let interest = connection.interest
        guard connection.registered != interest else { return }
        let events: UInt32
        switch interest {
        case .read: events = Posix.epollIn | EPOLLRDHUP.rawValue
        case .write: events = Posix.epollOut
        case .none: events = 0
        }
        do {
            try Posix.epollControl(epoll, EPOLL_CTL_MOD, connection.fd, events: events)
            connection.registered = interest
        } catch {
            closeConnection(connection)
        }
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
        for case let connection? in connections {
            switch connection.expire(now: now, draining: draining) {
            case .keep: break
            case .flush: settle(connection, now: now)
            case .close: closeConnection(connection)
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
