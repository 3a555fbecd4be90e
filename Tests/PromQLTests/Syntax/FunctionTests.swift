import PromQL
import Testing

/// The function table: every function the alerting subset needs, with argument checking.
struct FunctionTests {
    static let required = [
        "rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear", "resets", "changes", "avg_over_time",
        "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "last_over_time", "quantile_over_time",
        "stddev_over_time", "stdvar_over_time", "present_over_time", "absent_over_time", "absent", "histogram_quantile", "abs",
        "ceil", "floor", "round", "clamp", "clamp_min", "clamp_max", "exp", "ln", "log2", "log10", "sqrt", "sgn", "scalar",
        "vector", "time", "timestamp", "label_replace", "label_join", "sort", "sort_desc", "day_of_week", "hour", "minute",
        "month", "year", "days_in_month", "day_of_month",
    ]

    @Test func tableCoversTheAlertingSubset() {
        for name in Self.required {
            #expect(Functions.named(name) != nil, "\(name)")
        }
    }

    @Test(arguments: [
        ("rate(x[5m])", nil),
        ("rate(x)", "expected type range vector in call to function \"rate\", got instant vector"),
        ("rate()", "expected 1 argument(s) in call to \"rate\", got 0"),
        ("abs(x[5m])", "expected type instant vector in call to function \"abs\", got range vector"),
        ("predict_linear(x[1h], 3600)", nil),
        ("predict_linear(x[1h], y)", "expected type scalar in call to function \"predict_linear\", got instant vector"),
        ("quantile_over_time(0.5, x[5m])", nil),
        ("histogram_quantile(0.9, rate(x_bucket[5m]))", nil),
        ("histogram_quantile(x, y)", "expected type scalar in call to function \"histogram_quantile\", got instant vector"),
        ("clamp(x, 0, 1)", nil),
        ("clamp_min(x)", "expected 2 argument(s) in call to \"clamp_min\", got 1"),
        ("round(x)", nil),
        ("round(x, 0.5)", nil),
        ("round(x, 1, 2)", "expected at most 2 argument(s) in call to \"round\", got 3"),
        ("scalar(x) + time()", nil),
        ("vector(1)", nil),
        ("vector(x)", "expected type scalar in call to function \"vector\", got instant vector"),
        ("time(1)", "expected 0 argument(s) in call to \"time\", got 1"),
        ("hour()", nil),
        ("hour(x)", nil),
        ("hour(x, y)", "expected at most 1 argument(s) in call to \"hour\", got 2"),
        ("label_replace(x, \"d\", \"$1\", \"s\", \"(.*)\")", nil),
        ("label_replace(x, \"d\", \"$1\", \"s\")", "expected 5 argument(s) in call to \"label_replace\", got 4"),
        ("label_join(x, \"d\", \",\")", nil),
        ("label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")", nil),
        ("label_join(x, \"d\", \",\", 1)", "expected type string in call to function \"label_join\", got scalar"),
        ("label_join(x, \"d\")", "expected at least 3 argument(s) in call to \"label_join\", got 2"),
        ("absent(nonexistent{job=\"x\"})", nil),
        ("absent_over_time(x[5m])", nil),
        ("sort_desc(x)", nil),
        ("timestamp(x)", nil),
    ] as [(String, String?)])
    func checksArguments(query: String, message: String?) {
        let errors = parseErrors(query)
        if let message {
            #expect(errors.contains { $0.message == message }, "\(query): \(errors)")
        } else {
            #expect(errors.isEmpty, "\(query): \(errors)")
        }
    }

    @Test func returnTypes() throws {
        #expect(try Parser.parse("scalar(x)").type == .scalar)
        #expect(try Parser.parse("time()").type == .scalar)
        #expect(try Parser.parse("rate(x[5m])").type == .vector)
        #expect(try Parser.parse("x[5m]").type == .matrix)
        #expect(try Parser.parse("\"s\"").type == .string)
    }
}
