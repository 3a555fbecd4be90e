import Foundation
public import Testing

/// One llhttp request case from `shared/conformance/http/request/*.md`, paired with its `CASES.tsv` row.
public struct LLHTTPCase: Sendable, CustomTestStringConvertible {
    public var file: String
    /// Line of the case heading, as in `CASES.tsv`.
    public var line: Int
    public var title: String
    /// `meta.type`, e.g. `request` or `request-lenient-headers`.
    public var type: String
    /// `meta.skipBody`: llhttp's application says no body follows (an API feature, meant for HEAD responses).
    public var skipBody: Bool
    /// `strict_server` from `CASES.tsv`.
    public var verdict: String
    /// The bytes sent, built per FORMAT.md §2.
    public var input: [UInt8]
    public var log: [LogLine]

    public var testDescription: String { "\(file):\(line) \(title)" }

    /// The messages the log describes, in order.
    public var messages: [LoggedMessage] { LoggedMessage.messages(in: log) }

    /// `finish=N` of a `request-finish` case.
    public var finish: Int? {
        log.lazy.compactMap { if case .finish(let value) = $0 { value } else { nil } }.first
    }
}

/// One line of a `log` block (FORMAT.md §4), reduced to what a request parser can be compared on.
public enum LogLine: Equatable, Sendable {
    case messageBegin
    case span(name: String, bytes: [UInt8])
    case headersComplete(flags: Int, contentLength: Int)
    case chunkHeader(size: Int)
    case messageComplete
    case error(code: Int, reason: String)
    case finish(Int)
    /// `... complete` of an element, `reset`, `pause`, `skip body` and the like.
    case other(String)
}

/// A message as the log shows it: fragments of the same span merged, header values in arrival order.
public struct LoggedMessage: Sendable {
    public struct Field: Sendable {
        public var name: [UInt8]
        public var value: [UInt8]
    }

    public var method: [UInt8] = []
    public var url: [UInt8] = []
    public var fields: [Field] = []
    public var body: [UInt8] = []
    public var headersComplete = false
    public var flags = 0
    public var contentLength = 0
    public var chunkSizes: [Int] = []
    public var complete = false

    public var isChunked: Bool { flags & 0x8 != 0 }
    public var methodText: String { String(decoding: method, as: UTF8.self) }

    /// The values of every field called `name` (ASCII case-insensitive).
    public func values(of name: String) -> [String] {
        fields.filter { String(decoding: $0.name, as: UTF8.self).lowercased() == name }
            .map { String(decoding: $0.value, as: UTF8.self) }
    }

    public static func messages(in log: [LogLine]) -> [LoggedMessage] {
        var messages: [LoggedMessage] = []
        var previousSpan: String?
        for line in log {
            if case .messageBegin = line { messages.append(LoggedMessage()) }
            guard !messages.isEmpty else { continue }
            messages[messages.count - 1].record(line, after: previousSpan)
            if case .span(let name, _) = line { previousSpan = name } else { previousSpan = nil }
        }
        return messages
    }

    private mutating func record(_ line: LogLine, after previousSpan: String?) {
        switch line {
        case .span("method", let bytes): method += bytes
        case .span("url", let bytes): url += bytes
        case .span("header_field", let bytes) where previousSpan == "header_field": fields[fields.count - 1].name += bytes
        case .span("header_field", let bytes): fields.append(Field(name: bytes, value: []))
        case .span("header_value", let bytes): fields[fields.count - 1].value += bytes
        case .span("body", let bytes): body += bytes
        case .headersComplete(let flags, let contentLength):
            headersComplete = true
            self.flags = flags
            self.contentLength = contentLength
        case .chunkHeader(let size): chunkSizes.append(size)
        case .messageComplete: complete = true
        default: break
        }
    }
}

public enum LLHTTPCorpus {
    public static let directory = "conformance/http/request"

