/// Why a request was refused, with the status the server should answer before closing the connection.
///
/// `code` is stable and machine-readable (it goes into the JSON error body and into metrics labels);
/// `reason` is for humans and may change.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPStatus
    public var code: String
    public var reason: String

    public init(status: HTTPStatus, code: String, reason: String) {
        self.status = status
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(status.code) \(code): \(reason)" }
}

extension HTTPParseError {
    // MARK: Line structure (RFC 9112 §2.2)

    static let bareLF = bad("bare_lf", "line terminated by LF without CR")
    static let loneCR = bad("lone_cr", "CR not followed by LF")
    static let obsFold = bad("obs_fold", "line starts with whitespace (obsolete line folding)")

    // MARK: Request line (RFC 9112 §3)

    static let invalidMethod = bad("invalid_method", "method is not a token followed by a single space")
    static let invalidTarget = bad(
        "invalid_target", "request-target is empty or contains spaces, controls or non-ASCII bytes")
    static let missingVersion = bad("missing_version", "request line has no HTTP version (HTTP/0.9 is not supported)")
    static let invalidVersion = bad("invalid_version", "protocol is not HTTP/x.y")
    static let versionNotSupported = HTTPParseError(
        status: .versionNotSupported, code: "version_not_supported", reason: "only HTTP/1.0 and HTTP/1.1 are supported")
    static let unknownMethod = HTTPParseError(
        status: .notImplemented, code: "unknown_method", reason: "method is not a registered HTTP method")
    static let connectNotSupported = HTTPParseError(
        status: .notImplemented, code: "connect_not_supported", reason: "CONNECT tunnels are not supported")

    // MARK: Header and trailer fields (RFC 9112 §5)

    static let invalidHeaderName = bad("invalid_header_name", "field name is empty or contains a non-token byte")
    static let whitespaceBeforeColon = bad("whitespace_before_colon", "whitespace between field name and colon")
    static let invalidHeaderValue = bad("invalid_header_value", "field value contains a control character")
    static let duplicateHost = bad("duplicate_host", "more than one Host field")
    static let headerTooLarge = HTTPParseError(
        status: .headerFieldsTooLarge, code: "header_too_large", reason: "request head exceeds the size limit")
    static let trailersTooLarge = HTTPParseError(
        status: .headerFieldsTooLarge, code: "trailers_too_large", reason: "trailer section exceeds the size limit")

    // MARK: Message body length (RFC 9112 §6)

    static let invalidContentLength = bad("invalid_content_length", "Content-Length is not a non-negative decimal number")
    static let duplicateContentLength = bad("duplicate_content_length", "more than one Content-Length")
    static let contentLengthWithTransferEncoding = bad(
        "content_length_with_transfer_encoding", "both Content-Length and Transfer-Encoding are present")
    static let invalidTransferEncoding = bad(
        "invalid_transfer_encoding", "Transfer-Encoding must end with a single chunked coding")
    static let transferEncodingInHTTP10 = bad("transfer_encoding_http10", "Transfer-Encoding in an HTTP/1.0 request")
    static let unsupportedTransferCoding = HTTPParseError(
        status: .notImplemented, code: "unsupported_transfer_coding",
        reason: "only the chunked transfer coding is supported")
    static let contentTooLarge = HTTPParseError(
        status: .contentTooLarge, code: "content_too_large", reason: "request body exceeds the size limit")

    // MARK: Chunked transfer coding (RFC 9112 §7.1)

    static let invalidChunkSize = bad("invalid_chunk_size", "chunk size is not a hexadecimal number")
    static let invalidChunkExtension = bad("invalid_chunk_extension", "malformed chunk extension")
    static let chunkExtensionsTooLarge = bad("chunk_extensions_too_large", "chunk extensions exceed the size limit")
    static let missingChunkTerminator = bad("missing_chunk_terminator", "chunk data not followed by CRLF")

    private static func bad(_ code: String, _ reason: String) -> HTTPParseError {
        HTTPParseError(status: .badRequest, code: code, reason: reason)
    }
}
