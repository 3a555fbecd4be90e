extension HTTPResponse {
    /// Appends the wire form of this response: status line, the handler's headers, then the framing
    /// headers the server owns. `includeBody` is false for answers to HEAD (the length stays that of GET).
    public func encode(into buffer: inout [UInt8], keepAlive: Bool, date: String, includeBody: Bool = true) {
        buffer.append(contentsOf: Self.statusLine(status))
        for field in headers {
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(contentsOf: Self.colonSpace)
            buffer.append(contentsOf: field.value.utf8)
            buffer.append(contentsOf: Self.crlf)
        }
        buffer.append(contentsOf: Self.contentLengthPrefix)
        Self.appendDecimal(body.count, to: &buffer)
        buffer.append(contentsOf: Self.crlf)
        buffer.append(contentsOf: Self.datePrefix)
        buffer.append(contentsOf: date.utf8)
        buffer.append(contentsOf: Self.crlf)
        buffer.append(contentsOf: keepAlive ? Self.keepAliveHeader : Self.closeHeader)
        buffer.append(contentsOf: Self.crlf)
        if includeBody { buffer.append(contentsOf: body) }
    }

    private static let crlf: [UInt8] = Array("\r\n".utf8)
    private static let colonSpace: [UInt8] = Array(": ".utf8)
    private static let contentLengthPrefix: [UInt8] = Array("Content-Length: ".utf8)
    private static let datePrefix: [UInt8] = Array("Date: ".utf8)
    private static let keepAliveHeader: [UInt8] = Array("Connection: keep-alive\r\n".utf8)
    private static let closeHeader: [UInt8] = Array("Connection: close\r\n".utf8)
    private static let commonStatusLines: [Int: [UInt8]] = Dictionary(
        uniqueKeysWithValues: [100, 200, 202, 204, 400, 404, 405, 408, 411, 413, 415, 422, 429, 431, 500, 501, 503, 505]
            .map { ($0, renderStatusLine(HTTPStatus($0))) }
    )

    private static func statusLine(_ status: HTTPStatus) -> [UInt8] {
        commonStatusLines[status.code] ?? renderStatusLine(status)
    }

    private static func renderStatusLine(_ status: HTTPStatus) -> [UInt8] {
        Array("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n".utf8)
    }

    private static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        if value < 10 {
            buffer.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var n = value, count = 0
            while n > 0 {
                digits[count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(digits[i]) }
        }
    }
}

/// The bytes of an interim `100 Continue` answer to `Expect: 100-continue`.
public let continueResponseBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
