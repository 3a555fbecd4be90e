internal import Yams

/// A group as written, before validation: values with the nodes errors point at.
struct RawGroup {
    var node: Node
    var name: String
    var interval: Int64?
    var limit: Int
    var queryOffset: Int64?
    var rules: [RawRule]
}

/// A rule as written (`rulefmt.RuleNode`): empty strings stand for absent keys, as in Go.
struct RawRule {
    var node: Node
    var record = ""
    var recordNode: Node?
    var alert = ""
    var alertNode: Node?
    var expr = ""
    var exprNode: Node?
    var holdDuration: Int64 = 0
    var keepFiringFor: Int64 = 0
    var labels: [MapEntry] = []
    var annotations: [MapEntry] = []
}

/// Decodes the YAML tree into raw groups with the schema of `rulefmt.go`, reporting unknown fields
/// and ill-typed values (Prometheus's `decoder.KnownFields(true)` step).
struct RuleFileDecoder {
    static let groupFields: Set = ["name", "interval", "query_offset", "limit", "rules"]
    static let ruleFields: Set = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]

    var reader: YAMLFields

    init(diagnostics: Diagnostics) {
        reader = YAMLFields(diagnostics: diagnostics)
    }

    var diagnostics: Diagnostics { reader.diagnostics }

    mutating func decode(_ root: Node) -> [RawGroup] {
        let fields = reader.fields(of: root, typeName: "rulefmt.RuleGroups", known: ["groups"])
        guard let groups = fields["groups"]?.value else { return [] }
        return reader.sequence(groups, of: "rulefmt.RuleGroup").map { decodeGroup($0) }
    }

    private mutating func decodeGroup(_ node: Node) -> RawGroup {
        let fields = reader.fields(of: node, typeName: "rulefmt.RuleGroup", known: Self.groupFields)
        var group = RawGroup(node: node, name: "", limit: 0, rules: [])
        if let name = fields["name"] { group.name = reader.string(name.value) ?? "" }
        if let interval = fields["interval"] { group.interval = reader.duration(interval.value) }
        if let offset = fields["query_offset"] { group.queryOffset = reader.duration(offset.value) }
        if let limit = fields["limit"] { group.limit = reader.int(limit.value) ?? 0 }
        if let rules = fields["rules"] {
            group.rules = reader.sequence(rules.value, of: "rulefmt.Rule").map { decodeRule($0) }
        }
        return group
    }

    private mutating func decodeRule(_ node: Node) -> RawRule {
        let fields = reader.fields(of: node, typeName: "rulefmt.Rule", known: Self.ruleFields)
        var rule = RawRule(node: node)
        if let record = fields["record"] {
            rule.record = reader.string(record.value) ?? ""
            rule.recordNode = record.value
        }
        if let alert = fields["alert"] {
            rule.alert = reader.string(alert.value) ?? ""
            rule.alertNode = alert.value
        }
        if let expr = fields["expr"] {
            rule.expr = reader.string(expr.value) ?? ""
            rule.exprNode = expr.value
        }
        if let hold = fields["for"] { rule.holdDuration = reader.duration(hold.value) ?? 0 }
        if let keep = fields["keep_firing_for"] { rule.keepFiringFor = reader.duration(keep.value) ?? 0 }
        if let labels = fields["labels"] { rule.labels = reader.stringMap(labels.value) }
        if let annotations = fields["annotations"] { rule.annotations = reader.stringMap(annotations.value) }
        return rule
    }
}
