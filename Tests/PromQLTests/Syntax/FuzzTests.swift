import PromQL
import TestSupport
import Testing

/// Random input must either parse (and then round-trip) or throw; it must never crash.
struct FuzzTests {
    static let vocabulary = [
        "foo", "bar:baz", "{", "}", "(", ")", "[", "]", ",", ":", "=", "!=", "=~", "!~", "==", "+", "-", "*", "/", "%", "^",
        "<", ">=", "and", "or", "unless", "atan2", "bool", "on", "ignoring", "group_left", "group_right", "by", "without",
        "offset", "@", "start()", "end()", "sum", "topk", "count_values", "rate", "abs", "round", "label_join", "time", "1",
        "0x1f", "1e3", "Inf", "NaN", "5m", "1h30m", "0s", "\"a\"", "'b'", "`c`", "\"x|y\"", "\"(\"", "job", "#c\n", " ",
    ]

    /// Parses `query`; when it succeeds, the printed form must parse back to an equal tree.
    func exercise(_ query: String) {
        guard let expr = try? Parser.parse(query) else { return }
        #expect((try? Parser.parse(expr.description)) == expr, "\(query) printed as \(expr)")
    }

    @Test func tokenSoupsNeverCrash() {
        var random = SeededRandom(seed: 42)
        for _ in 0..<4000 {
            let length = Int.random(in: 1...14, using: &random)
            exercise((0..<length).map { _ in random.pick(Self.vocabulary) }.joined(separator: " "))
        }
    }

    @Test func mutatedCorpusNeverCrashes() throws {
        let expressions = try CorpusTests.rows().map(\.expr)
        var random = SeededRandom(seed: 7)
        let alphabet = Array("(){}[]\"'`\\,:=!~+-*/%^<>@# \n0159.exmhsdwyINafoobar_\u{e9}".utf8)
        for _ in 0..<4000 {
            var bytes = Array(random.pick(expressions).utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let index = Int.random(in: 0...bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0 where index < bytes.count: bytes.remove(at: index)
                case 1 where index < bytes.count: bytes[index] = random.pick(alphabet)
                default: bytes.insert(random.pick(alphabet), at: index)
                }
            }
            exercise(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let depth = Parser.maxDepth / 2
        #expect(try printedRoundTrip(String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)) != "")
        #expect(throws: ParseErrors.self) { try Parser.parse(String(repeating: "(", count: 100_000)) }
        #expect(throws: ParseErrors.self) { try Parser.parse(Array(repeating: "1", count: 100_000).joined(separator: " + ")) }
        #expect(throws: ParseErrors.self) { try Parser.parse(String(repeating: "-", count: 100_000) + "1") }
        #expect(throws: ParseErrors.self) { try Parser.parse("x" + String(repeating: "[5m:]", count: 100_000)) }
    }
}
