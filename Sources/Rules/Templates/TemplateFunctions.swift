internal import PrometheusModel

/// A function's complaint; `builtin` errors print bare, others as `error calling NAME: …` (as Go does).
struct FunctionError: Error {
    var message: String
    var builtin: Bool

    init(_ message: String, builtin: Bool = false) {
        self.message = message
        self.builtin = builtin
    }
}

/// The functions a template may call: Go's built-ins plus Prometheus's alerting functions.
enum TemplateFunctions {
    static let names: Set<String> = [
        "and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge",
        "humanize", "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp",
        "toUpper", "toLower", "title", "reReplaceAll", "match", "first", "label", "value", "strvalue",
        "args", "query", "sortByLabel", "externalURL", "pathPrefix",
    ]

    static func call(_ name: String, _ arguments: [TemplateValue], data: TemplateData) throws(FunctionError) -> TemplateValue {
        switch name {
        case "not":
            try arity(name, arguments, 1)
            return .bool(!arguments[0].isTrue)
        case "len": return try length(arguments)
        case "index": return try index(arguments)
        case "print": return .string(GoPrintf.sprint(arguments))
        case "println": return .string(arguments.map(\.printed).joined(separator: " ") + "\n")
        case "printf":
            guard case .string(let format)? = arguments.first else { throw wrongType(name, arguments.first, want: "string") }
            return .string(GoPrintf.sprintf(format, Array(arguments.dropFirst())))
        case "eq", "ne", "lt", "le", "gt", "ge": return .bool(try TemplateComparison.compare(name, arguments))
        default: return try PrometheusFunctions.call(name, arguments, data: data)
        }
    }

    static func arity(_ name: String, _ arguments: [TemplateValue], _ count: Int) throws(FunctionError) {
        guard arguments.count == count else {
            throw FunctionError("wrong number of args for \(name): want \(count) got \(arguments.count)", builtin: true)
        }
    }

    static func wrongType(_ name: String, _ value: TemplateValue?, want: String) -> FunctionError {
        FunctionError("wrong type for value; expected \(want); got \(value?.goType ?? "<nil>")", builtin: true)
    }

    private static func length(_ arguments: [TemplateValue]) throws(FunctionError) -> TemplateValue {
        try arity("len", arguments, 1)
        switch arguments[0] {
        case .string(let value): return .int(value.utf8.count)
        case .labels(let labels): return .int(labels.count)
        case .samples(let samples): return .int(samples.count)
        case .map(let entries): return .int(entries.count)
        case let other: throw FunctionError("len of type \(other.goType)")
        }
    }

    private static func index(_ arguments: [TemplateValue]) throws(FunctionError) -> TemplateValue {
        guard var value = arguments.first else { throw FunctionError("wrong number of args for index: want at least 1 got 0", builtin: true) }
        for key in arguments.dropFirst() {
            switch (value, key) {
            case (.labels(let labels), .string(let name)): value = .string(labels[name] ?? "")
            case (.map(let entries), .string(let name)): value = entries[name] ?? .nilValue
            case (.samples(let samples), .int(let position)):
                guard samples.indices.contains(position) else { throw FunctionError("error calling index: index out of range: \(position)", builtin: true) }
                value = .sample(samples[position])
            case (.missing, _), (.nilValue, _): throw FunctionError("error calling index: index of untyped nil", builtin: true)
            default: throw FunctionError("error calling index: cannot index slice/array with type \(key.goType)", builtin: true)
            }
        }
        return value
    }
}

/// Go's `eq ne lt le gt ge`: same basic kinds only (`gt $value 0` fails: float64 against int).
enum TemplateComparison {
    static func compare(_ name: String, _ arguments: [TemplateValue]) throws(FunctionError) -> Bool {
        if name == "eq" {
            guard arguments.count >= 2 else { throw FunctionError("missing argument for comparison") }
            for other in arguments.dropFirst() where try order(arguments[0], other, equalityOnly: true) == 0 { return true }
            return false
        }
        try TemplateFunctions.arity(name, arguments, 2)
        let result = try order(arguments[0], arguments[1], equalityOnly: name == "ne")
        switch name {
        case "ne": return result != 0
        case "lt": return result < 0
        case "le": return result <= 0
        case "gt": return result > 0
        default: return result >= 0
        }
    }

    /// -1, 0 or 1; NaN compares unequal and unordered (reported as 2).
    private static func order(_ left: TemplateValue, _ right: TemplateValue, equalityOnly: Bool) throws(FunctionError) -> Int {
        switch (left, right) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.float(let a), .float(let b)): return a < b ? -1 : (a == b ? 0 : (a > b ? 1 : 2))
        case (.string(let a), .string(let b)):
            let (x, y) = (Array(a.utf8), Array(b.utf8))
            return x.lexicographicallyPrecedes(y) ? -1 : (x == y ? 0 : 1)
        case (.bool(let a), .bool(let b)):
            guard equalityOnly else { throw FunctionError("invalid type for comparison") }
            return a == b ? 0 : 1
        case (.int, .float), (.float, .int), (.int, .string), (.string, .int), (.float, .string), (.string, .float),
             (.bool, .int), (.bool, .float), (.bool, .string), (.int, .bool), (.float, .bool), (.string, .bool):
            throw FunctionError("incompatible types for comparison")
        default:
            throw FunctionError("invalid type for comparison")
        }
    }
}
