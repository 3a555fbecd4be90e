import JSONReader
import Testing

struct NDJSONLinesTests {
    func lines(_ text: String) -> [NDJSONLine] {
        Array(JSONTape.lines(in: Array(text.utf8)))
    }

    @Test func splitsOnLFAndCRLFAndSkipsBlankLines() {
        let text = "{\"a\":1}\n\r\n  \t\n[2]\r\n\n\"a string longer than eight bytes\"\n \t\r\n3"
        let found = lines(text)
        #expect(found.map(\.number) == [1, 4, 6, 8])
        let bytes = Array(text.utf8)
        #expect(
            found.map { String(decoding: bytes[$0.range], as: UTF8.self) } == [
                "{\"a\":1}", "[2]", "\"a string longer than eight bytes\"", "3",
            ])
    }

    @Test(arguments: ["", "\n", "\r\n", " \n\t\r\n\n", String(repeating: " ", count: 40)])
    func blankBodiesHaveNoLines(text: String) {
        #expect(lines(text).isEmpty)
    }

    @Test func keepsInnerWhitespaceAndCRForTheParser() {
        let found = lines(" {} \r\n\r{}\n")
        #expect(found.map(\.range) == [0..<4, 6..<9])
    }

    @Test func eachLineParsesOnItsOwnAndErrorsNameTheLine() throws {
        let body = Array(
            "{\"event\":\"a\"}\n{\"event\":\"b\",}\n\n{\"event\":\n\"c\"}\n{\"event\":\"d\"}\r\n".utf8)
        var tape = JSONTape()
        var accepted: [String] = []
        var rejected: [Int: String] = [:]
        for line in JSONTape.lines(in: body) {
            do {
                try tape.parse(body, range: line.range)
                accepted.append(tape.member(tape.root, named: "event").flatMap(tape.string) ?? "?")
            } catch {
                rejected[line.number] = error.description
            }
        }
        #expect(accepted == ["a", "d"])
        #expect(
            rejected == [
                2: "trailing comma in object at byte 13",
                4: "unexpected end of input at byte 9",  // a value may not continue on the next line
                5: "unexpected data after the JSON value at byte 3",
            ])
    }

    @Test func findsEveryNewlinePosition() {
        // Each position relative to the eight-byte words of the fast scan.
        for length in 0..<24 {
            let line = String(repeating: "1", count: length)
            let found = lines(line + "\n" + line + "\n")
            #expect(found.map(\.range) == (length == 0 ? [] : [0..<length, length + 1..<2 * length + 1]))
        }
    }
}
