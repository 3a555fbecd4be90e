internal import PrometheusModel

/// A query result element, as Prometheus's `*sample` (`.Labels`, `.Value`).
struct QuerySample: Sendable {
    var labels: Labels
    var value: Double
}

/// The dynamically typed values a template works with, mirroring the Go types Prometheus passes in.
enum TemplateValue: Sendable {
    /// Go's invalid reflect.Value, printed as `<no value>`.
    case missing
    case nilValue
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// A `map[string]string` (label sets).
    case labels(Labels)
    case samples([QuerySample])
    case sample(QuerySample)
    /// A `map[string]interface{}` (from `args`).
    case map([String: TemplateValue])
    /// The data Prometheus hands the template: `.Labels`, `.ExternalLabels`, `.ExternalURL`, `.Value`.
    case data(TemplateData)

    /// Go's type name, for `%!d(float64=1.5)`-style printf complaints and error messages.
    var goType: String {
        switch self {
        case .missing: "<nil>"
        case .nilValue: "<nil>"
        case .bool: "bool"
        case .int: "int"
        case .float: "float64"
        case .string: "string"
        case .labels: "map[string]string"
        case .samples: "template.queryResult"
        case .sample: "*template.sample"
        case .map: "map[string]interface {}"
        case .data: "struct"
        }
    }

    /// How Go's `fmt.Print` (and so a bare `{{ x }}` action) renders the value.
    var printed: String {
        switch self {
        case .missing: "<no value>"
        case .nilValue: "<nil>"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .float(let value): GoFloatFormat.shortest(value)
        case .string(let value): value
        case .labels(let labels): Self.printedMap(labels)
        case .samples(let samples): "[" + samples.map { TemplateValue.sample($0).printed }.joined(separator: " ") + "]"
        case .sample(let sample): "&{" + Self.printedMap(sample.labels) + " " + GoFloatFormat.shortest(sample.value) + "}"
        case .map(let entries): "map[" + entries.keys.sorted().map { "\($0):\(entries[$0]!.printed)" }.joined(separator: " ") + "]"
        case .data(let data):
            "{" + [Self.printedMap(data.labels), Self.printedMap(data.externalLabels), data.externalURL, GoFloatFormat.shortest(data.value)]
                .joined(separator: " ") + "}"
        }
    }

    private static func printedMap(_ labels: Labels) -> String {
        "map[" + labels.map { "\($0.name):\($0.value)" }.joined(separator: " ") + "]"
    }

    /// Go's truth for `if`, `with`, `and`, `or`, `not`: false for zero values, empty collections and nil.
    var isTrue: Bool {
        switch self {
        case .missing, .nilValue: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .float(let value): value != 0
        case .string(let value): !value.isEmpty
        case .labels(let labels): !labels.isEmpty
        case .samples(let samples): !samples.isEmpty
        case .map(let entries): !entries.isEmpty
        case .sample, .data: true
        }
    }

    /// The value of field `name`, as Go's field or map-key lookup gives it.
    func field(_ name: String) throws(TemplateExecutionError) -> TemplateValue {
        switch self {
        case .labels(let labels): return labels[name].map(TemplateValue.string) ?? .string("")
        case .map(let entries): return entries[name] ?? .missing
        case .sample(let sample) where name == "Labels": return .labels(sample.labels)
        case .sample(let sample) where name == "Value": return .float(sample.value)
        case .data(let data):
            switch name {
            case "Labels": return .labels(data.labels)
            case "ExternalLabels": return .labels(data.externalLabels)
            case "ExternalURL": return .string(data.externalURL)
            case "Value": return .float(data.value)
            default: break
            }
        case .missing, .nilValue: throw TemplateExecutionError(message: "nil pointer evaluating \(goType).\(name)")
        default: break
        }
        throw TemplateExecutionError(message: "can't evaluate field \(name) in type \(goType)")
    }
}
