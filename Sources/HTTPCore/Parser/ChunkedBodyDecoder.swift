/// Decodes a chunked body (RFC 9112 §7.1) straight into the request body, byte-exact and resumable at
/// any byte.
///
/// Grammar enforced: `chunk-size [ chunk-ext ] CRLF chunk-data CRLF`, ended by `0 [ chunk-ext ] CRLF`,
/// trailer fields and CRLF. The size is 1–16 hex digits; extensions are
/// `*( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] )` and are validated, then dropped,
/// as are trailers. Limits: the decoded body never exceeds `maxBodyBytes` (413 as soon as a chunk-size
/// line announces more), and extensions and trailers each get `maxHeaderBytes` in total.
struct ChunkedBodyDecoder {
    private enum State: Equatable {
        case sizeStart, size
        case extensionNameStart, extensionName, extensionValueStart, extensionToken
        case quotedString, quotedPair, afterQuotedString
        /// BWS seen after a size, name or value; only `;` (or `=` after a name) may follow.
        case whitespace(afterName: Bool)
        case sizeLineFeed
        case data
        case dataCR, dataLF
        case trailers
    }

    enum Result {
        case needMore
        case failure(HTTPParseError)
        case complete
    }

    private var state = State.sizeStart
    /// The size being read (at most 16 hex digits), then the bytes of the current chunk still to come.
    private var chunkSize: UInt64 = 0
    private var sizeDigits = 0
    private var extensionBytes = 0
    private var trailerBytes = 0
    private var trailers = FieldSectionScanner()

    /// Decodes from `input[start...]`, appending data to `body`. Returns where it stopped: the end of
    /// input on `.needMore`, the offending byte on `.failure`, just past the final CRLF on `.complete`
    /// (the decoder is then ready for the next body).
    mutating func decode(
        _ input: UnsafeRawBufferPointer, from start: Int, into body: inout [UInt8], limits: HTTPParserLimits
    ) -> (end: Int, result: Result) {
        var i = start
        while i < input.count {
            switch state {
            case .data:
                let n = min(Int(chunkSize), input.count - i)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[i..<(i + n)]))
                chunkSize -= UInt64(n)
                i += n
                if chunkSize == 0 { state = .dataCR }
            case .trailers:
                let budgetEnd = min(input.count, i + max(0, limits.maxHeaderBytes - trailerBytes))
                var discarded = DiscardedTrailers()
                let (end, result) = trailers.scan(input, from: i, to: budgetEnd, into: &discarded)
                trailerBytes += end - i
                switch result {
                case .needMore:
                    return end < input.count ? (end, .failure(.trailersTooLarge)) : (end, .needMore)
                case .failure(let error):
                    return (end, .failure(error))
                case .complete:
                    self = ChunkedBodyDecoder(reusing: trailers)
                    return (end, .complete)
                }
            default:
                if let error = step(input[i], bodyCount: body.count, limits: limits) { return (i, .failure(error)) }
                i += 1
            }
        }
        return (i, .needMore)
    }

    private init(reusing trailers: FieldSectionScanner) {
        self.trailers = trailers
    }

    init() {}

    /// One byte of a chunk-size line or of the CRLF after chunk data.
    private mutating func step(_ byte: UInt8, bodyCount: Int, limits: HTTPParserLimits) -> HTTPParseError? {
        switch state {
        case .sizeStart, .size:
            if let digit = ASCII.hexValue(byte) {
                sizeDigits += 1
                guard sizeDigits <= 16 else { return .invalidChunkSize }
                chunkSize = chunkSize << 4 | UInt64(digit)
                state = .size
                return nil
            }
            guard state == .size else { return .invalidChunkSize }
            switch byte {
            case ASCII.cr: state = .sizeLineFeed
            case ASCII.semicolon: state = .extensionNameStart
            case ASCII.space, ASCII.tab: state = .whitespace(afterName: false)
            default: return .invalidChunkSize
            }
            // Over the limit is 413, like a large Content-Length; a size that does not fit 64 bits is 400.
            guard chunkSize <= UInt64(max(0, limits.maxBodyBytes - bodyCount)) else { return .contentTooLarge }
            return countExtensionByte(limits)
        case .sizeLineFeed:
            guard byte == ASCII.lf else { return .loneCR }
            sizeDigits = 0
            state = chunkSize == 0 ? .trailers : .data
            return nil
        case .dataCR:
            guard byte == ASCII.cr else { return .missingChunkTerminator }
            state = .dataLF
            return nil
        case .dataLF:
            guard byte == ASCII.lf else { return .missingChunkTerminator }
            state = .sizeStart
            return nil
        default:
            guard let next = extensionState(after: byte) else { return .invalidChunkExtension }
            state = next
            return countExtensionByte(limits)
        }
    }

    /// The chunk-extension grammar; nil for a byte it does not allow.
    private func extensionState(after byte: UInt8) -> State? {
        let isToken = ASCII.isTokenChar(byte)
        let isWhitespace = ASCII.isWhitespace(byte)
        switch state {
        case .extensionNameStart:
            return isToken ? .extensionName : isWhitespace ? .extensionNameStart : nil
        case .extensionName:
            if isToken { return .extensionName }
            if byte == ASCII.equals { return .extensionValueStart }
            return isWhitespace ? .whitespace(afterName: true) : afterItem(byte)
        case .extensionValueStart:
            if byte == ASCII.quote { return .quotedString }
            return isToken ? .extensionToken : isWhitespace ? .extensionValueStart : nil
        case .extensionToken:
            if isToken { return .extensionToken }
            return isWhitespace ? .whitespace(afterName: false) : afterItem(byte)
        case .quotedString:
            if byte == ASCII.quote { return .afterQuotedString }
            if byte == ASCII.backslash { return .quotedPair }
            return ASCII.isQuotedText(byte) ? .quotedString : nil
        case .quotedPair:
            return ASCII.isFieldValueChar(byte) ? .quotedString : nil
        case .afterQuotedString:
            return isWhitespace ? .whitespace(afterName: false) : afterItem(byte)
        case .whitespace(let afterName):
            if isWhitespace { return state }
            if afterName, byte == ASCII.equals { return .extensionValueStart }
            // The grammar has no whitespace right before the CRLF.
            return byte == ASCII.semicolon ? .extensionNameStart : nil
        default:
            return nil
        }
    }

    /// What may directly follow a complete extension name or value: the next extension or the line end.
    private func afterItem(_ byte: UInt8) -> State? {
        switch byte {
        case ASCII.semicolon: .extensionNameStart
        case ASCII.cr: .sizeLineFeed
        default: nil
        }
    }

    private mutating func countExtensionByte(_ limits: HTTPParserLimits) -> HTTPParseError? {
        if state == .sizeLineFeed { return nil }
        extensionBytes += 1
        return extensionBytes > limits.maxHeaderBytes ? .chunkExtensionsTooLarge : nil
    }
}
