extension JSONTape {
    /// Parses `bytes` as exactly one JSON text (RFC 8259), optionally surrounded by whitespace.
    public mutating func parse(_ bytes: [UInt8]) throws(JSONError) {
        try parse(bytes, range: 0..<bytes.count)
    }

    /// Parses `bytes[range]` as exactly one JSON text, optionally surrounded by whitespace; NDJSON readers pass one
    /// line at a time (see ``lines(in:)``).
    ///
    /// The tape keeps a reference to `bytes` (no copy) and replaces its previous document. On error it is left
    /// empty, and the error's offset counts from `range.lowerBound`.
    ///
    /// Strict: no trailing commas, comments, single quotes, `NaN`/`Infinity`, leading zeros, `+1`, `.5` or `1.`,
    /// no raw control characters or invalid escapes in strings, no unpaired surrogates in `\u` escapes, only
    /// well-formed UTF-8, and no byte order mark (RFC 8259 §8.1 forbids sending one; Python's `json` rejects it too).
    public mutating func parse(_ bytes: [UInt8], range: Range<Int>) throws(JSONError) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "range is outside the buffer")
        nodeCount = 0
        if !bytes.withUnsafeBufferPointer({ $0.baseAddress == self.bytes.withUnsafeBufferPointer { $0.baseAddress } }) {
            self.bytes = bytes  // NDJSON lines of one body share a buffer: no retain and release per line
        }
        guard range.upperBound <= Int(UInt32.max) else {
            throw JSONError(reason: JSONErrorReason.tooLarge, offset: 0)
        }
        // Every node but the root owns at least two bytes (quotes, brackets, or a digit or literal and the comma,
        // colon or closing bracket before or after it), so a document of n bytes has at most n/2 + 1 nodes.
        let bound = range.count / 2 + 1
        while true {
            do throws(JSONError) {
                nodeCount = try Self.parse(bytes, range: range, maxDepth: maxDepth, into: &nodes)
                return
            } catch let error where error == TapeParser.outOfRoom {
                let capacity = min(bound, max(2 * nodes.count, 32))
                precondition(capacity > nodes.count, "node bound exceeded")
                nodes.append(contentsOf: repeatElement(Node.placeholder, count: capacity - nodes.count))
            }
        }
    }

    /// Parses into the existing node slots (whose count is the tape's capacity) and returns how many were used.
    private static func parse(
        _ bytes: [UInt8], range: Range<Int>, maxDepth: Int, into nodes: inout [Node]
    ) throws(JSONError) -> Int {
        try nodes.withUnsafeMutableBufferPointer { (slots) throws(JSONError) in
            try bytes.withUnsafeBufferPointer { (input) throws(JSONError) in
                guard let out = slots.baseAddress else { throw TapeParser.outOfRoom }
                guard let base = input.baseAddress else { throw JSONError(reason: JSONErrorReason.empty, offset: 0) }
                var parser = TapeParser(
                    p: base, start: range.lowerBound, end: range.upperBound, maxDepth: maxDepth,
                    out: out, capacity: slots.count)
                try parser.run()
                return parser.count
            }
        }
    }
}

/// The parser proper: one loop with an explicit container chain threaded through the tape, so neither deep input
/// nor long input can recurse, and nodes are written straight into preallocated slots.
struct TapeParser {
    let p: UnsafePointer<UInt8>
    let start: Int
    let end: Int
    let maxDepth: Int
    let out: UnsafeMutablePointer<Node>
    let capacity: Int
    var count = 0

    /// Thrown when the slots are full; `parse` grows them and starts again. Never escapes to callers.
    static let outOfRoom = JSONError(reason: "out of node slots", offset: -1)

    @inline(always)
    mutating func append(_ node: Node) throws(JSONError) {
        guard count < capacity else { throw Self.outOfRoom }
        out[count] = node
        count += 1
    }

    func fail(_ reason: String, at i: Int) -> JSONError {
        JSONError(reason: reason, offset: i - start)
    }

