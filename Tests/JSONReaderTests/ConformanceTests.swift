import JSONReader
import Testing

/// Hand-written RFC 8259 accept/reject cases, one per rule.
struct ConformanceTests {
    @Test(arguments: Cases.accepted)
    func accepts(_ input: JSONCase) throws {
        var tape = JSONTape()
        try tape.parse(input.bytes)
        #expect(tape.nodeCount > 0)
    }

    @Test(arguments: Cases.rejected)
    func rejects(_ input: JSONCase) {
        var tape = JSONTape()
        #expect(throws: JSONError.self) { try tape.parse(input.bytes) }
        #expect(tape.nodeCount == 0)
    }

    @Test(arguments: [
        ("", "expected a JSON value, found end of input at byte 0"),
        ("   ", "expected a JSON value, found end of input at byte 3"),
        (#"{"a" 1}"#, "expected ':' after object key at byte 5"),
        (#"{"a":1,}"#, "trailing comma in object at byte 7"),
        ("[1,]", "trailing comma in array at byte 3"),
        ("[1 2]", "expected ',' or ']' after array element at byte 3"),
        (#"{"a":1 "b":2}"#, "expected ',' or '}' after object member at byte 7"),
        ("{a:1}", "expected a string as object key at byte 1"),
        ("[1", "unexpected end of input at byte 2"),
        ("{} x", "unexpected data after the JSON value at byte 3"),
        ("[01]", "leading zeros are not allowed in numbers at byte 1"),
        ("-x", "expected a digit at byte 1"),
        ("1.e5", "expected a digit after the decimal point at byte 2"),
        ("1e+", "expected a digit in the exponent at byte 3"),
        ("[+1]", "expected a JSON value at byte 1"),
        ("[nul]", "invalid literal (expected true, false or null) at byte 1"),
        (#"["abc"#, "unterminated string at byte 1"),
        ("[\"a\nb\"]", "unescaped control character in string at byte 3"),
        (#"["a\qb"]"#, "invalid escape sequence at byte 3"),
        (#"["\u12x4"]"#, "\\u must be followed by four hex digits at byte 2"),
        (#"["ab\uDE00"]"#, "\\u escape is an unpaired UTF-16 surrogate at byte 4"),
    ])
    func describesTheProblemAndWhereItIs(input: String, message: String) {
        var tape = JSONTape()
        let error = #expect(throws: JSONError.self) { try tape.parse(Array(input.utf8)) }
        #expect(error?.description == message)
    }

    @Test func pointsAtTheFirstInvalidUTF8Byte() {
        var tape = JSONTape()
        #expect(throws: JSONError(reason: "invalid UTF-8", offset: 4)) {
            try tape.parse(Array(#"["é"#.utf8) + [0xED, 0xA0, 0x80, 0x22, 0x5D])
        }
        #expect(throws: JSONError(reason: "byte order mark is not allowed", offset: 0)) {
            try tape.parse([0xEF, 0xBB, 0xBF, 0x31])
        }
    }

    @Test func depthLimitIsConfigurableAndNeverRecurses() throws {
        var shallow = JSONTape(maxDepth: 3)
        try shallow.parse(Array(#"[{"a":[1]}]"#.utf8))
        #expect(throws: JSONError(reason: "nesting is deeper than the limit", offset: 7)) {
            try shallow.parse(Array(#"[{"a":[[1]]}]"#.utf8))
        }
        // Far beyond any stack: rejected at the limit in constant stack space.
        var tape = JSONTape()
        let deep = Array(String(repeating: "[", count: 1_000_000).utf8)
        #expect(throws: JSONError(reason: "nesting is deeper than the limit", offset: 64)) { try tape.parse(deep) }
    }

    @Test func errorOffsetsCountFromTheStartOfTheRange() {
        var tape = JSONTape()
        let buffer = Array("{\"ok\":1}\n[1,]\n".utf8)
        #expect(throws: JSONError(reason: "trailing comma in array", offset: 3)) {
            try tape.parse(buffer, range: 9..<13)
        }
    }

    @Test func parsesARangeAndIgnoresTheBytesAroundIt() throws {
        var tape = JSONTape()
        let buffer = Array("garbage[1,2]garbage".utf8)
        try tape.parse(buffer, range: 7..<12)
        #expect(tape.kind(tape.root) == .array)
        #expect(tape.byteRange(tape.root) == 7..<12)
        // A number that ends at the range's end is complete, even if a digit follows in the buffer.
        let digits = Array("12345".utf8)
        try tape.parse(digits, range: 1..<3)
        #expect(tape.int64(tape.root) == 23)
        // A string must close inside the range.
        #expect(throws: JSONError(reason: "unterminated string", offset: 0)) {
            try tape.parse(Array(#""abc""#.utf8), range: 0..<4)
        }
    }
}
