/// The value lists of load and range-result lines (FORMAT.md §2): `7`, `_`, `_xN`, `stale`,
/// `AxN` (N+1 copies), `A+BxN`, `A-BxN` (N+1 points), and native-histogram `{{...}}` items,
/// which are accepted but not interpreted. `x` is always the repetition operator, never hex.
public enum ExpandingNotation {
    /// Repetition counts above this are refused rather than allocating without bound.
    public static let maximumRepetitions = 10_000_000

    /// Expands a whitespace-separated value list into one slot per step, `nil` for gaps.
    public static func expand(_ text: some StringProtocol) throws(NotationError) -> [SampleValue?] {
        var result: [SampleValue?] = []
        for item in try items(Array(text.utf8)) {
            result.append(contentsOf: try expandItem(item))
        }
        return result
    }

    /// Splits on spaces and tabs outside `{{ }}`, whose bodies contain spaces of their own.
    private static func items(_ bytes: [UInt8]) throws(NotationError) -> [ArraySlice<UInt8>] {
        var items: [ArraySlice<UInt8>] = []
        var index = 0
        while index < bytes.count {
            index = SeriesNotation.skipSpaces(bytes, from: index)
            guard index < bytes.count else { break }
            let start = index
            var depth = 0
            while index < bytes.count, depth > 0 || !SeriesNotation.isSpace(bytes[index]) {
                if bytes[index] == UInt8(ascii: "{") { depth += 1 }
                if bytes[index] == UInt8(ascii: "}") { depth -= 1 }
                guard depth >= 0 else { throw NotationError("unbalanced '}' in values") }
                index += 1
            }
            guard depth == 0 else { throw NotationError("unterminated native histogram '{{' in values") }
            items.append(bytes[start..<index])
        }
        return items
    }

    private static func expandItem(_ item: ArraySlice<UInt8>) throws(NotationError) -> [SampleValue?] {
        let text = String(decoding: item, as: UTF8.self)
        if item.first == UInt8(ascii: "{") { return try expandHistogram(item, text: text) }
        if item.first == UInt8(ascii: "_") {
            if item.count == 1 { return [nil] }
            guard item.dropFirst().first == UInt8(ascii: "x") else { throw NotationError("invalid value '\(text)'") }
            return Array(repeating: nil, count: try repetitions(item.dropFirst(2), in: text))
        }
        if text.hasPrefix("stale") {
            let rest = item.dropFirst(5)
            if rest.isEmpty { return [.stale] }
            guard rest.first == UInt8(ascii: "x") else { throw NotationError("invalid value '\(text)'") }
            return Array(repeating: .stale, count: try repetitions(rest.dropFirst(), in: text) + 1)
        }
        var index = item.startIndex
        let start = try number(item, at: &index, signed: true, in: text)
        guard index < item.endIndex else { return [.float(start)] }
        var delta = 0.0
        if item[index] == UInt8(ascii: "+") || item[index] == UInt8(ascii: "-") {
            let negative = item[index] == UInt8(ascii: "-")
            index += 1
            let magnitude = try number(item, at: &index, signed: false, in: text)
            delta = negative ? -magnitude : magnitude
            guard index < item.endIndex else { throw NotationError("'\(text)' needs a repetition count: write \(text)xN") }
        }
        guard item[index] == UInt8(ascii: "x") else { throw NotationError("invalid value '\(text)'") }
        let count = try repetitions(item[(index + 1)...], in: text)
        return (0...count).map { .float(start + delta * Double($0)) }
    }

    /// `{{...}}`, `{{...}}xN`, `{{...}}+{{...}}xN` and `{{...}}-{{...}}xN`.
    private static func expandHistogram(_ item: ArraySlice<UInt8>, text: String) throws(NotationError) -> [SampleValue?] {
        var index = try histogramEnd(item, from: item.startIndex, in: text)
        guard index < item.endIndex else { return [.nativeHistogram] }
        if item[index] == UInt8(ascii: "+") || item[index] == UInt8(ascii: "-") {
            index = try histogramEnd(item, from: index + 1, in: text)
            guard index < item.endIndex else { throw NotationError("'\(text)' needs a repetition count") }
        }
        guard item[index] == UInt8(ascii: "x") else { throw NotationError("invalid native histogram value '\(text)'") }
        return Array(repeating: .nativeHistogram, count: try repetitions(item[(index + 1)...], in: text) + 1)
    }

    /// The index after the `}}` closing the histogram that opens at `start`.
    private static func histogramEnd(_ item: ArraySlice<UInt8>, from start: Int, in text: String) throws(NotationError) -> Int {
        guard item[start...].starts(with: [UInt8(ascii: "{"), UInt8(ascii: "{")]) else {
            throw NotationError("invalid native histogram value '\(text)'")
        }
        var index = start + 2
        while index + 1 < item.endIndex {
            if item[index] == UInt8(ascii: "}") && item[index + 1] == UInt8(ascii: "}") { return index + 2 }
            index += 1
        }
        throw NotationError("unterminated native histogram in '\(text)'")
    }

    private static func repetitions(_ digits: ArraySlice<UInt8>, in text: String) throws(NotationError) -> Int {
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw NotationError("invalid repetition count in '\(text)'")
        }
        guard let count = Int(String(decoding: digits, as: UTF8.self)), count <= maximumRepetitions else {
            throw NotationError("repetition count too large in '\(text)'")
        }
        return count
    }

    /// A float at `index` (`1`, `-2.5`, `1e-3`, `.5`, `Inf`, `NaN`), advancing past it.
    private static func number(_ item: ArraySlice<UInt8>, at index: inout Int, signed: Bool, in text: String) throws(NotationError) -> Double {
        let start = index
        if signed, index < item.endIndex, item[index] == UInt8(ascii: "+") || item[index] == UInt8(ascii: "-") { index += 1 }
        let bodyStart = index
        let letters = item[index...].prefix { isLetter($0) && $0 != UInt8(ascii: "x") }
        if !letters.isEmpty {
            let word = String(decoding: letters, as: UTF8.self).lowercased()
            guard word == "inf" || word == "nan" else { throw NotationError("invalid value '\(text)'") }
            index += letters.count
        } else {
            while index < item.endIndex, isDigit(item[index]) || item[index] == UInt8(ascii: ".") { index += 1 }
            if index > bodyStart, index < item.endIndex, item[index] == UInt8(ascii: "e") || item[index] == UInt8(ascii: "E") {
                var exponent = index + 1
                if exponent < item.endIndex, item[exponent] == UInt8(ascii: "+") || item[exponent] == UInt8(ascii: "-") { exponent += 1 }
                if exponent < item.endIndex, isDigit(item[exponent]) {
                    index = exponent
                    while index < item.endIndex, isDigit(item[index]) { index += 1 }
                }
            }
        }
        guard index > bodyStart, let value = Double(String(decoding: item[start..<index], as: UTF8.self)) else {
            throw NotationError("invalid value '\(text)'")
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
