internal import Yams

/// Collects errors for one file while decoding and validating go on, so a single run reports them all.
struct Diagnostics {
    let file: String
    var errors: [RuleFileError] = []

    init(file: String) {
        self.file = file
    }

    mutating func add(_ message: String, at node: Node?) {
        add(message, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    mutating func add(_ message: String, line: Int, column: Int) {
        errors.append(RuleFileError(file: file, line: line, column: column, message: message))
    }

    /// A libyaml or Yams failure, placed where it points and worded like Go's yaml.v3 where they agree.
    mutating func add(yamlError error: any Error) {
        guard let error = error as? YamlError else {
            add("yaml: \(error)", line: 1, column: 1)
            return
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            add("yaml: \(detail)", line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            add("yaml: mapping key \(keys) defined more than once", line: context.mark.line, column: context.mark.column)
        case .reader(let problem, _, _, _):
            add("yaml: \(problem)", line: 1, column: 1)
        default:
            add("yaml: \(error)", line: 1, column: 1)
        }
    }
}
