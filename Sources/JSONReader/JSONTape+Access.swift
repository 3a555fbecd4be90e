// Reading a parsed tape. The small readers are @inlinable: the ingest code calling them lives in another module and
// calls them per field per event, so they must inline into the caller rather than cost a call each time.

extension JSONTape {
    /// The node behind a `JSONNode`. Indices past `nodeCount` (from an earlier or failed parse, or from another
    /// tape) trap: every node below it was written by the current parse, so its byte range lies inside `bytes`, which
    /// is what lets the readers below skip bounds checks.
    @inlinable
    subscript(node: JSONNode) -> Node {
        precondition(node.index < nodeCount, "JSONNode does not belong to the current document")
        return nodes[node.index]
    }

    /// The top-level value of the last successfully parsed document.
    @inlinable
    public var root: JSONNode {
        precondition(nodeCount > 0, "JSONTape.root read before a successful parse")
        return JSONNode(0)
    }

    @inlinable
    public func kind(_ node: JSONNode) -> JSONKind {
        switch self[node].tag {
        case .object: .object
        case .array: .array
        case .string: .string
        case .number: .number
        case .true: .bool(true)
        case .false: .bool(false)
        case .null: .null
        }
    }

    /// Where the value's text lies in the parsed buffer: for a string, the raw contents between the quotes
    /// (escapes not decoded); for a container, from its opening bracket to just past its closing one.
    @inlinable
    public func byteRange(_ node: JSONNode) -> Range<Int> {
        self[node].range
    }

    @inlinable
    public func bool(_ node: JSONNode) -> Bool? {
        switch self[node].tag {
        case .true: true
        case .false: false
        default: nil
        }
    }

    @inlinable
    public func isNull(_ node: JSONNode) -> Bool {
        self[node].tag == .null
    }

    // MARK: - Containers

    /// The members of an object in document order, duplicates included; empty if `object` is not an object.
    @inlinable
    public func members(of object: JSONNode) -> Members {
        let node = self[object]
        let end = node.tag == .object ? Int(node.next) : object.index + 1
        return Members(nodes: nodes, index: object.index + 1, end: end)
    }

    /// The elements of an array in order; empty if `array` is not an array.
    @inlinable
    public func elements(of array: JSONNode) -> Elements {
        let node = self[array]
        let end = node.tag == .array ? Int(node.next) : array.index + 1
        return Elements(nodes: nodes, index: array.index + 1, end: end)
    }

    /// Number of members of an object or elements of an array (O(count): siblings are skipped, not descended);
    /// nil for other values.
    @inlinable
    public func count(of container: JSONNode) -> Int? {
        switch self[container].tag {
        case .object: members(of: container).reduce(0) { count, _ in count + 1 }
        case .array: elements(of: container).reduce(0) { count, _ in count + 1 }
        default: nil
        }
    }

    /// The value of the first member of `object` whose decoded key equals `name`, or nil (also when `object` is
    /// not an object). Keys are compared as bytes, so escaped keys match their decoded form (`"\u0061"` is `a`).
    @inlinable
    public func member(_ object: JSONNode, named name: StaticString) -> JSONNode? {
        name.withUTF8Buffer { member(object, utf8: $0) }
    }

    /// The value of the first member of `object` whose decoded key equals `name`; see the `StaticString` overload.
    /// Disfavoured so that literals pick the `StaticString` overload, whose length is a compile-time constant.
    @inlinable @_disfavoredOverload
    public func member(_ object: JSONNode, named name: String) -> JSONNode? {
        var name = name
        return name.withUTF8 { member(object, utf8: $0) }
    }

    /// The lookup loop, over raw pointers: the parser guarantees every index and byte range on the tape is valid.
    @inlinable
    func member(_ object: JSONNode, utf8 name: UnsafeBufferPointer<UInt8>) -> JSONNode? {
        let node = self[object]
        guard node.tag == .object else { return nil }
        return nodes.withUnsafeBufferPointer { nodes in
            bytes.withUnsafeBufferPointer { bytes in
                var index = object.index + 1
                let end = Int(node.next)
                while index < end {
                    let key = nodes[index]
                    if key.escaped {
                        if escapedStringEquals(key, name) { return JSONNode(index + 1) }
                    } else if Int(key.end &- key.start) == name.count
                        && JSONString.bytesEqual(bytes.baseAddress! + Int(key.start), name)
                    {
                        return JSONNode(index + 1)
                    }
                    index = Int(nodes[index + 1].next)
                }
                return nil
            }
        }
    }

    /// Iterates an object's members as (key, value) pairs without allocating.
    public struct Members: Sequence, IteratorProtocol, Sendable {
        @usableFromInline let nodes: [Node]
        @usableFromInline var index: Int
        @usableFromInline let end: Int

        @inlinable
        init(nodes: [Node], index: Int, end: Int) {
            self.nodes = nodes
            self.index = index
            self.end = end
        }

        @inlinable
        public mutating func next() -> (key: JSONNode, value: JSONNode)? {
            guard index < end else { return nil }
            let key = index
            index = Int(nodes[key + 1].next)
            return (JSONNode(key), JSONNode(key + 1))
        }
    }

    /// Iterates an array's elements without allocating.
    public struct Elements: Sequence, IteratorProtocol, Sendable {
        @usableFromInline let nodes: [Node]
        @usableFromInline var index: Int
        @usableFromInline let end: Int

        @inlinable
        init(nodes: [Node], index: Int, end: Int) {
            self.nodes = nodes
            self.index = index
            self.end = end
        }

        @inlinable
        public mutating func next() -> JSONNode? {
            guard index < end else { return nil }
            let element = index
            index = Int(nodes[element].next)
            return JSONNode(element)
        }
    }
}
