import Foundation
import PrometheusModel

/// `label_replace`, `label_join`, `sort` and `sort_desc`: functions that rewrite labels or order.
enum LabelFunctions {
    /// `label_replace(v, dst, replacement, src, regex)`.
    static func replace(_ samples: [VectorSample], _ arguments: [String]) throws(EvaluationError) -> [VectorSample] {
        let (destination, replacement, source, pattern) = (arguments[0], arguments[1], arguments[2], arguments[3])
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(pattern: "\\A(?s:" + pattern + ")\\z")
        } catch {
            throw EvaluationError("invalid regular expression in label_replace(): \(pattern)")
        }
        guard isValidLabelName(destination) else {
            throw EvaluationError("invalid destination label name in label_replace(): \(destination)")
        }
        return samples.map { sample in
            let value = sample.labels[source] ?? ""
            guard let match = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) else { return sample }
            return relabel(sample, destination, expand(replacement, match, in: value, regex: regex))
        }
    }

    /// `label_join(v, dst, separator, src…)`.
    static func join(_ samples: [VectorSample], _ arguments: [String]) throws(EvaluationError) -> [VectorSample] {
        let (destination, separator, sources) = (arguments[0], arguments[1], arguments.dropFirst(2))
        guard isValidLabelName(destination) else {
            throw EvaluationError("invalid destination label name in label_join(): \(destination)")
        }
        return samples.map { sample in
            relabel(sample, destination, sources.map { sample.labels[$0] ?? "" }.joined(separator: separator))
        }
    }

    /// Writing `__name__` explicitly cancels a pending name removal.
    static func relabel(_ sample: VectorSample, _ name: String, _ value: String) -> VectorSample {
        var copy = sample
        if name == "__name__" {
            copy.labels = (sample.dropsName ? sample.labels.removing(["__name__"]) : sample.labels).setting(name, to: value)
            copy.dropsName = false
        } else {
            copy.labels = sample.labels.setting(name, to: value)
        }
        return copy
    }

    /// Any non-empty UTF-8 text is a valid name in Prometheus 3; the lexer decodes invalid UTF-8
    /// escapes such as `"\\xff"` to U+FFFD, which is therefore rejected.
    static func isValidLabelName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains("\u{FFFD}")
    }

    /// Go's `Regexp.Expand`: `$1`, `${1}`, `$name`, `${name}` and `$$`.
    static func expand(_ template: String, _ match: NSTextCheckingResult, in value: String, regex: NSRegularExpression) -> String {
        var out = ""
        var characters = Substring(template)
        while let dollar = characters.firstIndex(of: "$") {
            out += characters[..<dollar]
            characters = characters[characters.index(after: dollar)...]
            if characters.first == "$" {
                out += "$"
                characters = characters.dropFirst()
                continue
            }
            var name: Substring
            if characters.first == "{", let close = characters.firstIndex(of: "}") {
                name = characters[characters.index(after: characters.startIndex)..<close]
                characters = characters[characters.index(after: close)...]
            } else {
                let end = characters.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") } ?? characters.endIndex
                name = characters[..<end]
                characters = characters[end...]
            }
            if name.isEmpty {
                out += "$"
                continue
            }
            let range: NSRange
            if let number = Int(name) {
                range = number <= regex.numberOfCaptureGroups ? match.range(at: number) : NSRange(location: NSNotFound, length: 0)
            } else {
                range = match.range(withName: String(name))
            }
            if range.location != NSNotFound, let swiftRange = Range(range, in: value) { out += value[swiftRange] }
        }
        return out + characters
    }

    /// `sort`/`sort_desc`: by value, NaN last.
    static func sort(_ samples: [VectorSample], descending: Bool) -> [VectorSample] {
        samples.enumerated().sorted { a, b in
            let (x, y) = (a.element.value, b.element.value)
            if x.isNaN != y.isNaN { return y.isNaN }
            if x != y && !x.isNaN { return descending ? x > y : x < y }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// `sort_by_label`/`sort_by_label_desc`: by the named labels in natural order (digit runs compare
    /// as numbers), then by the whole label set.
    static func sort(_ samples: [VectorSample], byLabels names: [String], descending: Bool) -> [VectorSample] {
        samples.sorted { a, b in
            for name in names {
                let (x, y) = (a.labels[name] ?? "", b.labels[name] ?? "")
                if x == y { continue }
                return naturalLess(x, y) != descending
            }
            return labelsLess(a.labels, b.labels) != descending
        }
    }

    /// Natural order: the texts split into runs of digits and non-digits, digit runs compared as integers.
    static func naturalLess(_ a: String, _ b: String) -> Bool {
        let (left, right) = (chunks(a), chunks(b))
        for index in left.indices {
            if index >= right.count { return false }
            let isLast = index == left.count - 1
            if let x = Int(left[index]), let y = Int(right[index]) {
                if x != y { return x < y }
            } else if left[index] != right[index] {
                return left[index] < right[index]
            }
            if isLast { return true }
            if index == right.count - 1 { return false }
        }
        return false
    }

    static func chunks(_ text: String) -> [String] {
        var out: [String] = []
        for character in text {
            if let last = out.last?.last, last.isASCII && last.isNumber == (character.isASCII && character.isNumber) {
                out[out.count - 1].append(character)
            } else {
                out.append(String(character))
            }
        }
        return out
    }

    /// Label sets compared pair by pair (name, then value), shorter first when one is a prefix.
    static func labelsLess(_ a: Labels, _ b: Labels) -> Bool {
        for (x, y) in zip(a.pairs, b.pairs) {
            if x.name != y.name { return x.name < y.name }
            if x.value != y.value { return x.value < y.value }
        }
        return a.count < b.count
    }
}
