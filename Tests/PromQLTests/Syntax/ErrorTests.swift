import PromQL
import Testing

/// Invalid queries: the message (a substring of Prometheus's wording) and where it points.
struct ErrorTests {
    @Test(arguments: [
        ("", "no expression found in input", 0),
        ("1 +", "unexpected end of input", 3),
        ("foo{", "unexpected end of input", 4),
        (")", "unexpected \")\"", 0),
        ("sum(foo) by (a) by (b)", "unexpected <by>", 16),
        ("foo{a=\"b\" c=\"d\"}", "expected \",\" or \"}\"", 10),
        ("foo{a==\"b\"}", "unexpected", 5),
        ("\"abc", "unterminated quoted string", 0),
        ("\"\\q\"", "unknown escape sequence", 0),
        ("5x", "bad number or duration syntax", 0),
        ("foo[5x]", "bad number or duration syntax", 4),
        ("foo[1m1h]", "not a valid duration string", 4),
        ("foo[0s]", "duration must be greater than 0", 4),
        ("nosuchfn(foo)", "unknown function with name \"nosuchfn\"", 0),
        ("abs(foo,)", "trailing commas not allowed", 8),
        ("1 > 1", "comparisons between scalars must use BOOL modifier", 1),
        ("a + bool b", "bool modifier can only be used on comparison operators", 1),
        ("1 and a", "set operator \"and\" not allowed in binary scalar expression", 0),
        ("a and on(x) group_left b", "no grouping allowed for \"and\" operation", 0),
        ("1 + on(x) a", "vector matching only allowed between instant vectors", 0),
        ("a * on(x) group_left(x) b", "label \"x\" must not occur in ON and GROUP clause at once", 1),
        ("{}", "vector selector must contain at least one non-empty matcher", 0),
        ("{a=~\".*\"}", "vector selector must contain at least one non-empty matcher", 0),
        ("foo{__name__=\"bar\"}", "metric name must not be set twice", 0),
        ("foo offset 1m offset 2m", "offset may not be set multiple times", 0),
        ("(foo) offset 1m", "offset modifier must be preceded by an instant vector selector", 0),
        ("(foo)[5m]", "ranges only allowed for vector selectors", 0),
        ("foo offset 1m [5m]", "no offset modifiers allowed before range", 0),
        ("foo @ 1 @ 2", "may not be set multiple times", 0),
        ("foo{a=~\"(\"}", "error parsing regexp", 4),
        ("foo{a=~\"(?=x)\"}", "error parsing regexp", 4),
        ("sum()", "no arguments for aggregate expression provided", 0),
        ("topk(foo)", "wrong number of arguments for aggregate expression provided, expected 2, got 1", 0),
        ("sum(foo[5m])", "expected type instant vector in aggregation expression, got range vector", 4),
        ("topk(\"a\", foo)", "expected type scalar in aggregation parameter, got string", 5),
        ("count_values(1, foo)", "expected type string in aggregation parameter, got scalar", 13),
        ("-\"a\"", "unary expression only allowed on expressions of type scalar or instant vector", 0),
        ("foo[5m] + 1", "binary expression must contain only scalar and instant vector types", 0),
        ("rate(foo)[5m:]", "expected type range vector in call to function \"rate\", got instant vector", 5),
        ("foo[5m][5m:]", "subquery is only allowed on instant vector, got range vector instead", 0),
    ] as [(String, String, Int)])
    func reportsError(query: String, message: String, start: Int) {
        let errors = parseErrors(query)
        #expect(errors.contains { $0.message.contains(message) && $0.position.start == start }, "\(query): \(errors)")
    }

    @Test func collectsEveryTypeError() {
        let errors = parseErrors("rate(a) + rate(b)")
        #expect(errors.count == 2)
        #expect(errors.map(\.position.start) == [5, 15])
        #expect(errors.first?.description == "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector")
    }

    @Test func reportsLineAndColumn() {
        #expect(parseErrors("foo +\n  bar{").first?.description.hasPrefix("2:7: parse error:") == true)
    }
}
