internal import Foundation
internal import PrometheusModel

/// Prometheus's template functions (`template/template.go`), with its number formatting (`%.4g`
/// plus SI or binary prefixes) reproduced digit for digit.
enum PrometheusFunctions {
    static func call(_ name: String, _ arguments: [TemplateValue], data: TemplateData) throws(FunctionError) -> TemplateValue {
        switch name {
        case "humanize": return .string(humanize(try number(name, arguments)))
        case "humanize1024": return .string(humanize1024(try number(name, arguments)))
        case "humanizeDuration": return .string(humanizeDuration(try number(name, arguments)))
        case "humanizePercentage": return .string(g4(try number(name, arguments) * 100) + "%")
        case "humanizeTimestamp": return .string(try humanizeTimestamp(try number(name, arguments)))
        case "toUpper": return .string(try string(name, arguments).uppercased())
        case "toLower": return .string(try string(name, arguments).lowercased())
        case "title": return .string(title(try string(name, arguments)))
        case "match":
            try TemplateFunctions.arity(name, arguments, 2)
            return .bool(try GoRegex(try string(name, [arguments[0]])).matches(try string(name, [arguments[1]])))
        case "reReplaceAll":
            try TemplateFunctions.arity(name, arguments, 3)
            let regex = try GoRegex(try string(name, [arguments[0]]))
            return .string(regex.replaceAll(in: try string(name, [arguments[2]]), with: try string(name, [arguments[1]])))
        case "first":
            guard case .samples(let samples)? = arguments.first, arguments.count == 1 else { throw TemplateFunctions.wrongType(name, arguments.first, want: "template.queryResult") }
            guard let head = samples.first else { throw FunctionError("first() called on vector with no elements") }
            return .sample(head)
        case "label":
            try TemplateFunctions.arity(name, arguments, 2)
            guard case .sample(let sample) = arguments[1] else { throw TemplateFunctions.wrongType(name, arguments[1], want: "*template.sample") }
            return .string(sample.labels[try string(name, [arguments[0]])] ?? "")
        case "value", "strvalue":
            try TemplateFunctions.arity(name, arguments, 1)
            guard case .sample(let sample) = arguments[0] else { throw TemplateFunctions.wrongType(name, arguments[0], want: "*template.sample") }
            return name == "value" ? .float(sample.value) : .string(sample.labels["__value__"] ?? "")
        case "sortByLabel":
            try TemplateFunctions.arity(name, arguments, 2)
            guard case .samples(let samples) = arguments[1] else { throw TemplateFunctions.wrongType(name, arguments[1], want: "template.queryResult") }
            let label = try string(name, [arguments[0]])
            return .samples(samples.enumerated().sorted { left, right in
                let (a, b) = (left.element.labels[label] ?? "", right.element.labels[label] ?? "")
                return a == b ? left.offset < right.offset : Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
            }.map(\.element))
        case "args":
            return .map(Dictionary(uniqueKeysWithValues: arguments.enumerated().map { ("arg\($0.offset)", $0.element) }))
        case "query": return try query(try string(name, arguments), data: data)
        case "externalURL": return .string(data.externalURL)
        default:
            return .string(URLComponents(string: data.externalURL)?.path ?? "")
        }
    }

    private static func query(_ expression: String, data: TemplateData) throws(FunctionError) -> TemplateValue {
        guard let run = data.query else { throw FunctionError("no query engine available") }
        do {
            return .samples(try run(expression).map { QuerySample(labels: $0.labels, value: $0.value) })
        } catch {
            throw FunctionError("\(error)")
        }
    }

    /// Go's `convertToFloat`: floats, ints, and strings parsed by `strconv.ParseFloat`.
    private static func number(_ name: String, _ arguments: [TemplateValue]) throws(FunctionError) -> Double {
        try TemplateFunctions.arity(name, arguments, 1)
        switch arguments[0] {
        case .float(let value): return value
        case .int(let value): return Double(value)
        case .string(let text):
            guard let value = GoNumberParsing.parseFloat(text) else {
                throw FunctionError("strconv.ParseFloat: parsing \(GoNumberParsing.quote(text)): invalid syntax")
            }
            return value
        case let other: throw FunctionError("can't convert \(other.goType) to float")
        }
    }

