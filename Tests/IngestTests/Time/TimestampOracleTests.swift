import Ingest
import TestSupport
import Testing

/// Python's `datetime` is the independent oracle: it reads thousands of generated RFC 3339
/// timestamps (random dates 1970–2100, offsets, separators and fraction lengths 0–9) and writes
/// the RFC 3339 text of random instants across years 0001–9999. Python truncates fractions to
/// microseconds, as `EventTimestamp` does, so every answer must agree to the microsecond.
/// Python 3.11's `fromisoformat` rejects a lowercase `z`, so it is given the text upper-cased.
struct TimestampOracleTests {
    @Test func parsingAgreesWithPythonToTheMicrosecond() throws {
        var random = SeededRandom(seed: 3339)
        let texts = (0..<3000).map { _ in Self.randomTimestamp(&random) }
        let input = texts.map { $0.uppercased() }.joined(separator: "\n") + "\n"
        let answers = try Self.askPython("parse", input)
        try #require(answers.count == texts.count)
        var disagreements: [String] = []
        for (text, answer) in zip(texts, answers) {
            let parsed = EventTimestamp.parseRFC3339(text.utf8)
            let microseconds = parsed.map { Int(($0 * 1_000_000).rounded()) }
            if microseconds != Int(answer) {
                disagreements.append("\(text): \(String(describing: parsed)), Python says \(answer) µs")
            }
        }
        let firstDisagreements = disagreements.prefix(5)
        #expect(disagreements.count == 0, "\(firstDisagreements)")
    }

    @Test func formattingAgreesWithPython() throws {
        var random = SeededRandom(seed: 8601)
        let earliest = -62_135_596_800_000  // 0001-01-01T00:00:00Z, Python's first instant
        let latest = 253_402_300_799_999  // 9999-12-31T23:59:59.999Z
        let recent = 4_102_444_800_000  // 2100-01-01T00:00:00Z
        let milliseconds = (0..<2000).map { index in
            index % 2 == 0
                ? Int(random.next() % UInt64(recent))
                : earliest + Int(random.next() % UInt64(latest - earliest + 1))
        }
        let answers = try Self.askPython("format", milliseconds.map(String.init).joined(separator: "\n") + "\n")
        try #require(answers.count == milliseconds.count)
        var disagreements: [String] = []
        for (value, answer) in zip(milliseconds, answers) {
            let text = EventTimestamp.format(Double(value) / 1000)
            if text != answer { disagreements.append("\(value) ms: \(text), Python says \(answer)") }
        }
        let firstDisagreements = disagreements.prefix(5)
        #expect(disagreements.count == 0, "\(firstDisagreements)")
    }

    private static let script = """
        import sys
        from datetime import datetime, timedelta, timezone
        EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
        for line in sys.stdin.read().splitlines():
            if sys.argv[1] == "parse":
                print((datetime.fromisoformat(line) - EPOCH) // timedelta(microseconds=1))
            else:
                moment = EPOCH + timedelta(milliseconds=int(line))
                print(moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"))
        """

    private static func askPython(_ mode: String, _ input: String) throws -> [Substring] {
        let python = try #require(ExternalTool.find("python3"), "python3 is not installed")
        let result = try ExternalTool.run(python, ["-c", script, mode], stdin: Array(input.utf8))
        try #require(result.status == 0, "python3: \(result.stderr)")
        return result.stdout.split(separator: "\n")
    }

    private static func randomTimestamp(_ random: inout SeededRandom) -> String {
        func pick(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(random.next() % UInt64(range.count))
        }
        func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: width - text.count) + text
        }
        let year = pick(1970...2100)
        let month = pick(1...12)
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthLengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let day = pick(1...monthLengths[month - 1])
        let separator = ["T", "T", "T", "T", "t", " "][pick(0...5)]
        var text = "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))\(separator)"
        text += "\(digits(pick(0...23), 2)):\(digits(pick(0...59), 2)):\(digits(pick(0...59), 2))"
        let fractionLength = pick(0...9)
        if fractionLength > 0 {
            text += "." + (0..<fractionLength).map { _ in String(pick(0...9)) }.joined()
        }
        switch pick(0...7) {
        case 0, 1: text += "Z"
        case 2: text += "z"
        default: text += "\(pick(0...1) == 0 ? "+" : "-")\(digits(pick(0...23), 2)):\(digits(pick(0...59), 2))"
        }
        return text
    }
}
