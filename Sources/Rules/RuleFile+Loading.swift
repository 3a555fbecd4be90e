internal import Foundation
internal import Yams

extension RuleFile {
    /// Reads and validates the rule file at `path`; errors name the file as given.
    public static func load(path: String) throws(RuleFileErrors) -> RuleFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RuleFileErrors([RuleFileError(file: path, line: 1, column: 1, message: "cannot read file: \(error.localizedDescription)")])
        }
        return try parse(text, file: path)
    }

    /// Validates rule-file text as Prometheus does (`rulefmt.Parse`): YAML syntax first, then the schema
    /// (unknown fields, value types, durations), then the rules themselves; each stage reports all it finds.
    public static func parse(_ text: String, file: String) throws(RuleFileErrors) -> RuleFile {
        var diagnostics = Diagnostics(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            diagnostics.add(yamlError: error)
            throw RuleFileErrors(diagnostics.errors)
        }
        // A file without a document (empty, or only comments) is an empty rule file, as in Prometheus.
        guard let root else { return RuleFile(groups: []) }
        var decoder = RuleFileDecoder(diagnostics: diagnostics)
        let raw = decoder.decode(root)
        guard decoder.diagnostics.errors.isEmpty else { throw RuleFileErrors(decoder.diagnostics.errors) }
        var validator = RuleValidator(diagnostics: diagnostics)
        let groups = validator.validate(raw)
        guard validator.diagnostics.errors.isEmpty else { throw RuleFileErrors(validator.diagnostics.errors) }
        return RuleFile(groups: groups)
    }
}
