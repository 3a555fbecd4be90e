/// One row of `MANIFEST.tsv` (FORMAT.md §7): the curator's classification of an eval, which a
/// runner can use as its skip list and report in its summary.
public struct ManifestEntry: Sendable, Equatable {
    /// Whether the eval is inside the subset this project implements.
    public enum Status: String, Sendable, Equatable {
        case core
        case outside
    }

    /// Whether the eval is an instant or a range query.
    public enum Mode: String, Sendable, Equatable {
        case instant
        case range
    }

    public var file: String
    public var line: Int
    public var mode: Mode
    public var status: Status
    /// Space-separated notes such as `func:changes`, `expects-error`, `hist-samples-skippable`.
    public var notes: Set<String>
    public var expr: String

    public init(file: String, line: Int, mode: Mode, status: Status, notes: Set<String>, expr: String) {
        self.file = file
        self.line = line
        self.mode = mode
        self.status = status
        self.notes = notes
        self.expr = expr
    }

    /// Reads the TSV text; `file` names it in errors. The `# file…` header and blank lines are skipped.
    public static func parseManifest(_ text: String, file: String = "MANIFEST.tsv") throws(ScriptError) -> [ManifestEntry] {
        var entries: [ManifestEntry] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let row = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if row.isEmpty || row.hasPrefix("#") { continue }
            let fields = row.split(separator: "\t", maxSplits: 5, omittingEmptySubsequences: false)
            func fail(_ message: String) -> ScriptError { ScriptError(file: file, line: lineNumber, message: message) }
            guard fields.count == 6 else { throw fail("expected 6 tab-separated fields, found \(fields.count)") }
            guard let evalLine = Int(fields[1]), evalLine > 0 else { throw fail("invalid line number '\(fields[1])'") }
            guard let mode = Mode(rawValue: String(fields[2])) else { throw fail("invalid mode '\(fields[2])'") }
            guard let status = Status(rawValue: String(fields[3])) else { throw fail("invalid status '\(fields[3])'") }
            entries.append(
                ManifestEntry(
                    file: String(fields[0]), line: evalLine, mode: mode, status: status,
                    notes: Set(fields[4].split(separator: " ").map(String.init)), expr: String(fields[5])))
        }
        return entries
    }

    /// The `func:` names of the notes, e.g. `["changes"]` for `func:changes`.
    public var functions: [String] {
        notes.filter { $0.hasPrefix("func:") }.flatMap { $0.dropFirst(5).split(separator: ",").map(String.init) }.sorted()
    }
}
