/// A fully received request: head and (de-chunked) body. Handlers see only this, never a socket.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The request-target as sent, e.g. `/api/events?debug=1`.
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(
        method: String, target: String, version: HTTPVersion = .http11,
        headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The target without its query string.
    public var path: Substring {
        if let q = target.firstIndex(of: "?") { return target[..<q] }
        return target[...]
    }

    /// The query string after `?`, if any.
    public var query: Substring? {
        guard let q = target.firstIndex(of: "?") else { return nil }
        return target[target.index(after: q)...]
    }

    /// Whether the client wants the connection kept open after this exchange (RFC 9112 §9.3).
    public var keepAlive: Bool {
        let tokens = headers.values(for: "Connection").flatMap { $0.split(separator: ",") }
        func has(_ token: String) -> Bool {
            tokens.contains { HTTPHeaders.sameName(String($0.trimmingASCIISpaces()), token) }
        }
        if has("close") { return false }
        if version == .http10 { return has("keep-alive") }
        return true
    }
}

/// HTTP versions a server may see on the request line.
public struct HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public static let http10 = HTTPVersion(major: 1, minor: 0)
    public static let http11 = HTTPVersion(major: 1, minor: 1)

    public var description: String { "HTTP/\(major).\(minor)" }
}

extension Substring {
    /// Trims spaces and horizontal tabs (optional whitespace, RFC 9110 §5.6.3).
    public func trimmingASCIISpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
