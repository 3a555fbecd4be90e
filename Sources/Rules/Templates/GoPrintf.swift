import PrometheusModel

/// Go's `fmt.Sprintf`/`fmt.Sprint` for the verbs templates use (`%s %d %f %e %g %v %q %x %%`, flags
/// `-`, `0`, `+`, width and precision), including Go's `%!d(float64=1.5)` and `%!s(MISSING)` complaints.
enum GoPrintf {
    /// `fmt.Sprint`: a space between operands when neither side is a string.
    static func sprint(_ values: [TemplateValue]) -> String {
        var out = ""
        var previousWasString = true
        for (offset, value) in values.enumerated() {
            var isString = false
            if case .string = value { isString = true }
            if offset > 0 && !isString && !previousWasString { out += " " }
            out += value.printed
            previousWasString = isString
        }
        return out
    }

    static func sprintf(_ format: String, _ arguments: [TemplateValue]) -> String {
        let chars = Array(format)
        var out = ""
        var next = 0
        var index = 0
        while index < chars.count {
            guard chars[index] == "%" else { out.append(chars[index]); index += 1; continue }
            index += 1
            var flags = Set<Character>()
            while index < chars.count, "-+# 0".contains(chars[index]) { flags.insert(chars[index]); index += 1 }
            let width = digits(chars, &index)
            var precision: Int? = nil
            if index < chars.count, chars[index] == "." {
                index += 1
                precision = digits(chars, &index) ?? 0
            }
            guard index < chars.count else { out += "%!(NOVERB)"; break }
            let verb = chars[index]
            index += 1
            if verb == "%" { out += "%"; continue }
            guard next < arguments.count else { out += "%!\(verb)(MISSING)"; continue }
            let text = formatted(arguments[next], verb: verb, precision: precision, plus: flags.contains("+"))
            next += 1
            out += pad(text, width: width, left: flags.contains("-"), zero: flags.contains("0"))
        }
        if next < arguments.count {
            out += "%!(EXTRA " + arguments[next...].map { "\($0.goType)=\($0.printed)" }.joined(separator: ", ") + ")"
        }
        return out
    }

    private static func formatted(_ value: TemplateValue, verb: Character, precision: Int?, plus: Bool) -> String {
        switch (verb, value) {
        case ("v", _): return value.printed
        case ("s", .string(let text)): return precision.map { String(text.prefix($0)) } ?? text
        case ("q", .string(let text)): return GoQuote.quote(text)
        case ("d", .int(let number)): return (plus && number >= 0 ? "+" : "") + String(number)
        case ("x", .int(let number)): return String(number, radix: 16)
        case ("x", .string(let text)): return text.utf8.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        case ("t", .bool(let flag)): return flag ? "true" : "false"
        case ("f", .float(let number)), ("e", .float(let number)), ("g", .float(let number)):
            let text = GoFloatFormat.format(number, verb: verb, precision: precision)
            return plus && !text.hasPrefix("-") && !text.hasPrefix("+") ? "+" + text : text
        case ("F", .float(let number)): return GoFloatFormat.format(number, verb: "f", precision: precision)
        default: return "%!\(verb)(\(value.goType)=\(value.printed))"
        }
    }

    private static func digits(_ chars: [Character], _ index: inout Int) -> Int? {
        var value: Int? = nil
        while index < chars.count, let digit = chars[index].wholeNumberValue, chars[index].isASCII {
            value = (value ?? 0) * 10 + digit
            index += 1
        }
        return value
    }

    private static func pad(_ text: String, width: Int?, left: Bool, zero: Bool) -> String {
        guard let width, text.count < width else { return text }
        let filler = String(repeating: zero && !left ? "0" : " ", count: width - text.count)
        if left { return text + filler }
        if zero, let sign = text.first, sign == "-" || sign == "+" { return String(sign) + filler + text.dropFirst() }
        return filler + text
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
