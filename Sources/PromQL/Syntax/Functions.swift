/// A PromQL function's argument types and result, used to type-check calls at parse time.
public struct FunctionSignature: Sendable, Hashable {
    public var name: String
    public var argTypes: [ValueType]
    /// 0: exactly `argTypes`. n > 0: the last argument is optional and may repeat up to n times.
    /// -1: the last argument may repeat without limit.
    public var variadic: Int
    public var returnType: ValueType
    /// Enabled in Prometheus only with `--enable-feature=promql-experimental-functions`.
    public var experimental: Bool

    public init(_ name: String, _ argTypes: [ValueType], _ returnType: ValueType, variadic: Int = 0, experimental: Bool = false) {
        self.name = name
        self.argTypes = argTypes
        self.variadic = variadic
        self.returnType = returnType
        self.experimental = experimental
    }
}

/// The function table, as in Prometheus's `promql/parser/functions.go`.
public enum Functions {
    public static func named(_ name: String) -> FunctionSignature? { table[name] }

    public static let all: [FunctionSignature] = {
        let vector: [ValueType] = [.vector]
        let matrix: [ValueType] = [.matrix]
        var list: [FunctionSignature] = []
        for name in [
            "abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn", "timestamp", "sort", "sort_desc", "absent",
            "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad",
            "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar",
        ] {
            list.append(FunctionSignature(name, vector, .vector))
        }
        for name in [
            "rate", "irate", "increase", "delta", "idelta", "deriv", "resets", "changes", "avg_over_time", "min_over_time",
            "max_over_time", "sum_over_time", "count_over_time", "last_over_time", "stddev_over_time", "stdvar_over_time",
            "present_over_time", "absent_over_time",
        ] {
            list.append(FunctionSignature(name, matrix, .vector))
        }
        for name in ["mad_over_time", "first_over_time", "ts_of_min_over_time", "ts_of_max_over_time", "ts_of_last_over_time", "ts_of_first_over_time"] {
            list.append(FunctionSignature(name, matrix, .vector, experimental: true))
        }
        for name in ["day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year"] {
            list.append(FunctionSignature(name, vector, .vector, variadic: 1))
        }
        list += [
            FunctionSignature("predict_linear", [.matrix, .scalar], .vector),
            FunctionSignature("quantile_over_time", [.scalar, .matrix], .vector),
            FunctionSignature("double_exponential_smoothing", [.matrix, .scalar, .scalar], .vector, experimental: true),
            FunctionSignature("histogram_quantile", [.scalar, .vector], .vector),
            FunctionSignature("histogram_quantiles", [.vector, .string, .scalar], .vector, variadic: -1, experimental: true),
            FunctionSignature("histogram_fraction", [.scalar, .scalar, .vector], .vector),
            FunctionSignature("clamp", [.vector, .scalar, .scalar], .vector),
            FunctionSignature("clamp_min", [.vector, .scalar], .vector),
            FunctionSignature("clamp_max", [.vector, .scalar], .vector),
            FunctionSignature("round", [.vector, .scalar], .vector, variadic: 1),
            FunctionSignature("scalar", [.vector], .scalar),
            FunctionSignature("vector", [.scalar], .vector),
            FunctionSignature("time", [], .scalar),
            FunctionSignature("pi", [], .scalar),
            FunctionSignature("label_replace", [.vector, .string, .string, .string, .string], .vector),
            FunctionSignature("label_join", [.vector, .string, .string, .string], .vector, variadic: -1),
            FunctionSignature("sort_by_label", [.vector, .string], .vector, variadic: -1, experimental: true),
            FunctionSignature("sort_by_label_desc", [.vector, .string], .vector, variadic: -1, experimental: true),
            FunctionSignature("info", [.vector, .vector], .vector, variadic: 1, experimental: true),
        ]
        return list
    }()

    static let table: [String: FunctionSignature] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
