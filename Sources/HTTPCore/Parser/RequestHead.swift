/// The request being assembled from its head: the request line, every header field in arrival order,
/// and what the framing fields say about the body.
struct RequestHead: FieldSink {
    var method = ""
    var target = ""
    var version = HTTPVersion.http11
    var headers = HTTPHeaders()
    var framing = BodyFraming()
    /// `Expect: 100-continue` in an HTTP/1.1 request (RFC 9110 §10.1.1 says to ignore it in HTTP/1.0).
    /// Other expectations are ignored, which RFC 9110 allows.
    private(set) var expectsContinue = false
    private var hasHost = false

    init() {}

    init(_ line: RequestLine) {
        method = line.method
        target = line.target
        version = line.version
        headers.reserveCapacity(8)
    }

    mutating func field(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> HTTPParseError? {
        switch name.count {
        case 4 where name.equalsIgnoringCase("host"):
            // RFC 9112 §3.2: more than one Host field is a 400. A missing Host is left to the server.
            if hasHost { return .duplicateHost }
            hasHost = true
        case 6 where name.equalsIgnoringCase("expect"):
            if version == .http11, value.equalsIgnoringCase("100-continue") { expectsContinue = true }
        case 14 where name.equalsIgnoringCase("content-length"):
            if let error = framing.addContentLength(value) { return error }
        case 17 where name.equalsIgnoringCase("transfer-encoding"):
            if let error = framing.addTransferEncoding(value, version: version) { return error }
        default:
            break
        }
        headers.add(name: name.decodedString, value: value.decodedString)
        return nil
    }
}

/// Trailer fields are checked like header fields, then dropped: nothing after the body may change how
/// the request is handled.
struct DiscardedTrailers: FieldSink {
    func field(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> HTTPParseError? { nil }
}
