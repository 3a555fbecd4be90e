/// Size limits that keep one connection from making the server buffer without bound.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Request line plus header section, CRLFs included (and any empty lines before the request line).
    /// Over it: 431. The same budget bounds a chunked body's trailer section, and its chunk extensions.
    public var maxHeaderBytes: Int
    /// Decoded body size. A larger `Content-Length` fails at the end of the head (413), before any body
    /// byte is read; a chunked body fails as soon as a chunk size would pass the limit.
    public var maxBodyBytes: Int

    public init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 1 << 20) {
        precondition(maxHeaderBytes > 0 && maxBodyBytes >= 0, "HTTP parser limits must not be negative")
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }
}

/// What one `HTTPRequestParser.parse` call produced.
public enum HTTPParseEvent: Sendable {
    /// All of the input was consumed (and kept as needed); nothing is complete yet. Read more and call again.
    case needMoreData
    /// The head of a request with `Expect: 100-continue` and a body is complete: write `100 Continue`,
    /// then keep feeding. Emitted once per such request, before its `.request`, whether or not body
    /// bytes already arrived (RFC 9110 §10.1.1 allows the interim response either way).
    case continueExpected
    /// A complete request, body de-chunked. Bytes after it in the input were not consumed.
    case request(HTTPRequest)
    /// The input is malformed or over a limit: answer `error.status` and close the connection. Every
    /// later call returns the same failure.
    case failure(HTTPParseError)
}

/// A strict, incremental HTTP/1.1 request parser (RFC 9112) for a server: a value-type state machine
/// that knows nothing about sockets.
///
/// Feed it whatever the socket delivered; it returns after each request so that pipelined requests,
/// `Connection: close` and `Expect: 100-continue` stay under the caller's control:
///
/// ```swift
/// var parser = HTTPRequestParser()
/// // after each read, `pending` holds the bytes not consumed yet:
/// parsing: while !pending.isEmpty {
///     let (consumed, event) = pending.withUnsafeBytes { parser.parse($0) }
///     pending.removeFirst(consumed)
///     switch event {
///     case .needMoreData: break parsing                  // read more
///     case .continueExpected: send("HTTP/1.1 100 Continue\r\n\r\n")
///     case .request(let request): respond(to: request)   // and stop reading if !request.keepAlive
///     case .failure(let error): refuse(error.status); break parsing  // then close
///     }
/// }
/// ```
///
/// The result does not depend on how the input is split. Anything ambiguous is refused rather than
/// guessed, with 400 unless said otherwise: bare LF, lone CR, obsolete line folding, whitespace before a
/// colon, control bytes in names or values, a second `Host`; two `Content-Length`s, `Content-Length` with
/// `Transfer-Encoding`, a `Transfer-Encoding` not ending in one `chunked` (other codings before it: 501);
/// HTTP versions other than 1.0 and 1.1 (505); methods outside the registry and `CONNECT` (501); a head
/// over `maxHeaderBytes` (431) and a body over `maxBodyBytes` (413). Complete lines are parsed straight
/// from the input; only a line cut by the end of an input is copied, into a buffer reused across requests.
public struct HTTPRequestParser: Sendable {
    public let limits: HTTPParserLimits

    private enum Phase {
        case requestLine
        case headerFields
        case fixedBody(remaining: Int)
        case chunkedBody
        case failed(HTTPParseError)
    }

    private var phase = Phase.requestLine
    private var requestLine = RequestLineScanner()
    private var headerFields = FieldSectionScanner()
    private var chunkedBody = ChunkedBodyDecoder()
    private var head = RequestHead()
    /// Bytes of the current head consumed so far, for `maxHeaderBytes`.
    private var headBytes = 0
    private var body: [UInt8] = []

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// Whether part of a request has been consumed but the request is not complete. A connection that
    /// ends while this is true was cut short (RFC 9112 §8); empty lines between requests do not count,
    /// and a failed parser has nothing in progress.
    public var hasPartialRequest: Bool {
        switch phase {
        case .requestLine: requestLine.hasStarted
        case .headerFields, .fixedBody, .chunkedBody: true
        case .failed: false
        }
    }

