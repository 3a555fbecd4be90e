/// Receives each complete, syntactically valid field line of a section; returns an error to stop parsing.
protocol FieldSink {
    /// `name` is a non-empty token; `value` has its surrounding whitespace (OWS) removed.
    mutating func field(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> HTTPParseError?
}

/// Scans `field-name ":" OWS field-value OWS CRLF` lines up to the empty line that ends a header or
/// trailer section (RFC 9112 §5), byte by byte and resumable at any byte.
///
/// Strict on purpose: no obsolete line folding, no whitespace before the colon, no bare LF or lone CR,
/// no control characters but HTAB in values (0x80–0xFF are allowed). Each line reaches the sink once,
/// straight from the input when it lies wholly inside it.
struct FieldSectionScanner {
    private enum State {
        case lineStart, name, value, lineFeed, sectionEndLineFeed
    }

    enum Result {
        case needMore
        case failure(HTTPParseError)
        case complete
    }

    private var state = State.lineStart
    private var line = LineBuffer()
    /// Offsets within the current line of the colon and of the CR.
    private var colon = 0
    private var valueEnd = 0

    /// Scans `input[start..<end]`; returns where it stopped. On `.needMore` that is `end`; on
    /// `.failure` it is the offending byte; on `.complete` it is just past the empty line.
    mutating func scan<Sink: FieldSink>(
        _ input: UnsafeRawBufferPointer, from start: Int, to end: Int, into sink: inout Sink
    ) -> (end: Int, result: Result) {
        var i = start
        var lineStart = start
        while i < end {
            switch state {
            case .lineStart:
                let byte = input[i]
                if ASCII.isTokenChar(byte) {
                    state = .name
                    lineStart = i
                } else if byte == ASCII.cr {
                    state = .sectionEndLineFeed
                    i += 1
                } else if ASCII.isWhitespace(byte) {
                    return (i, .failure(.obsFold))
                } else {
                    return (i, .failure(byte == ASCII.lf ? .bareLF : .invalidHeaderName))
                }
            case .name:
                while i < end, ASCII.isTokenChar(input[i]) { i += 1 }
                guard i < end else { break }
                let byte = input[i]
                guard byte == ASCII.colon else {
                    return (i, .failure(ASCII.isWhitespace(byte) ? .whitespaceBeforeColon : .invalidHeaderName))
                }
                colon = line.count + i - lineStart
                state = .value
                i += 1
            case .value:
                while i < end, ASCII.isFieldValueChar(input[i]) { i += 1 }
                guard i < end else { break }
                switch input[i] {
                case ASCII.cr:
                    valueEnd = line.count + i - lineStart
                    state = .lineFeed
                    i += 1
                case ASCII.lf:
                    return (i, .failure(.bareLF))
                default:
                    return (i, .failure(.invalidHeaderValue))
                }
            case .lineFeed:
                guard input[i] == ASCII.lf else { return (i, .failure(.loneCR)) }
                state = .lineStart
                if let error = deliverLine(input, from: lineStart, to: i + 1, into: &sink) {
                    return (i, .failure(error))
                }
                i += 1
            case .sectionEndLineFeed:
                guard input[i] == ASCII.lf else { return (i, .failure(.loneCR)) }
                state = .lineStart
                return (i + 1, .complete)
            }
        }
        if state != .lineStart && state != .sectionEndLineFeed {
            line.stash(input, from: lineStart, to: end)
        }
        return (end, .needMore)
    }

    private mutating func deliverLine<Sink: FieldSink>(
        _ input: UnsafeRawBufferPointer, from start: Int, to end: Int, into sink: inout Sink
    ) -> HTTPParseError? {
        let colon = self.colon
        let valueEnd = self.valueEnd
        return line.withLine(input, from: start, to: end) { bytes in
            sink.field(
                name: UnsafeRawBufferPointer(rebasing: bytes[..<colon]),
                value: UnsafeRawBufferPointer(rebasing: bytes[(colon + 1)..<valueEnd]).trimmingWhitespace())
        }
    }
}
