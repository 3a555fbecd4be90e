import PrometheusModel
/// Reads one `eval` block: the header line, its `expect` lines, then its result lines
/// (FORMAT.md §4).
struct EvalReader {
    let file: String
    let header: Substring
    let line: Int

    /// The eval and how many body lines it used (a scalar result line ends the block early).
    func read(body: [(line: Int, text: Substring)]) throws(ScriptError) -> (Eval, Int) {
        var words = Words(header)
        let command = words.next()
        var expectations = Expectations()
        switch command {
        case "eval_fail": expectations.failure = .any
        case "eval_ordered": expectations.ordered = true
        case "eval_warn": expectations.warnings = .required([])
        case "eval_info": expectations.infos = .required([])
        default: break
        }
        let mode = try readMode(&words)
        let query = words.rest
        guard !query.isEmpty else { throw error(line, "missing query expression") }
        var results = ResultLines(mode: mode, file: file)
        var consumed = 0
        for (number, text) in body {
            consumed += 1
            if text.hasPrefix("expect ") || text.hasPrefix("expected_fail_") {
                guard !results.hasLines else { throw error(number, "expect lines must come before result lines") }
                try readExpectation(text, line: number, into: &expectations, results: &results)
            } else if try results.add(text, line: number) {
                break
            }
        }
        let eval = Eval(line: line, mode: mode, query: String(query), expectations: expectations, expected: results.expected)
        return (eval, consumed)
    }

    private func readMode(_ words: inout Words) throws(ScriptError) -> EvalMode {
        switch words.next() {
        case "instant":
            guard words.next() == "at" else { throw error(line, "expected 'eval instant at <time> <expr>'") }
            return .instant(at: try duration(words.next(), "evaluation time"))
        case "range":
            guard words.next() == "from" else { throw error(line, "expected 'eval range from <start> to <end> step <step> <expr>'") }
            let start = try duration(words.next(), "start time")
            guard words.next() == "to" else { throw error(line, "expected 'to <end>' in range eval") }
            let end = try duration(words.next(), "end time")
            guard words.next() == "step" else { throw error(line, "expected 'step <step>' in range eval") }
            let step = try duration(words.next(), "step")
            guard end >= start else { throw error(line, "range end is before its start") }
            guard step > 0 else { throw error(line, "range step must be positive") }
            return .range(start: start, end: end, step: step)
        default:
            throw error(line, "expected 'instant' or 'range' after eval")
        }
    }

    private func readExpectation(
        _ text: Substring, line number: Int, into expectations: inout Expectations, results: inout ResultLines
    ) throws(ScriptError) {
        var words = Words(text)
        let keyword = words.next()
        if keyword == "expected_fail_message" || keyword == "expected_fail_regexp" {
            guard !words.rest.isEmpty else { throw error(number, "\(keyword) needs a text") }
            expectations.failure = keyword == "expected_fail_message" ? .message(String(words.rest)) : .regex(String(words.rest))
            return
        }
        guard keyword == "expect" else { throw error(number, "unknown line '\(text)'") }
        let kind = words.next()
        let detail = words.rest
        switch kind {
        case "ordered", "no_warn", "no_info":
            guard detail.isEmpty else { throw error(number, "unexpected text after 'expect \(kind)'") }
            switch kind {
            case "ordered": expectations.ordered = true
            case "no_warn": expectations.warnings = .forbidden
            default: expectations.infos = .forbidden
            }
        case "fail":
            expectations.failure = try textMatch(detail, line: number)
        case "warn":
            expectations.warnings = adding(try textMatch(detail, line: number), to: expectations.warnings)
        case "info":
            expectations.infos = adding(try textMatch(detail, line: number), to: expectations.infos)
        case "string":
            let value: String
            do {
                value = try GoStringLiteral.parse(detail)
            } catch {
                throw self.error(number, "expect string: \(error.message)")
            }
            try results.expectString(value, line: number)
        case "range":
            try readRangeVector(&words, line: number, results: &results)
        default:
            throw error(number, "unknown expectation 'expect \(kind)'")
        }
    }

    /// `expect range vector from <a> to <b> step <s>`, only valid under an instant eval.
    private func readRangeVector(_ words: inout Words, line number: Int, results: inout ResultLines) throws(ScriptError) {
        guard case .instant = results.mode else { throw error(number, "expect range vector is only valid for instant evals") }
        guard words.next() == "vector", words.next() == "from" else {
            throw error(number, "expected 'expect range vector from <a> to <b> step <s>'")
        }
        let start = try duration(words.next(), "start time", at: number)
        guard words.next() == "to" else { throw error(number, "expected 'to <end>'") }
        let end = try duration(words.next(), "end time", at: number)
        guard words.next() == "step" else { throw error(number, "expected 'step <step>'") }
        let step = try duration(words.next(), "step", at: number)
        guard words.rest.isEmpty, end >= start, step > 0 else { throw error(number, "invalid range vector window") }
        results.expectRangeVector(start: start, end: end, step: step)
    }

    /// `msg: <text>`, `regex: <re>` or nothing.
    private func textMatch(_ detail: Substring, line number: Int) throws(ScriptError) -> TextMatch {
        if detail.isEmpty { return .any }
        for (prefix, make) in [("msg:", TextMatch.message), ("regex:", TextMatch.regex)] where detail.hasPrefix(prefix) {
            let body = ScriptReader.trim(detail.dropFirst(prefix.count))
            guard !body.isEmpty else { throw error(number, "\(prefix) needs a text") }
            return make(String(body))
        }
        throw error(number, "expected 'msg:' or 'regex:' after the expectation, found '\(detail)'")
    }

    private func adding(_ match: TextMatch, to current: AnnotationExpectation) -> AnnotationExpectation {
        let matches: [TextMatch] = if case .required(let existing) = current { existing } else { [] }
        return .required(match == .any ? matches : matches + [match])
    }

    private func duration(_ text: Substring, _ what: String, at number: Int? = nil) throws(ScriptError) -> Int64 {
        guard let value = PrometheusDuration.milliseconds(text) else {
            throw error(number ?? line, "invalid \(what) '\(text)'")
        }
        return value
    }

    func error(_ line: Int, _ message: String) -> ScriptError {
        ScriptError(file: file, line: line, message: message)
    }
}

/// Whitespace-separated words taken from the front of a line, keeping the untouched rest
/// (the query text keeps its own spacing).
struct Words {
    private(set) var rest: Substring

    init(_ text: Substring) {
        rest = ScriptReader.trim(text)
    }

    mutating func next() -> Substring {
        let word = rest.prefix { $0 != " " && $0 != "\t" }
        rest = ScriptReader.trim(rest.dropFirst(word.count))
        return word
    }
}
