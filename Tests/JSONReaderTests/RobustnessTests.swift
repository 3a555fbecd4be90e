import JSONReader
import TestSupport
import Testing

/// Any input either parses or throws; nothing traps. Accepted input is then read through every accessor.
struct RobustnessTests {
    @Test func randomBytesParseOrThrow() {
        var random = SeededRandom(seed: 0xB17E5)
        var tape = JSONTape()
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...48, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            if (try? tape.parse(bytes)) != nil { readEverything(tape) }
        }
    }

    /// Random sequences of JSON's own characters get much further into the grammar than arbitrary bytes.
    @Test func randomTokenSoupParsesOrThrows() {
        let pieces = [
            "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\uD800", "\\uDC00", "D83D", "0", "1", "-", "+", ".",
            "e", "E", "true", "false", "null", "nul", " ", "\n", "\t", "a", "é", "😀", "\u{1F}", "1e400", "\"k\":",
        ]
        var random = SeededRandom(seed: 0x70CE5)
        var tape = JSONTape()
        var accepted = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...16, using: &random)
            let text = (0..<count).map { _ in random.pick(pieces) }.joined()
            if (try? tape.parse(Array(text.utf8))) != nil {
                accepted += 1
                readEverything(tape)
            }
        }
        #expect(accepted > 100)
    }

    /// Truncating a valid document anywhere must fail cleanly (the only valid prefixes are numbers).
    @Test func everyPrefixOfAValidDocumentParsesOrThrows() throws {
        var random = SeededRandom(seed: 0x9F1)
        var generator = RandomJSON(random: SeededRandom(seed: 0x7E1))
        var tape = JSONTape()
        for _ in 0..<40 {
            let document = generator.document()
            try tape.parse(document)
            for end in 0..<document.count where random.chance(50) {
                if (try? tape.parse(document, range: 0..<end)) != nil { readEverything(tape) }
            }
        }
    }

    func readEverything(_ tape: JSONTape) {
        var seen = 0
        var stack = [tape.root]
        while let node = stack.popLast() {
            seen += 1
            _ = (tape.string(node), tape.utf8Count(node), tape.int64(node), tape.double(node), tape.bool(node))
            _ = tape.stringEquals(node, "k")
            for (key, value) in tape.members(of: node) {
                seen += 1
                _ = tape.member(node, named: tape.string(key) ?? "")
                stack.append(value)
            }
            stack.append(contentsOf: tape.elements(of: node))
        }
        #expect(seen == tape.nodeCount)
    }
}
