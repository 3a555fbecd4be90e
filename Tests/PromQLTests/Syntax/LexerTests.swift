import PromQL
import PrometheusModel
import Testing

/// Token kinds, values and byte ranges.
struct LexerTests {
    func kinds(_ query: String) -> [TokenKind] { Lexer.tokenize(query).map(\.kind) }

    @Test func operatorsAndBrackets() {
        #expect(
            kinds("+ - * / % ^ == != > < >= <= ( ) [ ] , @")
                == [
                    .binary(.add), .binary(.sub), .binary(.mul), .binary(.div), .binary(.mod), .binary(.pow), .binary(.equal),
                    .binary(.notEqual), .binary(.greater), .binary(.less), .binary(.greaterOrEqual), .binary(.lessOrEqual),
                    .leftParen, .rightParen, .leftBracket, .rightBracket, .comma, .at, .eof,
                ]
        )
        #expect(kinds("{a=\"b\",c!=\"d\",e=~\"f\",g!~\"h\"}").contains(.regexNoMatch))
    }

    @Test func keywordsAreCaseInsensitiveButOnlyOutsideBraces() {
        #expect(kinds("SUM By bool OFFSET and Or unless atan2") == [
            .aggregator(.sum), .keyword(.by), .keyword(.bool), .keyword(.offset), .binary(.and), .binary(.or), .binary(.unless),
            .binary(.atan2), .eof,
        ])
        #expect(kinds("{by=\"x\"}") == [.leftBrace, .identifier, .assign, .string, .rightBrace, .eof])
        #expect(kinds("job:rate:sum :x") == [.metricIdentifier, .metricIdentifier, .eof])
    }

    @Test func numbersAndDurations() {
        #expect(kinds("1 0x1f 1.5e-3 .5 Inf nan") == Array(repeating: .number, count: 6) + [.eof])
        #expect(kinds("5m 1h30m 500ms 1y 2w 3d") == Array(repeating: .duration, count: 6) + [.eof])
        #expect(kinds("[5m:1m]") == [.leftBracket, .duration, .colon, .duration, .rightBracket, .eof])
        #expect(Lexer.tokenize("5x").first?.kind == .error)
    }

    @Test func stringsFollowGoEscapes() {
        let tokens = Lexer.tokenize(#""a\"b\n" 'c\'d' `e\f` "\u00e9\x41\101""#)
        #expect(tokens.prefix(4).map(\.text) == ["a\"b\n", "c'd", "e\\f", "éAA"])
        #expect(tokens[0].position == PositionRange(start: 0, end: 8))
        #expect(Lexer.tokenize(#""\'""#).first?.kind == .error)
        #expect(Lexer.tokenize("\"a\nb\"").first?.kind == .error)
        #expect(Lexer.tokenize("`a\nb`").first?.text == "a\nb")
    }

    @Test func commentsAndPositions() {
        let tokens = Lexer.tokenize("foo # comment\n  + 1")
        #expect(tokens.map(\.kind) == [.identifier, .binary(.add), .number, .eof])
        #expect(tokens.map(\.position.start) == [0, 16, 18, 19])
    }

    @Test func durationsParseAndPrint() {
        #expect(PrometheusDuration.milliseconds("1h30m") == 5_400_000)
        #expect(PrometheusDuration.milliseconds("1m1h") == nil)
        #expect(PrometheusDuration.milliseconds("1y2w3d4h5m6s7ms") == 33_019_506_007)
        #expect(PrometheusDuration.format(5_400_000) == "1h30m")
        #expect(PrometheusDuration.format(90 * 86_400_000) == "90d")
        #expect(PrometheusDuration.format(14 * 86_400_000) == "2w")
        #expect(PrometheusDuration.format(0) == "0s")
        #expect(PrometheusDuration.format(1500) == "1s500ms")
    }
}
