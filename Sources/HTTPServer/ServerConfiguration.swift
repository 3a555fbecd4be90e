public import HTTPCore

/// Limits and timeouts of one server. Defaults suit a service on the public side of a load balancer.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 asks the kernel for a free port; read it back from `HTTPServer.port`.
    public var port: Int
    /// Event-loop threads; each owns the connections it accepted.
    public var threads: Int
    public var parserLimits: HTTPParserLimits
    /// Connections open at once; past this, new ones get a 503 and are closed.
    public var maxConnections: Int
    /// Time from a request's first byte to its last before the server answers 408 (slow senders).
    public var requestReadTimeout: Duration
    /// How long a keep-alive connection may sit without a request.
    public var idleTimeout: Duration
    /// How long a client may leave a response unread.
    public var writeTimeout: Duration
    /// How long a request may wait for its deferred answer (a disk or database that hangs) before
    /// the server answers 503 and closes the connection.
    public var responseTimeout: Duration
    /// How long shutdown waits for in-flight requests (deferred answers included) before closing what is left.
    public var shutdownGracePeriod: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 9470, threads: Int = 2,
        parserLimits: HTTPParserLimits = HTTPParserLimits(),
        maxConnections: Int = 4096,
        requestReadTimeout: Duration = .seconds(15), idleTimeout: Duration = .seconds(60),
        writeTimeout: Duration = .seconds(30), responseTimeout: Duration = .seconds(30), shutdownGracePeriod: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.threads = threads
        self.parserLimits = parserLimits
        self.maxConnections = maxConnections
        self.requestReadTimeout = requestReadTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.responseTimeout = responseTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
    }
}

extension Duration {
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}
