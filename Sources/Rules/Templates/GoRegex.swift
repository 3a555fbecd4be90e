internal import Foundation

/// A Go `regexp` (unanchored RE2 syntax) for `match` and `reReplaceAll`, run by NSRegularExpression,
/// with Go's replacement expansion (`$1`, `${name}`, `$$`; `$1x` names group `1x`, which is empty).
struct GoRegex {
    private let regex: NSRegularExpression

    init(_ pattern: String) throws(FunctionError) {
        do {
            regex = try NSRegularExpression(pattern: pattern)
        } catch {
            throw FunctionError("error parsing regexp: invalid pattern: `\(pattern)`")
        }
    }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Go's `ReplaceAllString`: empty matches right after a previous match are skipped.
    func replaceAll(in text: String, with template: String) -> String {
        let source = text as NSString
        var out = ""
        var last = 0
        var previousEnd = -1
        for match in regex.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            if match.range.length == 0 && match.range.location == previousEnd { continue }
            out += source.substring(with: NSRange(location: last, length: match.range.location - last))
            out += expand(template, match: match, source: source)
            last = match.range.location + match.range.length
            previousEnd = last
        }
        return out + source.substring(from: last)
    }

    private func expand(_ template: String, match: NSTextCheckingResult, source: NSString) -> String {
        let chars = Array(template.unicodeScalars)
        var out = ""
        var index = 0
        while index < chars.count {
            guard chars[index] == "$", index + 1 < chars.count else { out.unicodeScalars.append(chars[index]); index += 1; continue }
            if chars[index + 1] == "$" { out += "$"; index += 2; continue }
            var name = ""
            var end = index + 1
            if chars[end] == "{" {
                guard let close = chars[(end + 1)...].firstIndex(of: "}") else { out += "$"; index += 1; continue }
                name = String(String.UnicodeScalarView(chars[(end + 1)..<close]))
                end = close + 1
            } else {
                while end < chars.count, chars[end].properties.isAlphabetic || ("0"..."9").contains(chars[end]) || chars[end] == "_" {
                    name.unicodeScalars.append(chars[end])
                    end += 1
                }
            }
            guard !name.isEmpty else { out += "$"; index += 1; continue }
            out += group(name, match: match, source: source)
            index = end
        }
        return out
    }

    private func group(_ name: String, match: NSTextCheckingResult, source: NSString) -> String {
        let range: NSRange
        if let number = Int(name), name.allSatisfy(\.isASCII) {
            guard number < match.numberOfRanges else { return "" }
            range = match.range(at: number)
        } else {
            range = match.range(withName: name)
        }
        return range.location == NSNotFound ? "" : source.substring(with: range)
    }
}

/// Go's `strconv` behaviour for the strings that Prometheus's functions convert to numbers.
enum GoNumberParsing {
    static func parseFloat(_ text: String) -> Double? {
        let lower = text.lowercased()
        switch lower {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: return lower.contains("n") ? nil : Double(text)
        }
    }

    /// `strconv.Quote` for error messages.
    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
