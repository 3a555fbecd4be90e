import JSONReader

/// What a handler answers. The server adds framing (`Content-Length`, `Connection`, `Date`).
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: HTTPStatus, contentType: String, body: String) {
        self.init(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: Array(body.utf8))
    }

    /// A JSON error body with a stable machine-readable `code`, the shape every bad-input reply uses.
    public static func error(_ status: HTTPStatus, code: String, message: String) -> HTTPResponse {
        let body = "{\"error\":{\"code\":\"\(jsonEscaped(code))\",\"message\":\"\(jsonEscaped(message))\"}}\n"
        return HTTPResponse(status: status, contentType: "application/json", body: body)
    }
}
