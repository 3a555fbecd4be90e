// Reading strings from a parsed tape without allocating, except `string(_:)`, which builds a `String`.

extension JSONTape {
    /// The decoded string, or nil if `node` is not a string. Allocates (unless the string fits inline in `String`);
    /// prefer `stringEquals`, `withUTF8` or `utf8Count` on the hot path.
    public func string(_ node: JSONNode) -> String? {
        withUTF8(node) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether `node` is a string whose decoded value equals `literal`, without allocating.
    @inlinable
    public func stringEquals(_ node: JSONNode, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { stringEquals(self[node], $0) }
    }

    /// Whether `node` is a string whose decoded value equals `value`, without allocating. Disfavoured so that
    /// literals pick the `StaticString` overload.
    @inlinable @_disfavoredOverload
    public func stringEquals(_ node: JSONNode, _ value: String) -> Bool {
        var value = value
        return value.withUTF8 { stringEquals(self[node], $0) }
    }

    /// Length in bytes of the decoded UTF-8 string, or nil if `node` is not a string.
    @inlinable
    public func utf8Count(_ node: JSONNode) -> Int? {
        let node = self[node]
        guard node.tag == .string else { return nil }
        guard node.escaped else { return Int(node.end &- node.start) }
        return withRawBytes(node) { JSONString.unescapedCount($0) }
    }

    /// Calls `body` with the decoded UTF-8 bytes of a string (valid UTF-8, possibly containing U+0000), or returns
    /// nil if `node` is not a string. Unescaped strings are passed in place; escaped ones are decoded into temporary
    /// storage (on the stack when small). The buffer is only valid during the call.
    @inlinable
    public func withUTF8<Result, Failure: Error>(
        _ node: JSONNode, _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        let node = self[node]
        guard node.tag == .string else { return nil }
        return try withRawBytes(node) { (raw) throws(Failure) in
            guard node.escaped else { return try body(raw) }
            return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: raw.count) { (scratch) throws(Failure) in
                let count = JSONString.unescape(raw, into: scratch)
                return try body(UnsafeBufferPointer(rebasing: scratch[..<count]))
            }
        }
    }

    /// Whether `node` is a string whose decoded bytes equal `utf8`.
    @inlinable
    func stringEquals(_ node: Node, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard node.tag == .string else { return false }
        if node.escaped { return escapedStringEquals(node, utf8) }
        guard Int(node.end &- node.start) == utf8.count else { return false }
        return bytes.withUnsafeBufferPointer { JSONString.bytesEqual($0.baseAddress! + Int(node.start), utf8) }
    }

    @usableFromInline
    func escapedStringEquals(_ node: Node, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        withRawBytes(node) { raw in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: raw.count) { scratch in
                let count = JSONString.unescape(raw, into: scratch)
                return count == utf8.count && JSONString.bytesEqual(scratch.baseAddress!, utf8)
            }
        }
    }

    /// Calls `body` with the node's raw bytes (for a string, between the quotes).
    @inlinable
    func withRawBytes<Result, Failure: Error>(
        _ node: Node, _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try bytes.withUnsafeBufferPointer { (buffer) throws(Failure) in
            try body(UnsafeBufferPointer(rebasing: buffer[Int(node.start)..<Int(node.end)]))
        }
    }
}

extension JSONString {
    /// Whether the `b.count` bytes at `a` equal `b`.
    @inlinable
    static func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let pb = b.baseAddress else { return true }
        var k = 0
        while b.count - k >= 8 {
            let wa = UnsafeRawPointer(a + k).loadUnaligned(as: UInt64.self)
            let wb = UnsafeRawPointer(pb + k).loadUnaligned(as: UInt64.self)
            guard wa == wb else { return false }
            k += 8
        }
        while k < b.count {
            guard a[k] == pb[k] else { return false }
            k += 1
        }
        return true
    }
}
