/// One parsed JSON text, stored as a flat array of nodes in document order (a "tape", as in simdjson).
///
/// The ingest hot path parses about a million small events per second, so a tree of enums and dictionaries is
/// out: the tape keeps a reference to the input bytes and records, per value, its kind and byte range. Containers
/// also record the index just past their last descendant, so skipping a value is O(1). Strings, numbers and keys
/// are decoded only when asked for. `parse` reuses the node storage, so a tape kept per worker allocates nothing
/// per document once its capacity has grown to fit.
///
/// Object members are stored as a key node (always a string) followed by the value's nodes. Duplicate keys are
/// kept (RFC 8259 §4 only says they SHOULD be unique); `member(_:named:)` returns the first.
///
/// ```swift
/// var tape = JSONTape()
/// try tape.parse(body)
/// guard let props = tape.member(tape.root, named: "properties") else { ... }
/// let latency = tape.member(props, named: "delivery_latency_ms").flatMap(tape.int64)
/// ```
public struct JSONTape: Sendable {
    /// The buffer the nodes point into; arrays are copy-on-write, so this retains the caller's storage.
    @usableFromInline var bytes: [UInt8]
    /// Node slots; the first `nodeCount` belong to the current document, the rest are capacity kept for reuse.
    @usableFromInline var nodes: [Node]
    /// Number of nodes in the last parsed document (0 after a failed parse): one per value and one per object key.
    public internal(set) var nodeCount: Int
    /// Deepest nesting of arrays and objects that `parse` accepts; deeper input is an error, never a stack overflow
    /// (the parser does not recurse anyway).
    public let maxDepth: Int

    /// - Parameters:
    ///   - maxDepth: the nesting limit; `[[1]]` has depth 2.
    ///   - capacity: node slots to allocate up front (a 200-byte event needs about 20); they grow as needed.
    public init(maxDepth: Int = 64, capacity: Int = 64) {
        precondition(maxDepth > 0, "maxDepth must be positive")
        self.bytes = []
        self.nodes = Array(repeating: .placeholder, count: max(capacity, 1))
        self.nodeCount = 0
        self.maxDepth = maxDepth
    }
}

/// A value in a ``JSONTape``: an index that is only meaningful for the tape (and parse) that produced it.
public struct JSONNode: Sendable, Hashable {
    @usableFromInline let index: Int

    @inlinable init(_ index: Int) { self.index = index }
}

/// What a node holds; `true` and `false` are told apart here so a check needs no second lookup.
public enum JSONKind: Sendable, Hashable {
    case object
    case array
    case string
    case number
    case bool(Bool)
    case null
}

/// Node kinds as stored on the tape.
@usableFromInline
enum Tag: UInt8, Sendable {
    case object, array, string, number, `true`, `false`, null
}

/// One tape entry: 16 bytes.
///
/// Offsets index `JSONTape.bytes` (not the parsed range), which is why documents are limited to 4 GiB. A string's
/// range excludes the quotes; a number's and a literal's cover their text; a container's runs from its opening
/// bracket to just past its closing one.
@usableFromInline
struct Node: Sendable {
    @usableFromInline var start: UInt32
    @usableFromInline var end: UInt32
    /// Index of the node after this value and all its descendants. While a container is still open, the parser
    /// keeps the index of the enclosing open container here instead, which spares it a separate stack.
    @usableFromInline var next: UInt32
    @usableFromInline var tag: Tag
    /// For strings: the raw text contains at least one backslash escape, so it differs from the decoded value.
    @usableFromInline var escaped: Bool

    @inlinable
    init(start: Int, end: Int, next: Int, tag: Tag, escaped: Bool = false) {
        self.start = UInt32(truncatingIfNeeded: start)
        self.end = UInt32(truncatingIfNeeded: end)
        self.next = UInt32(truncatingIfNeeded: next)
        self.tag = tag
        self.escaped = escaped
    }

    @inlinable var range: Range<Int> { Int(start)..<Int(end) }

    static let placeholder = Node(start: 0, end: 0, next: 0, tag: .null)
}
