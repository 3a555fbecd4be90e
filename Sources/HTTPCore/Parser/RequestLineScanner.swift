/// The three parts of a request line, validated.
struct RequestLine {
    var method: String
    var target: String
    var version: HTTPVersion
}

/// Scans `method SP request-target SP HTTP-version CRLF` (RFC 9112 §3) byte by byte, resumable at any
/// byte, after skipping empty lines (CRLF) a client may send before it (RFC 9112 §2.2).
///
/// Syntax is checked as the bytes arrive, so garbage fails at the first bad byte rather than when a
/// line end finally shows up. Method and target become Strings only once the whole line is valid.
struct RequestLineScanner {
    private enum State {
        case idle, leadingLF, method, targetStart, target, version, lineFeed
    }

    enum Result {
        case needMore
        case failure(HTTPParseError)
        case complete(RequestLine)
    }

    private var state = State.idle
    private var line = LineBuffer()
    /// Offsets within the line of the space after the method and of the space after the target.
    private var methodEnd = 0
    private var targetEnd = 0
    /// Up to eight version bytes packed big-endian ("HTTP/1.1" is 0x48545450_2F312E31).
    private var versionBytes: UInt64 = 0
    private var versionLength = 0
    private var version = HTTPVersion.http11

    /// Whether bytes of a request line (not just empty lines) have been consumed.
    var hasStarted: Bool { state != .idle && state != .leadingLF }

    /// Scans `input[start..<end]`; returns where it stopped. On `.needMore` that is `end`; on
    /// `.failure` it is the offending byte; on `.complete` it is just past the line's LF.
    mutating func scan(_ input: UnsafeRawBufferPointer, from start: Int, to end: Int) -> (end: Int, result: Result) {
        var i = start
        var lineStart = start
        while i < end {
            switch state {
            case .idle:
                let byte = input[i]
                if ASCII.isTokenChar(byte) {
                    state = .method
                    lineStart = i
                } else if byte == ASCII.cr {
                    state = .leadingLF
                    i += 1
                } else {
                    return (i, .failure(byte == ASCII.lf ? .bareLF : .invalidMethod))
                }
            case .leadingLF:
                guard input[i] == ASCII.lf else { return (i, .failure(.loneCR)) }
                state = .idle
                i += 1
            case .method:
                while i < end, ASCII.isTokenChar(input[i]) { i += 1 }
                guard i < end else { break }
                guard input[i] == ASCII.space else { return (i, .failure(.invalidMethod)) }
                methodEnd = line.count + i - lineStart
                state = .targetStart
                i += 1
            case .targetStart:
                guard ASCII.isTargetChar(input[i]) else { return (i, .failure(.invalidTarget)) }
                state = .target
            case .target:
                while i < end, ASCII.isTargetChar(input[i]) { i += 1 }
                guard i < end else { break }
                switch input[i] {
                case ASCII.space:
                    targetEnd = line.count + i - lineStart
                    versionBytes = 0
                    versionLength = 0
                    state = .version
                    i += 1
                case ASCII.cr, ASCII.lf:
                    return (i, .failure(.missingVersion))
                default:
                    return (i, .failure(.invalidTarget))
                }
            case .version:
                let byte = input[i]
                if byte == ASCII.cr {
                    switch parsedVersion() {
                    case .success(let parsed): version = parsed
                    case .failure(let error): return (i, .failure(error))
                    }
                    state = .lineFeed
                } else if byte == ASCII.lf {
                    return (i, .failure(.bareLF))
                } else if versionLength == 8 {
                    return (i, .failure(.invalidVersion))
                } else {
                    versionBytes = versionBytes << 8 | UInt64(byte)
                    versionLength += 1
                }
                i += 1
            case .lineFeed:
                guard input[i] == ASCII.lf else { return (i, .failure(.loneCR)) }
                state = .idle
                return (i + 1, completeLine(input, from: lineStart, to: i + 1))
            }
        }
        if hasStarted { line.stash(input, from: lineStart, to: end) }
        return (end, .needMore)
    }

    /// `HTTP/1.0` and `HTTP/1.1` are served; any other well-formed `HTTP/d.d` gets 505, anything else 400.
    private func parsedVersion() -> Swift.Result<HTTPVersion, HTTPParseError> {
        let digit0 = UInt64(UInt8(ascii: "0"))
        let major = versionBytes >> 16 & 0xFF
        let dot = versionBytes >> 8 & 0xFF
        let minor = versionBytes & 0xFF
        guard versionLength == 8, versionBytes >> 24 == 0x48_54_54_50_2F, dot == UInt64(UInt8(ascii: ".")),
            major &- digit0 < 10, minor &- digit0 < 10
        else { return .failure(.invalidVersion) }
        guard major == digit0 + 1, minor <= digit0 + 1 else { return .failure(.versionNotSupported) }
        return .success(minor == digit0 ? .http10 : .http11)
    }

    private mutating func completeLine(_ input: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Result {
        let methodEnd = self.methodEnd
        let targetEnd = self.targetEnd
        let version = self.version
        return line.withLine(input, from: start, to: end) { bytes in
            guard let method = HTTPMethods.registered(UnsafeRawBufferPointer(rebasing: bytes[..<methodEnd])) else {
                return .failure(.unknownMethod)
            }
            if method == "CONNECT" { return .failure(.connectNotSupported) }
            let target = UnsafeRawBufferPointer(rebasing: bytes[(methodEnd + 1)..<targetEnd]).decodedString
            return .complete(RequestLine(method: method, target: target, version: version))
        }
    }
}

/// Request methods the parser recognises (RFC 9110 §9.1: a server answers 501 to a method it does not know).
///
/// The IANA HTTP Method Registry, minus `PRI` (only ever part of the HTTP/2 preface), plus the
/// unregistered methods deployed HTTP/1.1 software accepts (`PURGE`, `SOURCE`, UPnP's `M-SEARCH`,
/// `NOTIFY`, `SUBSCRIBE`, `UNSUBSCRIBE`). The common methods come first, since lookup is a linear scan.
enum HTTPMethods {
    static let all: [String] = [
        "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT", "QUERY",
        "ACL", "BASELINE-CONTROL", "BIND", "CHECKIN", "CHECKOUT", "COPY", "LABEL", "LINK", "LOCK", "MERGE",
        "MKACTIVITY", "MKCALENDAR", "MKCOL", "MKREDIRECTREF", "MKWORKSPACE", "MOVE", "ORDERPATCH",
        "PROPFIND", "PROPPATCH", "REBIND", "REPORT", "SEARCH", "UNBIND", "UNCHECKOUT", "UNLINK", "UNLOCK",
        "UPDATE", "UPDATEREDIRECTREF", "VERSION-CONTROL",
        "PURGE", "SOURCE", "M-SEARCH", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE",
    ]

    /// The canonical String for a method token (sharing the literal's storage), or nil if unknown.
    /// Methods are case-sensitive (RFC 9110 §9.1).
    static func registered(_ token: UnsafeRawBufferPointer) -> String? {
        all.first { $0.utf8.count == token.count && $0.utf8.elementsEqual(token) }
    }
}
