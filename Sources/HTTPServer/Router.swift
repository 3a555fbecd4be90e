public import HTTPCore

/// Maps method and exact path to a handler. Handlers take a request value and return a response value;
/// they never see sockets, so they are tested without one.
public struct Router: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    /// What the router decided, with the route pattern for bounded-cardinality request metrics.
    public struct Outcome: Sendable {
        public var route: String
        public var response: HTTPResponse
    }

    /// The route label used for requests that matched no path.
    public static let unmatchedRoute = "unmatched"

    private var routes: [String: [(method: String, handler: Handler)]] = [:]

    public init() {}

    public mutating func add(_ method: String, _ path: String, _ handler: @escaping Handler) {
        routes[path, default: []].append((method, handler))
    }

    public func handle(_ request: HTTPRequest) -> Outcome {
        let path = String(request.path)
        guard let handlers = routes[path] else {
            return Outcome(
                route: Self.unmatchedRoute,
                response: .error(.notFound, code: "not_found", message: "no route for \(path)")
            )
        }
        // HEAD is answered by the GET handler; the server drops the body but keeps its length.
        let method = request.method == "HEAD" ? "GET" : request.method
        if let match = handlers.first(where: { $0.method == method }) {
            return Outcome(route: path, response: match.handler(request))
        }
        let allowed = handlers.map(\.method).joined(separator: ", ")
        var response = HTTPResponse.error(
            .methodNotAllowed, code: "method_not_allowed", message: "\(request.method) is not allowed on \(path); use \(allowed)"
        )
        response.headers.add(name: "Allow", value: allowed)
        return Outcome(route: path, response: response)
    }
}
