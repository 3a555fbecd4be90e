public import PrometheusModel

/// What Prometheus hands an alert's label and annotation templates: the alert's labels, the
/// server's external labels and URL, the sample value, and a way to run `query`.
public struct TemplateData: Sendable {
    public var labels: Labels
    public var externalLabels: Labels
    public var externalURL: String
    public var value: Double
    /// Runs a PromQL instant query for the template's `query` function; nil makes `query` fail.
    public var query: (@Sendable (String) throws -> [(labels: Labels, value: Double)])?

    public init(
        labels: Labels, externalLabels: Labels = Labels(), externalURL: String = "", value: Double,
        query: (@Sendable (String) throws -> [(labels: Labels, value: Double)])? = nil
    ) {
        self.labels = labels
        self.externalLabels = externalLabels
        self.externalURL = externalURL
        self.value = value
        self.query = query
    }
}

/// One alert label or annotation template, parsed once at rule load and expanded at every evaluation.
/// Expansion output is byte-identical to Prometheus's: the same `$labels := .Labels…` prelude is
/// prepended (so error positions match), and failures become `<error expanding template: …>` text
/// instead of failing the rule, as in Prometheus.
public struct AlertTemplate: Sendable {
    /// The variables Prometheus defines ahead of every alert template.
    static let prelude = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}"

    private let name: String
    private let source: [UInt8]
    private let nodes: [TemplateNode]

    /// Parses `text`; `name` is the Go template name, which Prometheus sets to `__alert_` + the alert name.
    public init(_ text: String, name: String) throws(TemplateError) {
        let full = Self.prelude + text
        var parser = try TemplateParser(full, name: name)
        nodes = try parser.parse()
        self.name = name
        source = Array(full.utf8)
    }

    /// Prometheus's text for a template that fails to parse, for callers that keep such rules loaded.
    public static func parseFailureText(_ error: TemplateError, name: String) -> String {
        "<error expanding template: error parsing template \(name): \(error.message)>"
    }

    public func expand(_ data: TemplateData) -> String {
        var executor = TemplateExecutor(name: name, text: source, data: data)
        do {
            try executor.run(nodes, dot: .data(data))
            return executor.output
        } catch {
            return "<error expanding template: error executing template \(name): \(error.message)>"
        }
    }
}
