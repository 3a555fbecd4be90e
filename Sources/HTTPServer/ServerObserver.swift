/// How the server reports what it did, without knowing about metrics or log formats:
/// the application supplies closures that record or log.
public struct ServerObserver: Sendable {
    /// One answered request, as the request metrics need it.
    public struct CompletedRequest: Sendable {
        public var method: String
        /// The matched route pattern, `Router.unmatchedRoute`, or `"invalid"` for requests that failed to parse.
        public var route: String
        public var status: Int
        public var durationSeconds: Double
        /// Bytes of the response body as sent (0 for HEAD and for errors before routing).
        public var responseBodyBytes = 0
    }

    public var requestCompleted: @Sendable (CompletedRequest) -> Void
    /// Something an operator should know: a failed accept, a connection turned away at the cap.
    public var problem: @Sendable (_ message: String, _ details: [String: String]) -> Void

    public init(
        requestCompleted: @escaping @Sendable (CompletedRequest) -> Void = { _ in },
        problem: @escaping @Sendable (_ message: String, _ details: [String: String]) -> Void = { _, _ in }
    ) {
        self.requestCompleted = requestCompleted
        self.problem = problem
    }
}
