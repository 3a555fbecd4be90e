import Glibc

/// A failed system call: which one, and the `errno` it left, so logs say what the kernel said.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    public var call: String
    public var errno: Int32

    public var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// The result of a non-blocking call that may have had nothing to do.
enum IOResult<Value> {
    case done(Value)
    case wouldBlock
}

/// Runs a system call, retrying on `EINTR`, mapping `EAGAIN` to `.wouldBlock`, and throwing anything else.
@inline(__always)
func syscall<T: FixedWidthInteger>(_ name: String, _ body: () -> T) throws(SocketError) -> IOResult<T> {
    while true {
        let result = body()
        if result >= 0 { return .done(result) }
        let code = Glibc.errno
        if code == EINTR { continue }
        if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
        throw SocketError(call: name, errno: code)
    }
}

/// Runs a system call that must not block, retrying on `EINTR`.
@discardableResult
func syscallOrThrow<T: FixedWidthInteger>(_ name: String, _ body: () -> T) throws(SocketError) -> T {
    switch try syscall(name, body) {
    case .done(let value): return value
    case .wouldBlock: throw SocketError(call: name, errno: EAGAIN)
    }
}