    /// Feeds bytes. Returns how many bytes of `input` were consumed and what happened. The parser keeps
    /// any partial state (copying the bytes it needs); the caller discards the consumed bytes and calls
    /// again with the rest. On `.needMoreData` everything was consumed; after `.request` or
    /// `.continueExpected` the rest of `input` (e.g. a pipelined request) is still the caller's; on
    /// `.failure` `consumed` counts the bytes before the offending one.
    public mutating func parse(_ input: UnsafeRawBufferPointer) -> (consumed: Int, event: HTTPParseEvent) {
        var index = 0
        while true {
            switch phase {
            case .failed(let error):
                return (0, .failure(error))

            case .requestLine:
                let (end, result) = requestLine.scan(input, from: index, to: headEnd(input, from: index))
                headBytes += end - index
                index = end
                switch result {
                case .needMore: return needMoreOrTooLarge(input, at: index)
                case .failure(let error): return fail(error, at: index)
                case .complete(let line):
                    head = RequestHead(line)
                    phase = .headerFields
                }

            case .headerFields:
                let (end, result) = headerFields.scan(input, from: index, to: headEnd(input, from: index), into: &head)
                headBytes += end - index
                index = end
                switch result {
                case .needMore: return needMoreOrTooLarge(input, at: index)
                case .failure(let error): return fail(error, at: index)
                case .complete:
                    if let event = headComplete() { return (index, event) }
                }

            case .fixedBody(let remaining):
                let available = input.count - index
                if body.isEmpty && available >= remaining {
                    body = Array(UnsafeRawBufferPointer(rebasing: input[index..<(index + remaining)]))
                    return (index + remaining, .request(takeRequest()))
                }
                if body.isEmpty { body.reserveCapacity(min(remaining, 64 * 1024)) }
                let n = min(remaining, available)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index..<(index + n)]))
                if n == remaining { return (index + n, .request(takeRequest())) }
                phase = .fixedBody(remaining: remaining - n)
                return (input.count, .needMoreData)

            case .chunkedBody:
                let (end, result) = chunkedBody.decode(input, from: index, into: &body, limits: limits)
                switch result {
                case .needMore: return (end, .needMoreData)
                case .failure(let error): return fail(error, at: end)
                case .complete: return (end, .request(takeRequest()))
                }
            }
        }
    }

    /// Where head scanning must stop in this input: its end, or where the head would pass the limit.
    private func headEnd(_ input: UnsafeRawBufferPointer, from index: Int) -> Int {
        min(input.count, index + max(0, limits.maxHeaderBytes - headBytes))
    }

    /// A scanner stopped short of the input's end only if the head budget ran out: 431.
    private mutating func needMoreOrTooLarge(_ input: UnsafeRawBufferPointer, at index: Int)
        -> (consumed: Int, event: HTTPParseEvent)
    {
        index < input.count ? fail(.headerTooLarge, at: index) : (index, .needMoreData)
    }

    /// Decides the framing once the empty line ends the head; returns the event to report now, if any.
    private mutating func headComplete() -> HTTPParseEvent? {
        switch head.framing.length(maxBodyBytes: limits.maxBodyBytes) {
        case .failure(let error):
            phase = .failed(error)
            return .failure(error)
        case .success(.empty):
            return .request(takeRequest())
        case .success(.fixed(let length)):
            phase = .fixedBody(remaining: length)
        case .success(.chunked):
            phase = .chunkedBody
        }
        return head.expectsContinue ? .continueExpected : nil
    }

    private mutating func takeRequest() -> HTTPRequest {
        let request = HTTPRequest(
            method: head.method, target: head.target, version: head.version, headers: head.headers, body: body)
        head = RequestHead()
        body = []
        headBytes = 0
        phase = .requestLine
        return request
    }

    private mutating func fail(_ error: HTTPParseError, at index: Int) -> (consumed: Int, event: HTTPParseEvent) {
        phase = .failed(error)
        return (index, .failure(error))
    }
}
