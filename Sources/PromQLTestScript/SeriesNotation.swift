public import PrometheusModel

/// The series part of load and result lines: PromQL selector syntax limited to `=` matchers
/// (FORMAT.md §2) — `name`, `name{k="v", …}`, `{__name__="name", …}`, `{}`. Read here so this
/// module does not depend on the PromQL parser being written alongside it.
public enum SeriesNotation {
    /// Reads the series at the start of `line` and returns its labels and the text after it.
    public static func parse(_ line: some StringProtocol) throws(NotationError) -> (labels: Labels, remainder: Substring) {
        let bytes = Array(line.utf8)
        let (labels, end) = try read(bytes, at: skipSpaces(bytes, from: 0))
        let remainder = String(decoding: bytes[end...], as: UTF8.self)
        return (labels, Substring(remainder))
    }

    /// Reads a series starting at `start`; returns the labels and the index just after them.
    static func read(_ bytes: [UInt8], at start: Int) throws(NotationError) -> (Labels, Int) {
        var index = start
        var pairs: [(String, String)] = []
        var seen: Set<String> = []
        while index < bytes.count, isNameByte(bytes[index], first: index == start, colon: true) { index += 1 }
        if index > start {
            let name = String(decoding: bytes[start..<index], as: UTF8.self)
            pairs.append(("__name__", name))
            seen.insert("__name__")
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
            guard index > start else { throw NotationError("expected a metric name or '{' at the start of a series") }
            guard index == bytes.count || isSpace(bytes[index]) else {
                throw NotationError("unexpected character '\(character(bytes[index]))' in metric name")
            }
            return (Labels(pairs), index)
        }
        index += 1
        while true {
            index = skipSpaces(bytes, from: index)
            guard index < bytes.count else { throw NotationError("missing '}' at the end of the label set") }
            if bytes[index] == UInt8(ascii: "}") { break }
            let nameStart = index
            while index < bytes.count, isNameByte(bytes[index], first: index == nameStart, colon: false) { index += 1 }
            guard index > nameStart else {
                throw NotationError("expected a label name, found '\(character(bytes[index]))'")
            }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            index = skipSpaces(bytes, from: index)
            if index < bytes.count, bytes[index] == UInt8(ascii: "!") {
                throw NotationError("only '=' matchers are allowed in series notation, found '!' for \(name)")
            }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                throw NotationError("expected '=' after label name \(name)")
            }
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "~") {
                throw NotationError("only '=' matchers are allowed in series notation, found '=~' for \(name)")
            }
            index = skipSpaces(bytes, from: index)
            let (value, valueEnd) = try GoStringLiteral.read(bytes, at: index)
            index = skipSpaces(bytes, from: valueEnd)
            guard seen.insert(name).inserted else {
                throw NotationError(name == "__name__" ? "metric name given twice" : "label \(name) given twice")
            }
            pairs.append((name, value))
            guard index < bytes.count else { throw NotationError("missing '}' at the end of the label set") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] != UInt8(ascii: "}") {
                throw NotationError("expected ',' or '}' after the value of \(name), found '\(character(bytes[index]))'")
            }
        }
        return (Labels(pairs), index + 1)
    }

    /// Metric names allow `:`, label names do not; neither may start with a digit.
    private static func isNameByte(_ byte: UInt8, first: Bool, colon: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): true
        case UInt8(ascii: "0")...UInt8(ascii: "9"): !first
        case UInt8(ascii: ":"): colon
        default: false
        }
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    static func skipSpaces(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    private static func character(_ byte: UInt8) -> Character { Character(Unicode.Scalar(byte)) }
}
