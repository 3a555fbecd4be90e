import Foundation
import Glibc

/// A blocking TCP client for tests: sends raw bytes and reads raw HTTP/1.1 responses, so a test sees
/// exactly what went over the wire (framing, `Connection` headers, closes).
public final class LoopbackConnection {
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private let fd: Int32
    private var buffered: [UInt8] = []

    public init(port: Int, host: String = "127.0.0.1") throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            close(fd)
            throw Failure(description: "connect to \(host):\(port) failed: errno \(errno)")
        }
    }

    deinit { close(fd) }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Shuts the write side, as a client does that has nothing more to send but waits for its answers.
    public func finishSending() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads one response (Content-Length framing; no body after HEAD when `bodyExpected` is false).
    /// Nil when the server closed the connection first.
    public func readResponse(timeout: Double = 5, bodyExpected: Bool = true) throws -> Response? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let response = try parseBuffered(bodyExpected: bodyExpected) { return response }
            guard try fill(until: deadline) else {
                if buffered.isEmpty { return nil }
                throw Failure(description: "connection closed inside a response: \(String(decoding: buffered, as: UTF8.self))")
            }
        }
    }

    /// Whether the server closes the connection (EOF) within `timeout` seconds, reading past any bytes.
    public func closedByPeer(within timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            do {
                if try !fill(until: deadline) { return true }
            } catch {
                return (error as? Failure)?.description.hasPrefix("reset") ?? false
            }
        }
    }

    /// Reads more bytes; false on EOF; throws on timeout.
    private func fill(until deadline: Date) throws -> Bool {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw Failure(description: "timed out waiting for the server") }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(remaining * 1000) + 1) > 0 else {
            throw Failure(description: "timed out waiting for the server")
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == ECONNRESET { throw Failure(description: "reset by peer") }
            throw Failure(description: "recv failed: errno \(errno)")
        }
        if count == 0 { return false }
        buffered.append(contentsOf: chunk[0..<count])
        return true
    }

    private func parseBuffered(bodyExpected: Bool) throws -> Response? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = buffered.indices.dropLast(3).first(where: { buffered[$0..<$0 + 4].elementsEqual(terminator) })
        else { return nil }
        let head = String(decoding: buffered[..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw Failure(description: "bad status line in \(head)")
        }
        let headers = lines.map { line -> (name: String, value: String) in
            let colon = line.firstIndex(of: ":") ?? line.endIndex
            return (String(line[..<colon]), line[colon...].dropFirst().trimmingCharacters(in: .whitespaces))
        }
        let length = status == 100 || !bodyExpected ? 0 : Int(headers.first { $0.name.lowercased() == "content-length" }?.value ?? "0") ?? 0
        let bodyStart = headEnd + 4
        guard buffered.count >= bodyStart + length else { return nil }
        let body = Array(buffered[bodyStart..<bodyStart + length])
        buffered.removeFirst(bodyStart + length)
        return Response(status: status, headers: headers, body: body)
    }
}