    private static func string(_ name: String, _ arguments: [TemplateValue]) throws(FunctionError) -> String {
        guard arguments.count == 1 else { throw FunctionError("wrong number of args for \(name): want 1 got \(arguments.count)", builtin: true) }
        guard case .string(let text) = arguments[0] else { throw TemplateFunctions.wrongType(name, arguments[0], want: "string") }
        return text
    }

    private static func g4(_ value: Double) -> String { GoFloatFormat.format(value, verb: "g", precision: 4) }

    static func humanize(_ value: Double) -> String {
        if value == 0 || !value.isFinite { return g4(value) }
        var scaled = value
        var prefix = ""
        if scaled.magnitude >= 1 {
            for next in ["k", "M", "G", "T", "P", "E", "Z", "Y"] where scaled.magnitude >= 1000 {
                prefix = next
                scaled /= 1000
            }
        } else {
            for next in ["m", "u", "n", "p", "f", "a", "z", "y"] where scaled.magnitude < 1 {
                prefix = next
                scaled *= 1000
            }
        }
        return g4(scaled) + prefix
    }

    static func humanize1024(_ value: Double) -> String {
        if value.magnitude <= 1 || !value.isFinite { return g4(value) }
        var scaled = value
        var prefix = ""
        for next in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] where scaled.magnitude >= 1024 {
            prefix = next
            scaled /= 1024
        }
        return g4(scaled) + prefix
    }

    static func humanizeDuration(_ value: Double) -> String {
        if !value.isFinite { return g4(value) }
        if value == 0 { return g4(value) + "s" }
        guard value.magnitude >= 1 else {
            var scaled = value
            var prefix = ""
            for next in ["m", "u", "n", "p", "f", "a", "z", "y"] where scaled.magnitude < 1 {
                prefix = next
                scaled *= 1000
            }
            return g4(scaled) + prefix + "s"
        }
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        // Go's int64 conversion of an out-of-range float gives the minimum int64 on amd64.
        let total = magnitude < 9.223372036854775807e18 ? Int64(magnitude) : Int64.min
        let (seconds, minutes, hours, days) = (total % 60, total / 60 % 60, total / 3600 % 24, total / 86400)
        if days != 0 { return "\(sign)\(days)d \(hours)h \(minutes)m \(seconds)s" }
        if hours != 0 { return "\(sign)\(hours)h \(minutes)m \(seconds)s" }
        if minutes != 0 { return "\(sign)\(minutes)m \(seconds)s" }
        return sign + g4(magnitude) + "s"
    }

    /// Go's `fmt.Sprint(time.Time)` in UTC (`2006-01-02 15:04:05.999 +0000 UTC`) of the value truncated
    /// to milliseconds, as Prometheus's `model.TimeFromUnixNano` does.
    static func humanizeTimestamp(_ value: Double) throws(FunctionError) -> String {
        if !value.isFinite { return g4(value) }
        let nanosecondsProduct = value * 1e9
        guard nanosecondsProduct < 9.223372036854775807e18, nanosecondsProduct >= -9.223372036854775808e18 else {
            throw FunctionError("\(GoFloatFormat.shortest(value)) cannot be represented as a nanoseconds timestamp since it overflows int64")
        }
        let milliseconds = Int64(nanosecondsProduct) / 1_000_000
        var seconds = milliseconds / 1000
        var fraction = milliseconds % 1000 * 1_000_000
        if fraction < 0 { seconds -= 1; fraction += 1_000_000_000 }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(seconds)))
        func two(_ number: Int?) -> String { number.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        var out = "\(String(format: "%04d", parts.year ?? 0))-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 9 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            out += "." + digits
        }
        return out + " +0000 UTC"
    }

    /// Go's deprecated `strings.Title`: upper-cases each letter that follows a separator.
    static func title(_ text: String) -> String {
        var out = ""
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            if isSeparator(previous) {
                out += String(scalar).uppercased().count == 1 ? String(scalar).uppercased() : String(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
            previous = scalar
        }
        return out
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
        }
        if scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal { return false }
        return scalar.properties.isWhitespace
    }
}
