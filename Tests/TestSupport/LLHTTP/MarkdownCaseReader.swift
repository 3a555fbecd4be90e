import Foundation

/// Reads llhttp's Markdown test files as FORMAT.md describes them: a `#` heading, then a
/// `<!-- meta={...} -->` comment, an `http` block (the input) and a `log` block (the expected events).
public enum MarkdownCaseReader {
    public struct RawCase {
        public var line: Int
        public var title: String
        public var type: String
        public var skipBody: Bool
        public var input: [UInt8]
        public var logLines: [String]
    }

    public static func cases(in markdown: String) throws -> [RawCase] {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var cases: [RawCase] = []
        var heading: (line: Int, title: String)?
        var meta: [String: Any]?
        var httpBlock: [String]?
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("#") {
                heading = (index + 1, line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces))
                meta = nil
                httpBlock = nil
            } else if line.hasPrefix("<!-- meta=") {
                let json = line.dropFirst("<!-- meta=".count).replacingOccurrences(of: "-->", with: "")
                meta = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            } else if line == "```http" || line == "```log" {
                let end = try closingFence(in: lines, after: index)
                let block = Array(lines[(index + 1)..<end])
                if line == "```http" {
                    httpBlock = block
                } else {
                    guard let heading, let meta, let type = meta["type"] as? String, let httpBlock else {
                        throw CorpusError("log block at line \(index + 1) without heading, meta and http block")
                    }
                    cases.append(
                        RawCase(
                            line: heading.line, title: heading.title, type: type,
                            skipBody: meta["skipBody"] as? Bool ?? false, input: try inputBytes(httpBlock),
                            logLines: block))
                }
                index = end
            }
            index += 1
        }
        return cases
    }

    private static func closingFence(in lines: [String], after start: Int) throws -> Int {
        guard let end = lines[(start + 1)...].firstIndex(of: "```") else {
            throw CorpusError("unclosed code block at line \(start + 1)")
        }
        return end
    }

    /// FORMAT.md §2: (1) the block without its final line break, (2) `\` at a line end joins lines,
    /// (3) line breaks become CR LF, (4) escapes `\r \n \t \f \xHH \NNN`, (5) UTF-8.
    public static func inputBytes(_ blockLines: [String]) throws -> [UInt8] {
        let joined = blockLines.joined(separator: "\n")
            .replacingOccurrences(of: "\\\n", with: "")
            .replacingOccurrences(of: "\n", with: "\r\n")
        var output = String.UnicodeScalarView()
        let scalars = Array(joined.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            guard scalar == "\\", i + 1 < scalars.count else {
                output.append(scalar)
                i += 1
                continue
            }
            let next = scalars[i + 1]
            switch next {
            case "r":
                output.append("\r")
                i += 2
            case "n":
                output.append("\n")
                i += 2
            case "t":
                output.append("\t")
                i += 2
            case "f":
                output.append("\u{0C}")
                i += 2
            case "x" where i + 3 < scalars.count && isHex(scalars[i + 2]) && isHex(scalars[i + 3]):
                output.append(try escapedScalar(String(String.UnicodeScalarView(scalars[(i + 2)...(i + 3)])), radix: 16))
                i += 4
            case "0"..."7":
                var end = i + 1
                while end < scalars.count, end < i + 4, ("0"..."7").contains(scalars[end]) { end += 1 }
                output.append(try escapedScalar(String(String.UnicodeScalarView(scalars[(i + 1)..<end])), radix: 8))
                i = end
            default:
                output.append(scalar)
                i += 1
            }
        }
        return Array(String(output).utf8)
    }

    private static func isHex(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isASCIIHexDigit
    }

    private static func escapedScalar(_ digits: String, radix: Int) throws -> Unicode.Scalar {
        guard let value = UInt32(digits, radix: radix), let scalar = Unicode.Scalar(value) else {
            throw CorpusError("bad escape \\\(digits)")
        }
        return scalar
    }
}
