internal import PrometheusModel
internal import Yams

/// Typed reads of YAML nodes with yaml.v3's strictness (`KnownFields(true)`): unknown keys and values
/// of the wrong kind are errors, reported at the node, and decoding goes on to find the next one.
struct YAMLFields {
    var diagnostics: Diagnostics

    /// The value node of each known key in `node`, a mapping decoded as Go type `typeName`.
    /// A null node is an empty mapping, as in Go.
    mutating func fields(of node: Node, typeName: String, known: Set<String>) -> [String: (key: Node, value: Node)] {
        if isNull(node) { return [:] }
        guard case .mapping(let mapping) = node else {
            diagnostics.add("cannot unmarshal \(kind(of: node)) into \(typeName)", at: node)
            return [:]
        }
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            if known.contains(name) {
                result[name] = (key, value)
            } else {
                diagnostics.add("field \(name) not found in type \(typeName)", at: key)
            }
        }
        return result
    }

    /// A scalar as Go reads it into a string: numbers and booleans as written, null as empty.
    mutating func string(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else {
            diagnostics.add("cannot unmarshal \(kind(of: node)) into string", at: node)
            return nil
        }
        return isNull(node) ? "" : scalar.string
    }

    /// A `model.Duration` in milliseconds: a string in Prometheus's duration syntax.
    mutating func duration(_ node: Node) -> Int64? {
        guard let text = string(node) else { return nil }
        guard let milliseconds = PrometheusDuration.milliseconds(text) else {
            diagnostics.add("not a valid duration string: \"\(text)\"", at: node)
            return nil
        }
        return milliseconds
    }

    /// A Go `int`: only an integer scalar, never a quoted one.
    mutating func int(_ node: Node) -> Int? {
        if isNull(node) { return 0 }
        guard case .scalar(let scalar) = node, node.tag.rawValue == Tag.Name.int.rawValue, let value = Int(scalar.string) else {
            diagnostics.add("cannot unmarshal \(kind(of: node)) `\(node.string ?? "")` into int", at: node)
            return nil
        }
        return value
    }

    /// A sequence's items; null is an empty sequence.
    mutating func sequence(_ node: Node, of typeName: String) -> [Node] {
        if isNull(node) { return [] }
        guard case .sequence(let sequence) = node else {
            diagnostics.add("cannot unmarshal \(kind(of: node)) into []\(typeName)", at: node)
            return []
        }
        return Array(sequence)
    }

    /// A `map[string]string` with each key and value node, in file order.
    mutating func stringMap(_ node: Node) -> [MapEntry] {
        if isNull(node) { return [] }
        guard case .mapping(let mapping) = node else {
            diagnostics.add("cannot unmarshal \(kind(of: node)) into map[string]string", at: node)
            return []
        }
        return mapping.compactMap { key, value in
            guard let name = string(key), let text = string(value) else { return nil }
            return MapEntry(key: name, keyNode: key, value: text, valueNode: value)
        }
    }

    private func isNull(_ node: Node) -> Bool {
        if case .scalar = node { return node.tag.rawValue == Tag.Name.null.rawValue }
        return false
    }

    /// yaml.v3's short tag for a node: `!!str`, `!!int`, `!!map`, `!!seq`…
    private func kind(of node: Node) -> String {
        let name = node.tag.rawValue
        let prefix = "tag:yaml.org,2002:"
        return name.hasPrefix(prefix) ? "!!" + name.dropFirst(prefix.count) : name
    }
}

/// One `key: value` of a string map, with both nodes for error positions.
struct MapEntry {
    var key: String
    var keyNode: Node
    var value: String
    var valueNode: Node
}
