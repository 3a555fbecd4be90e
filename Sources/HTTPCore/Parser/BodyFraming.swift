/// How long the body of a request is (RFC 9112 §6.3), worked out field by field so that ambiguous
/// framing, the root of request smuggling, fails as soon as the second framing field arrives.
///
/// Rules: `Content-Length` and `Transfer-Encoding` together → 400; more than one `Content-Length`
/// (even with equal values) → 400; a `Content-Length` that is not 1*DIGIT or overflows → 400;
/// `Transfer-Encoding` must list `chunked` exactly once and last (across all its field lines) → else 400;
/// other codings before the final `chunked` (`gzip, chunked`) are well-formed but not implemented → 501
/// (RFC 9112 §6.1), so a handler never sees a body that is still compressed; `Transfer-Encoding` in an
/// HTTP/1.0 request → 400 (RFC 9112 §6.1 says such framing is faulty).
struct BodyFraming {
    enum Length {
        case empty
        case fixed(Int)
        case chunked
    }

    private var contentLength: Int?
    private var hasTransferEncoding = false
    private var chunkedCount = 0
    private var hasOtherCoding = false

    mutating func addContentLength(_ value: UnsafeRawBufferPointer) -> HTTPParseError? {
        if contentLength != nil { return .duplicateContentLength }
        if hasTransferEncoding { return .contentLengthWithTransferEncoding }
        guard !value.isEmpty else { return .invalidContentLength }
        var length = 0
        for byte in value {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return .invalidContentLength }
            let (times10, overflow1) = length.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(digit))
            guard !overflow1, !overflow2 else { return .invalidContentLength }
            length = sum
        }
        contentLength = length
        return nil
    }

    mutating func addTransferEncoding(_ value: UnsafeRawBufferPointer, version: HTTPVersion) -> HTTPParseError? {
        if version == .http10 { return .transferEncodingInHTTP10 }
        if contentLength != nil { return .contentLengthWithTransferEncoding }
        hasTransferEncoding = true
        var elementStart = value.startIndex
        while elementStart <= value.endIndex {
            var elementEnd = elementStart
            while elementEnd < value.endIndex, value[elementEnd] != ASCII.comma { elementEnd += 1 }
            let element = UnsafeRawBufferPointer(rebasing: value[elementStart..<elementEnd]).trimmingWhitespace()
            // Empty list elements are allowed and ignored (RFC 9110 §5.6.1.2).
            if !element.isEmpty, let error = addCoding(element) { return error }
            elementStart = elementEnd + 1
        }
        return nil
    }

    /// One `transfer-coding = token *( OWS ";" OWS transfer-parameter )`.
    private mutating func addCoding(_ element: UnsafeRawBufferPointer) -> HTTPParseError? {
        // Nothing may follow `chunked`: it must be the final coding, and applied only once.
        if chunkedCount > 0 { return .invalidTransferEncoding }
        var nameEnd = element.startIndex
        while nameEnd < element.endIndex, ASCII.isTokenChar(element[nameEnd]) { nameEnd += 1 }
        let name = UnsafeRawBufferPointer(rebasing: element[..<nameEnd])
        let rest = UnsafeRawBufferPointer(rebasing: element[nameEnd...]).trimmingWhitespace()
        guard !name.isEmpty, rest.isEmpty || rest[rest.startIndex] == ASCII.semicolon else {
            return .invalidTransferEncoding
        }
        if name.equalsIgnoringCase("chunked") {
            guard rest.isEmpty else { return .invalidTransferEncoding }
            chunkedCount += 1
        } else {
            hasOtherCoding = true
        }
        return nil
    }

    /// The framing once the whole head is in; a declared length over `maxBodyBytes` fails here, before
    /// any body byte is read.
    func length(maxBodyBytes: Int) -> Result<Length, HTTPParseError> {
        if hasTransferEncoding {
            guard chunkedCount == 1 else { return .failure(.invalidTransferEncoding) }
            return hasOtherCoding ? .failure(.unsupportedTransferCoding) : .success(.chunked)
        }
        guard let contentLength, contentLength > 0 else { return .success(.empty) }
        return contentLength > maxBodyBytes ? .failure(.contentTooLarge) : .success(.fixed(contentLength))
    }
}
