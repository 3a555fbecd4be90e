import PrometheusModel

extension TestScript {
    /// Reads a whole script. `file` names it in errors and is matched (by its last path component)
    /// against `manifest` rows to fill in each eval's `manifest`.
    public static func parse(_ text: String, file: String, manifest: [ManifestEntry] = []) throws(ScriptError) -> TestScript {
        let fileName = String(file.split(separator: "/").last ?? Substring(file))
        var rows: [Int: ManifestEntry] = [:]
        for entry in manifest where entry.file == fileName { rows[entry.line] = entry }
        var reader = ScriptReader(file: file, text: text)
        var commands: [Command] = []
        while let command = try reader.nextCommand() {
            if case .eval(var eval) = command {
                eval.manifest = rows[eval.line]
                commands.append(.eval(eval))
            } else {
                commands.append(command)
            }
        }
        return TestScript(file: file, commands: commands)
    }
}

/// Walks the lines of a script, splitting it into command blocks (FORMAT.md §1): a command line,
/// then its body up to the first blank or comment line.
struct ScriptReader {
    let file: String
    /// Trimmed lines; comment lines are emptied because they end blocks just like blank ones.
    private let lines: [Substring]
    /// Index (0-based) of the next line to read.
    private var next = 0

    init(file: String, text: String) {
        self.file = file
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { raw in
            let trimmed = ScriptReader.trim(raw)
            return trimmed.hasPrefix("#") ? trimmed.prefix(0) : trimmed
        }
    }

    static func trim(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) }) else {
            return text.prefix(0)
        }
        return text[first...last]
    }

    func error(_ line: Int, _ message: String) -> ScriptError {
        ScriptError(file: file, line: line, message: message)
    }

    /// The next command, or nil at the end of the file.
    mutating func nextCommand() throws(ScriptError) -> Command? {
        while next < lines.count, lines[next].isEmpty { next += 1 }
        guard next < lines.count else { return nil }
        let lineNumber = next + 1
        let header = lines[next]
        next += 1
        let keyword = header.prefix { $0 != " " && $0 != "\t" }
        switch keyword {
        case "clear":
            guard header == "clear" else { throw error(lineNumber, "unexpected text after clear") }
            return .clear
        case "load", "load_with_nhcb":
            return .load(try readLoad(header, line: lineNumber, withNHCB: keyword == "load_with_nhcb"))
        case "eval", "eval_fail", "eval_ordered", "eval_warn", "eval_info":
            let reader = EvalReader(file: file, header: header, line: lineNumber)
            let (eval, consumed) = try reader.read(body: blockBody())
            next += consumed
            return .eval(eval)
        default:
            throw error(lineNumber, "unknown command '\(keyword)': expected load, clear or eval")
        }
    }

    /// The lines of the current block with their numbers, without consuming them.
    private func blockBody() -> [(line: Int, text: Substring)] {
        var body: [(line: Int, text: Substring)] = []
        var index = next
        while index < lines.count, !lines[index].isEmpty {
            body.append((index + 1, lines[index]))
            index += 1
        }
        return body
    }

    private mutating func readLoad(_ header: Substring, line: Int, withNHCB: Bool) throws(ScriptError) -> Load {
        let words = header.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 2 else { throw error(line, "expected '\(words[0]) <step>'") }
        guard let step = PrometheusDuration.milliseconds(words[1]), step > 0 else {
            throw error(line, "invalid load step '\(words[1])'")
        }
        var series: [LoadedSeries] = []
        var positions: [Labels: Int] = [:]
        let body = blockBody()
        next += body.count
        for (number, text) in body {
            let loaded: LoadedSeries
            do {
                let (labels, remainder) = try SeriesNotation.parse(text)
                loaded = LoadedSeries(line: number, labels: labels, step: step, samples: try ExpandingNotation.expand(remainder))
            } catch {
                throw self.error(number, error.message)
            }
            if let position = positions[loaded.labels] {
                series[position] = loaded
            } else {
                positions[loaded.labels] = series.count
                series.append(loaded)
            }
        }
        return Load(line: line, step: step, withNativeHistogramCustomBuckets: withNHCB, series: series)
    }
}