    mutating func run() throws(JSONError) {
        var i = start
        if end - start >= 3 && p[i] == 0xEF && p[i + 1] == 0xBB && p[i + 2] == 0xBF {
            throw fail(JSONErrorReason.byteOrderMark, at: i)
        }
        var depth = 0
        var open = 0  // innermost open container; meaningful only while depth > 0
        var inObject = false
        value: while true {
            i = skipWhitespace(i)
            guard i < end else {
                throw fail(count == 0 ? JSONErrorReason.empty : JSONErrorReason.unexpectedEnd, at: i)
            }
            let c = p[i]
            switch c {
            case UInt8(ascii: "\""):
                i = try scanString(at: i)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                i = try scanNumber(at: i)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < maxDepth else { throw fail(JSONErrorReason.tooDeep, at: i) }
                depth += 1
                let isObject = c == UInt8(ascii: "{")
                try append(Node(start: i, end: i, next: open, tag: isObject ? .object : .array))
                open = count - 1
                inObject = isObject
                i = skipWhitespace(i + 1)
                guard i < end else { throw fail(JSONErrorReason.unexpectedEnd, at: i) }
                let closing = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard p[i] == closing else {
                    if isObject { i = try scanKey(at: i) }
                    continue value
                }
                close(&open, &inObject, at: i)
                depth -= 1
                i += 1
            case UInt8(ascii: "t"):
                i = try scanLiteral(at: i, "true", .true)
            case UInt8(ascii: "f"):
                i = try scanLiteral(at: i, "false", .false)
            case UInt8(ascii: "n"):
                i = try scanLiteral(at: i, "null", .null)
            default:
                throw fail(JSONErrorReason.unexpectedByte, at: i)
            }
            // A value is complete: close containers until one continues with a comma.
            while depth > 0 {
                i = skipWhitespace(i)
                guard i < end else { throw fail(JSONErrorReason.unexpectedEnd, at: i) }
                let c = p[i]
                if c == UInt8(ascii: ",") {
                    i = skipWhitespace(i + 1)
                    if inObject {
                        if i < end && p[i] == UInt8(ascii: "}") {
                            throw fail(JSONErrorReason.trailingCommaInObject, at: i)
                        }
                        i = try scanKey(at: i)
                    } else if i < end && p[i] == UInt8(ascii: "]") {
                        throw fail(JSONErrorReason.trailingCommaInArray, at: i)
                    }
                    continue value
                }
                guard c == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    let reason =
                        inObject ? JSONErrorReason.expectedCommaOrBrace : JSONErrorReason.expectedCommaOrBracket
                    throw fail(reason, at: i)
                }
                close(&open, &inObject, at: i)
                depth -= 1
                i += 1
            }
            break
        }
        i = skipWhitespace(i)
        if i != end { throw fail(JSONErrorReason.trailingContent, at: i) }
    }

    /// Finishes the container at `open`, whose closing bracket is at `i`, and makes its parent the open one.
    @inline(always)
    func close(_ open: inout Int, _ inObject: inout Bool, at i: Int) {
        let parent = Int(out[open].next)
        out[open].end = UInt32(truncatingIfNeeded: i + 1)
        out[open].next = UInt32(truncatingIfNeeded: count)
        open = parent
        inObject = out[parent].tag == .object
    }

    @inline(always)
    func skipWhitespace(_ i: Int) -> Int {
        var i = i
        while i < end {
            switch p[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return i
            }
        }
        return i
    }

    /// Scans an object key and the colon after it; returns the index just past the colon.
    @inline(always)
    mutating func scanKey(at i: Int) throws(JSONError) -> Int {
        guard i < end else { throw fail(JSONErrorReason.unexpectedEnd, at: i) }
        guard p[i] == UInt8(ascii: "\"") else { throw fail(JSONErrorReason.expectedKey, at: i) }
        var j = try scanString(at: i)
        if j < end && p[j] == UInt8(ascii: ":") { return j + 1 }
        j = skipWhitespace(j)
        guard j < end, p[j] == UInt8(ascii: ":") else {
            throw fail(j < end ? JSONErrorReason.expectedColon : JSONErrorReason.unexpectedEnd, at: j)
        }
        return j + 1
    }

    /// Scans `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`; the value is decoded only on demand.
    @inline(always)
    mutating func scanNumber(at i: Int) throws(JSONError) -> Int {
        var j = i
        if p[j] == UInt8(ascii: "-") {
            j += 1
            guard j < end, isDigit(p[j]) else { throw fail(JSONErrorReason.expectedDigit, at: j) }
        }
        if p[j] == UInt8(ascii: "0") {
            j += 1
            if j < end && isDigit(p[j]) { throw fail(JSONErrorReason.leadingZero, at: j - 1) }
        } else {
            j = skipDigits(j)
        }
        if j < end && p[j] == UInt8(ascii: ".") {
            j += 1
            guard j < end, isDigit(p[j]) else { throw fail(JSONErrorReason.expectedFractionDigit, at: j) }
            j = skipDigits(j)
        }
        if j < end && p[j] | 0x20 == UInt8(ascii: "e") {
            j += 1
            if j < end && (p[j] == UInt8(ascii: "+") || p[j] == UInt8(ascii: "-")) { j += 1 }
            guard j < end, isDigit(p[j]) else { throw fail(JSONErrorReason.expectedExponentDigit, at: j) }
            j = skipDigits(j)
        }
        try append(Node(start: i, end: j, next: count + 1, tag: .number))
        return j
    }

    @inline(always)
    func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

    @inline(always)
    func skipDigits(_ i: Int) -> Int {
        var i = i
        while i < end && isDigit(p[i]) { i += 1 }
        return i
    }

    @inline(always)
    mutating func scanLiteral(at i: Int, _ literal: StaticString, _ tag: Tag) throws(JSONError) -> Int {
        let length = literal.utf8CodeUnitCount
        guard end - i >= length else { throw fail(JSONErrorReason.invalidLiteral, at: i) }
        let text = literal.utf8Start
        for k in 1..<length where p[i + k] != text[k] {
            throw fail(JSONErrorReason.invalidLiteral, at: i)
        }
        try append(Node(start: i, end: i + length, next: count + 1, tag: tag))
        return i + length
    }
}
