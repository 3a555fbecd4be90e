import HTTPCore

/// What a connection asks of the event loop that owns it. The loop is the real host; tests drive
/// a connection with a host of their own, with no socket at all.
protocol ConnectionHost: AnyObject {
    /// The `Date` header for responses written now.
    var date: String { get }
    /// Set once the server shuts down: every response from then on closes its connection.
    var draining: Bool { get }
    /// Routes `request`: its answer, or a serial under which the answer arrives later (`Connection.answer`).
    func dispatch(_ request: HTTPRequest, on connection: Connection) -> Dispatched
    func completed(_ request: ServerObserver.CompletedRequest)
}

/// What dispatching a request gave: an answer now, or a promise of one.
enum Dispatched {
    case answered(route: String, response: HTTPResponse)
    case pending(route: String, serial: UInt64)
}

/// One client connection's HTTP/1.1 exchange, without the socket: the loop feeds it the bytes it
/// reads and the clock, and writes out what it leaves in `outbound`. Requests are answered in order,
/// one at a time: while one waits for a deferred answer, nothing behind it is parsed (the loop stops
/// reading, so the kernel's buffer bounds what a pipelining client can queue). Owned by one loop and
/// only touched on its thread.
final class Connection {
    /// What the loop should wait for on the socket.
    enum Interest: Equatable {
        case read
        case write
        /// A deferred answer is pending and input arrived behind it: neither read nor write.
        case none
    }

    /// What the clock decided in `expire`.
    enum Expiry: Equatable {
        case keep
        /// A timeout answer (408, 503) is in `outbound`; flush it, then the connection closes.
        case flush
        case close
    }

    /// The request a deferred handler is working on.
    private struct Waiting {
        let serial: UInt64
        let route: String
        let method: String
        let keepAlive: Bool
        /// Loop time of dispatch, for the response timeout.
        let dispatchedAt: UInt64
        /// Precise start, for the duration the observer records.
        let started: UInt64
    }

    let fd: Int32
    private unowned let host: any ConnectionHost
    private let configuration: ServerConfiguration
    private var parser: HTTPRequestParser
    /// Bytes waiting to be written, from `outboundOffset` on.
    private(set) var outbound: [UInt8] = []
    private var outboundOffset = 0
    /// Loop time the current, still incomplete request began arriving; nil between requests.
    private var requestStartedAt: UInt64?
    private var lastActivity: UInt64
    private var writeBlockedSince: UInt64?
    private var waiting: Waiting?
    /// Input that arrived behind the waiting request; parsed once that request is answered.
    private var unparsed: [UInt8] = []
    /// Input is ready on the socket while an answer is pending: it stays in the kernel until then.
    private var holdingInput = false
    /// Set once the connection must end: its last response is the one in `outbound`.
    private(set) var closeAfterFlush = false
    /// After the last response the loop shuts the write side and reads and drops input until this
    /// deadline, so unread request bytes do not make the kernel reset the connection before the
    /// client has read the answer.
    private(set) var lingerDeadline: UInt64?
    /// The interest the loop last registered for this connection.
    var registered = Interest.read

    init(fd: Int32, configuration: ServerConfiguration, host: any ConnectionHost, now: UInt64) {
        self.fd = fd
        self.configuration = configuration
        self.host = host
        parser = HTTPRequestParser(limits: configuration.parserLimits)
        lastActivity = now
        outbound.reserveCapacity(4096)
    }

    var hasPendingOutput: Bool { outboundOffset < outbound.count }

    /// Room to write while output is pending; else input, also while an answer is pending until
    /// input actually arrives (then nothing, until the answer). So an answer that comes later costs
    /// no epoll changes unless the client pipelines.
    var interest: Interest {
        if hasPendingOutput { return .write }
        return holdingInput ? .none : .read
    }

    var isWaiting: Bool { waiting != nil }

    /// The socket has input while an answer is pending: leave it unread until the answer is written.
    func holdInput() {
        if waiting != nil { holdingInput = true }
    }

    /// Neither reading a request, waiting for an answer nor writing one: safe to close at shutdown.
    var isIdle: Bool { requestStartedAt == nil && waiting == nil && unparsed.isEmpty && !hasPendingOutput }

    // MARK: - Input

    /// Bytes read from the socket.
    func received(_ input: UnsafeRawBufferPointer, now: UInt64) {
        lastActivity = now
        guard !closeAfterFlush else { return }
        if waiting != nil {
            unparsed.append(contentsOf: input)
            return
        }
        parse(input, now: now)
    }

