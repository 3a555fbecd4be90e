import Foundation

/// Reads the `got:` alerts out of a failing `promtool test rules` report: each alert's
/// `Labels:{…}` and `Annotations:{…}` lines, whose values are Go-quoted strings.
enum PromtoolReport {
    struct Alert {
        var labels: [String: String]
        var annotations: [String: String]
    }

    static func alerts(in report: String) -> [Alert] {
        guard let got = report.range(of: "got:[") else { return [] }
        let lines = report[got.upperBound...].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var alerts: [Alert] = []
        var labels: [String: String] = [:]
        for line in lines {
            if line.hasPrefix("Labels:{") {
                labels = pairs(String(line.dropFirst("Labels:".count)))
            } else if line.hasPrefix("Annotations:{") {
                alerts.append(Alert(labels: labels, annotations: pairs(String(line.dropFirst("Annotations:".count)))))
            }
        }
        return alerts
    }

    /// `{a="x", b="y\"z"}` → pairs, undoing Go's `strconv.Quote`.
    static func pairs(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        let chars = Array(text.unicodeScalars)
        var index = 1
        while index < chars.count {
            var name = ""
            while index < chars.count, chars[index] != "=" { name.unicodeScalars.append(chars[index]); index += 1 }
            index += 2
            var value = ""
            while index < chars.count, chars[index] != "\"" {
                if chars[index] == "\\", index + 1 < chars.count {
                    index += 1
                    switch chars[index] {
                    case "n": value += "\n"
                    case "t": value += "\t"
                    case "x", "u":
                        let width = chars[index] == "x" ? 2 : 4
                        let hex = String(String.UnicodeScalarView(chars[(index + 1)...].prefix(width)))
                        value.unicodeScalars.append(Unicode.Scalar(UInt32(hex, radix: 16) ?? 63) ?? "?")
                        index += width
                    default: value.unicodeScalars.append(chars[index])
                    }
                } else {
                    value.unicodeScalars.append(chars[index])
                }
                index += 1
            }
            result[name.trimmingCharacters(in: .whitespaces)] = value
            index += 1
            while index < chars.count, chars[index] == "," || chars[index] == " " || chars[index] == "}" { index += 1 }
        }
        return result
    }
}