    /// Every case of every `request/*.md`, each paired with its `CASES.tsv` row (by file and heading line).
    public static func load() throws -> [LLHTTPCase] {
        let rows = try verdictRows()
        let files = try FileManager.default.contentsOfDirectory(atPath: SharedData.url(directory).path)
            .filter { $0.hasSuffix(".md") }.sorted()
        var cases: [LLHTTPCase] = []
        for file in files {
            for raw in try MarkdownCaseReader.cases(in: SharedData.text("\(directory)/\(file)")) {
                let key = "request/\(file):\(raw.line)"
                guard let row = rows[key] else { throw CorpusError("no CASES.tsv row for \(key) \(raw.title)") }
                guard row.type == raw.type, row.title == raw.title else {
                    throw CorpusError("CASES.tsv row \(key) says \(row.type) \(row.title)")
                }
                cases.append(
                    LLHTTPCase(
                        file: file, line: raw.line, title: raw.title, type: raw.type,
                        skipBody: raw.skipBody, verdict: row.verdict,
                        input: raw.input, log: try raw.logLines.map(parseLogLine)))
            }
        }
        guard cases.count == rows.count else {
            throw CorpusError("\(cases.count) cases in the Markdown files, \(rows.count) rows in CASES.tsv")
        }
        return cases
    }

    private struct Row {
        var type: String
        var verdict: String
        var title: String
    }

    /// `CASES.tsv`: file, line, llhttp_type, strict_server, llhttp_error, title.
    private static func verdictRows() throws -> [String: Row] {
        var rows: [String: Row] = [:]
        for line in try SharedData.text("conformance/http/CASES.tsv").split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 6 else { throw CorpusError("bad CASES.tsv line: \(line)") }
            rows["\(columns[0]):\(columns[1])"] = Row(type: columns[2], verdict: columns[3], title: columns[5])
        }
        return rows
    }

    /// One `log` line (FORMAT.md §4). Span text is checked against its `len=`.
    public static func parseLogLine(_ line: String) throws -> LogLine {
        let words = line.split(separator: " ", maxSplits: 1).map(String.init)
        guard words.count == 2, words[0].hasPrefix("off=") else { throw CorpusError("bad log line: \(line)") }
        let rest = words[1]
        if rest == "message begin" { return .messageBegin }
        if rest == "message complete" { return .messageComplete }
        if rest.hasPrefix("finish=") { return .finish(Int(rest.dropFirst(7)) ?? -1) }
        if rest.hasPrefix("chunk header len=") { return .chunkHeader(size: Int(rest.dropFirst(17)) ?? -1) }
        if rest.hasPrefix("headers complete ") {
            let pairs = Dictionary(
                uniqueKeysWithValues: rest.split(separator: " ").compactMap { part -> (String, String)? in
                    let kv = part.split(separator: "=", maxSplits: 1)
                    return kv.count == 2 ? (String(kv[0]), String(kv[1])) : nil
                })
            guard let flags = pairs["flags"].flatMap({ Int($0, radix: 16) }),
                let contentLength = pairs["content_length"].flatMap({ Int($0) })
            else { throw CorpusError("bad headers complete line: \(line)") }
            return .headersComplete(flags: flags, contentLength: contentLength)
        }
        if rest.hasPrefix("error code=") {
            let afterCode = rest.dropFirst(11)
            let code = Int(afterCode.prefix { $0.isNumber }) ?? -1
            let reason = afterCode.split(separator: "\"", maxSplits: 1).dropFirst().first.map { String($0.dropLast()) }
            return .error(code: code, reason: reason ?? "")
        }
        if rest.hasPrefix("len="), let open = rest.range(of: " span["), let close = rest.range(of: "]=") {
            let length = Int(rest[rest.index(rest.startIndex, offsetBy: 4)..<open.lowerBound]) ?? -1
            let name = String(rest[open.upperBound..<close.lowerBound])
            let printed = rest[close.upperBound...]
            let bytes: [UInt8]
            switch printed {
            case "cr": bytes = [0x0D]
            case "lf": bytes = [0x0A]
            default:
                guard printed.count >= 2, printed.first == "\"", printed.last == "\"" else {
                    throw CorpusError("bad span text: \(line)")
                }
                let text = printed.dropFirst().dropLast()
                let unescaped = text.replacingOccurrences(of: "\\t", with: "\t")
                    .replacingOccurrences(of: "\\f", with: "\u{0C}")
                bytes = Array(unescaped.utf8)
            }
            guard bytes.count == length else {
                throw CorpusError("span has \(bytes.count) bytes, log says \(length): \(line)")
            }
            return .span(name: name, bytes: bytes)
        }
        return .other(rest)
    }
}

public struct CorpusError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
