/// A set of label pairs, kept sorted by name, as Prometheus identifies a series: two label sets
/// with the same pairs are equal whatever order they were written in.
public struct Labels: Sendable, Hashable, Sequence, CustomStringConvertible {
    public struct Label: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Sorted by name, names unique, no empty values (an empty value means "no such label").
    public private(set) var pairs: [Label]

    public init() {
        pairs = []
    }

    /// Builds a set from pairs in any order; later pairs win over earlier ones with the same name,
    /// and pairs with empty values are dropped.
    public init(_ pairs: [(String, String)]) {
        var byName: [String: String] = [:]
        for (name, value) in pairs { byName[name] = value }
        self.pairs = byName.filter { !$0.value.isEmpty }.map { Label($0.key, $0.value) }.sorted { $0.name < $1.name }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The metric name, `__name__`.
    public var metricName: String? { self["__name__"] }

    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    public var count: Int { pairs.count }
    public var isEmpty: Bool { pairs.isEmpty }

    public func makeIterator() -> IndexingIterator<[Label]> {
        pairs.makeIterator()
    }

    /// A copy with `name` set to `value` (removed when `value` is empty).
    public func setting(_ name: String, to value: String) -> Labels {
        var copy = self
        copy.pairs.removeAll { $0.name == name }
        if !value.isEmpty {
            let index = copy.pairs.firstIndex { $0.name > name } ?? copy.pairs.count
            copy.pairs.insert(Label(name, value), at: index)
        }
        return copy
    }

    /// A copy without the named labels.
    public func removing(_ names: Set<String>) -> Labels {
        var copy = self
        copy.pairs.removeAll { names.contains($0.name) }
        return copy
    }

    /// A copy with only the named labels.
    public func keeping(_ names: Set<String>) -> Labels {
        var copy = self
        copy.pairs.removeAll { !names.contains($0.name) }
        return copy
    }

    /// `{a="1", b="2"}`, with `__name__` in front as `name{…}` the way Prometheus prints series.
    public var description: String {
        let rest = pairs.filter { $0.name != "__name__" }
            .map { "\($0.name)=\"\(ExpositionEscaping.escapedLabelValue($0.value))\"" }
            .joined(separator: ", ")
        return (metricName ?? "") + "{" + rest + "}"
    }
}

extension Labels: ExpressibleByDictionaryLiteral {}

extension Labels: Comparable {
    /// Prometheus's `labels.Compare`: pair by pair, name first then value; a prefix sorts first.
    /// Cheap (no string building), so results of thousands of series sort quickly.
    public static func < (lhs: Labels, rhs: Labels) -> Bool {
        for (left, right) in zip(lhs.pairs, rhs.pairs) {
            if left.name != right.name { return left.name < right.name }
            if left.value != right.value { return left.value < right.value }
        }
        return lhs.pairs.count < rhs.pairs.count
    }
}
