import HTTPCore

/// One client connection's state. Owned by exactly one event loop and only touched on its thread.
final class Connection {
    let fd: Int32
    var parser: HTTPRequestParser
    /// Bytes waiting to be written, from `outboundOffset` on.
    var outbound: [UInt8] = []
    var outboundOffset = 0
    /// Monotonic time the current, still incomplete request began arriving; nil between requests.
    var requestStartedAt: UInt64?
    var lastActivity: UInt64
    var writeBlockedSince: UInt64?
    /// Set once the connection must end: no more requests are read from it.
    var closeAfterFlush = false
    /// After the last response, the write side is shut and input is read and dropped until this deadline,
    /// so unread request bytes do not make the kernel reset the connection before the client reads the answer.
    var lingerDeadline: UInt64?
    /// Whether EPOLLOUT (rather than EPOLLIN) is what the loop waits for.
    var waitingToWrite = false

    init(fd: Int32, limits: HTTPParserLimits, now: UInt64) {
        self.fd = fd
        self.parser = HTTPRequestParser(limits: limits)
        self.lastActivity = now
        outbound.reserveCapacity(4096)
    }

    var hasPendingOutput: Bool { outboundOffset < outbound.count }

    /// Neither reading a request nor writing a response: safe to close at shutdown.
    var isIdle: Bool { requestStartedAt == nil && !hasPendingOutput }
}
