public import Foundation

/// An HTTP request a receiver is to be sent, rendered from notices but not yet sent. Keeping rendering
/// apart from sending lets every payload be checked byte for byte without a network.
public struct OutgoingRequest: Sendable, Equatable {
    public var url: URL
    public var method: String
    public var headers: [String: String]
    public var body: Data

    public init(url: URL, method: String = "POST", headers: [String: String] = [:], body: Data) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }

    /// A JSON POST, the shape of every receiver's API.
    public static func json(_ url: URL, body: Data, headers: [String: String] = [:]) -> OutgoingRequest {
        OutgoingRequest(url: url, headers: headers.merging(["Content-Type": "application/json"]) { given, _ in given }, body: body)
    }
}

extension OutgoingRequest {
    /// A JSON POST of `body`, with sorted keys so a rendered payload is the same bytes every time, and
    /// slashes unescaped so URLs in it stay readable.
    static func json(_ url: URL, encoding body: some Encodable) -> OutgoingRequest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The payload structs hold only strings, integers, booleans and containers of them, which
        // always encode; a failure here would be a programming error, not bad user data.
        return json(url, body: try! encoder.encode(body))
    }
}
