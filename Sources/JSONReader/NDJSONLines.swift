/// One non-blank line of an NDJSON body.
public struct NDJSONLine: Sendable, Hashable {
    /// 1-based line number in the body, blank lines included, so an error can say "line 3" and match an editor.
    public var number: Int
    /// The line's bytes in the buffer, without its LF or CRLF terminator; pass it to `JSONTape.parse(_:range:)`.
    public var range: Range<Int>
}

/// The non-blank lines of an NDJSON (newline-delimited JSON, `application/x-ndjson`) buffer.
///
/// Each line must be one JSON text, so splitting comes before parsing: a value can never span lines, and a bad line
/// can be reported on its own while its neighbours are still accepted. Lines end with LF or CRLF; the last one
/// needs no terminator. Lines holding only spaces, tabs and CRs are skipped.
public struct NDJSONLines: Sequence, IteratorProtocol, Sendable {
    let bytes: [UInt8]
    var position = 0
    var lineNumber = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public mutating func next() -> NDJSONLine? {
        bytes.withUnsafeBufferPointer { buffer in
            while position < buffer.count {
                let start = position
                let newline = Self.firstNewline(in: buffer, from: start)
                position = newline + 1
                lineNumber += 1
                var end = newline
                if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                if !Self.isBlank(buffer, start..<end) {
                    return NDJSONLine(number: lineNumber, range: start..<end)
                }
            }
            return nil
        }
    }

    /// Index of the first LF at or after `start`, or `buffer.count`; scans 8 bytes at a time.
    static func firstNewline(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        let ones: UInt64 = 0x0101_0101_0101_0101
        var i = start
        while buffer.count - i >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) ^ (ones &* 0x0A)
            // Exact for the lowest zero byte, which is the only one used.
            let zeros = (word &- ones) & ~word & (ones &* 0x80)
            if zeros != 0 { return i + zeros.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < buffer.count && base[i] != UInt8(ascii: "\n") { i += 1 }
        return i
    }

    static func isBlank(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        buffer[range].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

extension JSONTape {
    /// The non-blank lines of an NDJSON body, to be parsed one at a time:
    ///
    /// ```swift
    /// for line in JSONTape.lines(in: body) {
    ///     do { try tape.parse(body, range: line.range) } catch { reject(line: line.number, error) }
    /// }
    /// ```
    public static func lines(in bytes: [UInt8]) -> NDJSONLines {
        NDJSONLines(bytes: bytes)
    }
}