    /// The deferred answer to the request dispatched as `serial`. False when no request waits under
    /// that serial any more (it timed out, or the connection is another one on a reused descriptor).
    @discardableResult
    func answer(_ response: HTTPResponse, serial: UInt64, now: UInt64) -> Bool {
        guard let pending = waiting, pending.serial == serial else { return false }
        waiting = nil
        holdingInput = false
        write(
            response, method: pending.method, route: pending.route, keepAlive: pending.keepAlive && !host.draining,
            started: pending.started)
        lastActivity = now
        guard !unparsed.isEmpty else { return true }
        let input = unparsed
        unparsed = []
        input.withUnsafeBytes { parse($0, now: now) }
        return true
    }

    private func parse(_ input: UnsafeRawBufferPointer, now: UInt64) {
        var offset = 0
        while offset < input.count && !closeAfterFlush {
            guard waiting == nil else {
                unparsed.append(contentsOf: input[offset...])
                return
            }
            let (consumed, event) = parser.parse(UnsafeRawBufferPointer(rebasing: input[offset...]))
            offset += consumed
            switch event {
            case .needMoreData:
                if requestStartedAt == nil && parser.hasPartialRequest { requestStartedAt = now }
                return
            case .continueExpected:
                outbound.append(contentsOf: continueResponseBytes)
            case .request(let request):
                requestStartedAt = nil
                dispatch(request, now: now)
            case .failure(let error):
                requestStartedAt = nil
                let response = HTTPResponse.error(error.status, code: error.code, message: error.reason)
                write(response, method: "", route: "invalid", keepAlive: false, started: Posix.monotonicNanoseconds())
            }
        }
    }

    private func dispatch(_ request: HTTPRequest, now: UInt64) {
        let started = Posix.monotonicNanoseconds()
        let keepAlive = request.keepAlive && !host.draining
        switch host.dispatch(request, on: self) {
        case .answered(let route, let response):
            write(response, method: request.method, route: route, keepAlive: keepAlive, started: started)
        case .pending(let route, let serial):
            waiting = Waiting(
                serial: serial, route: route, method: request.method, keepAlive: keepAlive, dispatchedAt: now, started: started)
        }
    }

    private func write(_ response: HTTPResponse, method: String, route: String, keepAlive: Bool, started: UInt64) {
        let includeBody = method != "HEAD"
        response.encode(into: &outbound, keepAlive: keepAlive, date: host.date, includeBody: includeBody)
        if !keepAlive { closeAfterFlush = true }
        host.completed(
            ServerObserver.CompletedRequest(
                method: method, route: route, status: response.status.code,
                durationSeconds: Double(Posix.monotonicNanoseconds() - started) / 1e9,
                responseBodyBytes: includeBody ? response.body.count : 0))
    }

    // MARK: - Output

    /// Calls `body` with the bytes still to write.
    func withUnsentOutput<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        outbound.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[outboundOffset...])) }
    }

    /// `count` more bytes reached the socket; once all have, the buffer is emptied.
    func sent(_ count: Int, now: UInt64) {
        outboundOffset += count
        guard !hasPendingOutput else { return }
        outbound.removeAll(keepingCapacity: outbound.capacity <= 1 << 20)
        outboundOffset = 0
        writeBlockedSince = nil
        lastActivity = now
    }

    /// The socket took no more: the write timeout runs from the first time this happens.
    func writeBlocked(now: UInt64) {
        if writeBlockedSince == nil { writeBlockedSince = now }
    }

    /// The loop shut the write side after the last response.
    func startLingering(now: UInt64) {
        lingerDeadline = now + 2_000_000_000
    }

    // MARK: - Timeouts and shutdown

    /// Applies the timeouts at loop time `now`: lingering and stuck writes end, a request that does
    /// not arrive in time gets 408, an answer that does not come in time 503, an idle connection
    /// closes (at once when `draining`).
    func expire(now: UInt64, draining: Bool) -> Expiry {
        if let lingerDeadline { return now >= lingerDeadline ? .close : .keep }
        if let since = writeBlockedSince { return now - since >= configuration.writeTimeout.nanoseconds ? .close : .keep }
        if let pending = waiting {
            guard now - pending.dispatchedAt >= configuration.responseTimeout.nanoseconds else { return .keep }
            waiting = nil
            holdingInput = false
            unparsed = []
            let response = HTTPResponse.error(
                .serviceUnavailable, code: "response_timeout",
                message: "no answer within \(configuration.responseTimeout); the request may still take effect, so retry it only if it is idempotent")
            write(response, method: pending.method, route: pending.route, keepAlive: false, started: pending.started)
            return .flush
        }
        if let started = requestStartedAt {
            guard now - started >= configuration.requestReadTimeout.nanoseconds else { return .keep }
            requestStartedAt = nil
            let response = HTTPResponse.error(.requestTimeout, code: "request_timeout", message: "the request did not arrive in time")
            write(response, method: "", route: "invalid", keepAlive: false, started: Posix.monotonicNanoseconds())
            return .flush
        }
        return now - lastActivity >= configuration.idleTimeout.nanoseconds || (draining && isIdle) ? .close : .keep
    }
}
