public import HTTPCore

/// Maps method and exact path to a handler, and says where the handler runs. Handlers take a
/// request value and answer with a response value; they never see sockets, so they are tested
/// without one.
public struct Router: Sendable {
    /// Answers at once.
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse
    /// Answers through the `Responder`, now or later from another thread; it must not wait itself.
    public typealias DeferredHandler = @Sendable (HTTPRequest, Responder) -> Void

    /// Where a route's handler runs.
    enum Target: Sendable {
        /// On the event loop, inline: only for answers that take microseconds.
        case loop(Handler)
        /// On a worker thread, for work that can take milliseconds.
        case workers(WorkerPool, Handler)
        /// On the event loop, answering whenever its work completes.
        case deferred(DeferredHandler)
        /// No handler: the path is unknown (404) or the method not allowed on it (405).
        case refusal(HTTPResponse)
    }

    /// What the router decided: the route pattern (for bounded-cardinality request metrics) and its target.
    struct Resolution {
        var route: String
        var target: Target
    }

    /// The route label used for requests that matched no path.
    public static let unmatchedRoute = "unmatched"

    private var routes: [String: [(method: String, target: Target)]] = [:]

    public init() {}

    /// A handler that runs on the event loop: it must answer in microseconds (a health check).
    public mutating func add(_ method: String, _ path: String, _ handler: @escaping Handler) {
        routes[path, default: []].append((method, .loop(handler)))
    }

    /// A handler whose work can take milliseconds, run on one of `workers`' threads.
    public mutating func add(_ method: String, _ path: String, on workers: WorkerPool, _ handler: @escaping Handler) {
        routes[path, default: []].append((method, .workers(workers, handler)))
    }

    /// A handler that starts its work on the event loop and answers when the work completes, from
    /// whichever thread completes it (an fsync, a database round trip).
    public mutating func addDeferred(_ method: String, _ path: String, _ handler: @escaping DeferredHandler) {
        routes[path, default: []].append((method, .deferred(handler)))
    }

    func resolve(_ request: HTTPRequest) -> Resolution {
        let path = String(request.path)
        guard let handlers = routes[path] else {
            let response = HTTPResponse.error(.notFound, code: "not_found", message: "no route for \(path)")
            return Resolution(route: Self.unmatchedRoute, target: .refusal(response))
        }
        // HEAD is answered by the GET handler; the server drops the body but keeps its length.
        let method = request.method == "HEAD" ? "GET" : request.method
        if let match = handlers.first(where: { $0.method == method }) {
            return Resolution(route: path, target: match.target)
        }
        let allowed = handlers.map(\.method).joined(separator: ", ")
        var response = HTTPResponse.error(
            .methodNotAllowed, code: "method_not_allowed", message: "\(request.method) is not allowed on \(path); use \(allowed)"
        )
        response.headers.add(name: "Allow", value: allowed)
        return Resolution(route: path, target: .refusal(response))
    }
}
