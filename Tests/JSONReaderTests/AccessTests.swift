import JSONReader
import Testing

/// Reading values back from a parsed tape: containers, keys, strings, literals.
struct AccessTests {
    static let event = #"""
        {"event":"chat_message_delivered","event_id":"e-1","timestamp":"2026-11-23T08:21:56.737Z",\#
        "properties":{"message_id":"m-5f2c9a1e","thread_id":"t-42","delivery_latency_ms":123,\#
        "delivery_channel":"ws","region":"eu"}}
        """#

    func parsed(_ text: String) throws -> JSONTape {
        var tape = JSONTape()
        try tape.parse(Array(text.utf8))
        return tape
    }

    @Test func readsTheIngestEvent() throws {
        let tape = try parsed(Self.event)
        let root = tape.root
        #expect(tape.kind(root) == .object)
        #expect(tape.stringEquals(try #require(tape.member(root, named: "event")), "chat_message_delivered"))
        #expect(tape.member(root, named: "event_id").flatMap(tape.string) == "e-1")
        #expect(tape.member(root, named: "timestamp").flatMap(tape.string) == "2026-11-23T08:21:56.737Z")
        let properties = try #require(tape.member(root, named: "properties"))
        #expect(tape.count(of: properties) == 5)
        #expect(tape.member(properties, named: "delivery_latency_ms").flatMap(tape.int64) == 123)
        #expect(tape.member(properties, named: "region").flatMap(tape.string) == "eu")
        #expect(tape.member(root, named: "region") == nil)  // members of nested objects are not members of the root
        #expect(tape.member(root, named: "distinct_id") == nil)
    }

    @Test func iteratesMembersInOrderSkippingNestedValues() throws {
        let tape = try parsed(#"{"a":{"x":[1,{"y":[2,3]}],"z":{}},"b":[[],[4]],"c":null}"#)
        let keys = tape.members(of: tape.root).map { tape.string($0.key) }
        #expect(keys == ["a", "b", "c"])
        let kinds = tape.members(of: tape.root).map { tape.kind($0.value) }
        #expect(kinds == [.object, .array, .null])
        let b = try #require(tape.member(tape.root, named: "b"))
        #expect(tape.elements(of: b).map { tape.count(of: $0) } == [0, 1])
        #expect(tape.count(of: tape.root) == 3)
        #expect(tape.nodeCount == 20)
    }

    @Test func iteratesArrayElements() throws {
        let tape = try parsed(#"[1,"two",[3,[4]],{"five":5},true,false,null]"#)
        let kinds = tape.elements(of: tape.root).map { tape.kind($0) }
        #expect(kinds == [.number, .string, .array, .object, .bool(true), .bool(false), .null])
        #expect(tape.elements(of: tape.root).map { tape.int64($0) } == [1, nil, nil, nil, nil, nil, nil])
        #expect(tape.count(of: tape.root) == 7)
    }

    @Test func containerAccessorsOnTheWrongKindAreEmpty() throws {
        let tape = try parsed(#"[{"a":1}]"#)
        #expect(Array(tape.members(of: tape.root)).isEmpty)
        #expect(tape.member(tape.root, named: "a") == nil)
        let object = try #require(tape.elements(of: tape.root).first { _ in true })
        #expect(Array(tape.elements(of: object)).isEmpty)
        let one = try #require(tape.member(object, named: "a"))
        #expect(tape.count(of: one) == nil)
        #expect(Array(tape.elements(of: one)).isEmpty)
        #expect(tape.string(one) == nil)
        #expect(tape.bool(one) == nil)
        #expect(!tape.isNull(one))
    }

    @Test func duplicateKeysAreKeptAndLookupReturnsTheFirst() throws {
        let tape = try parsed(#"{"a":1,"b":2,"a":3}"#)
        #expect(tape.member(tape.root, named: "a").flatMap(tape.int64) == 1)
        #expect(tape.members(of: tape.root).map { tape.int64($0.value) } == [1, 2, 3])
    }

    @Test func escapedKeysMatchTheirDecodedForm() throws {
        let tape = try parsed(#"{"\u0061b":1,"q\"uote":2,"sl\/ash":3,"caf\u00e9":4,"\ud83d\ude00":5,"":6}"#)
        #expect(tape.member(tape.root, named: "ab").flatMap(tape.int64) == 1)
        #expect(tape.member(tape.root, named: "q\"uote").flatMap(tape.int64) == 2)
        #expect(tape.member(tape.root, named: "sl/ash").flatMap(tape.int64) == 3)
        #expect(tape.member(tape.root, named: "café").flatMap(tape.int64) == 4)
        #expect(tape.member(tape.root, named: "😀").flatMap(tape.int64) == 5)
        #expect(tape.member(tape.root, named: "").flatMap(tape.int64) == 6)
        #expect(tape.member(tape.root, named: "\\u0061b") == nil)
        #expect(tape.member(tape.root, named: "a") == nil)
        let dynamic = String("caf") + "é"
        #expect(tape.member(tape.root, named: dynamic).flatMap(tape.int64) == 4)
    }

    @Test func decodesEveryEscape() throws {
        let tape = try parsed(
            #"["\"\\\/\b\f\n\r\t","\u0000\u001F\u007f","\u00E9\u20ac\uFFFF","\uD83D\uDE00\uDBFF\uDFFF"]"#)
        let strings = tape.elements(of: tape.root).map { tape.string($0) }
        #expect(strings == ["\"\\/\u{08}\u{0C}\n\r\t", "\u{00}\u{1F}\u{7F}", "é€\u{FFFF}", "😀\u{10FFFF}"])
        let counts = tape.elements(of: tape.root).map { tape.utf8Count($0) }
        #expect(counts == strings.map { $0?.utf8.count })
    }

    @Test func rawUTF8PassesThroughUnchanged() throws {
        let text = "plain ascii, é, €, 😀, 𝄞 and a long tail to cross the eight-byte fast path"
        let tape = try parsed("\"\(text)\"")
        #expect(tape.string(tape.root) == text)
        #expect(tape.utf8Count(tape.root) == text.utf8.count)
        #expect(tape.stringEquals(tape.root, text))
    }

    @Test func stringEqualsComparesDecodedBytes() throws {
        let tape = try parsed(#"["ws","w\u0073","wss","",1]"#)
        let nodes = Array(tape.elements(of: tape.root))
        #expect(nodes.map { tape.stringEquals($0, "ws") } == [true, true, false, false, false])
        #expect(nodes.map { tape.stringEquals($0, "") } == [false, false, false, true, false])
        #expect(tape.stringEquals(nodes[1], String("w") + "s"))
    }

    @Test func withUTF8LendsTheDecodedBytes() throws {
        let tape = try parsed(#"["plain","esc\naped",7]"#)
        let nodes = Array(tape.elements(of: tape.root))
        #expect(tape.withUTF8(nodes[0]) { Array($0) } == Array("plain".utf8))
        #expect(tape.withUTF8(nodes[1]) { Array($0) } == Array("esc\naped".utf8))
        #expect(tape.withUTF8(nodes[2]) { Array($0) } == nil)
        struct Stop: Error {}
        #expect(throws: Stop.self) { try tape.withUTF8(nodes[0]) { _ throws(Stop) in throw Stop() } }
    }

    @Test func literalsAndByteRanges() throws {
        let tape = try parsed(#" [true, false, null, "s\n", 1.5e3, {"k": []}] "#)
        let nodes = Array(tape.elements(of: tape.root))
        #expect(nodes.map { tape.bool($0) } == [true, false, nil, nil, nil, nil])
        #expect(nodes.map { tape.isNull($0) } == [false, false, true, false, false, false])
        #expect(tape.byteRange(tape.root) == 1..<45)
        #expect(nodes.map { tape.byteRange($0) } == [2..<6, 8..<13, 15..<19, 22..<25, 28..<33, 35..<44])
    }

    @Test func reparsingReplacesTheDocumentAndReusesStorage() throws {
        var tape = JSONTape(capacity: 4)
        try tape.parse(Array(Self.event.utf8))
        #expect(tape.nodeCount == 19)
        try tape.parse(Array(#"{"only":true}"#.utf8))
        #expect(tape.nodeCount == 3)
        #expect(tape.member(tape.root, named: "event") == nil)
        #expect(tape.member(tape.root, named: "only").flatMap(tape.bool) == true)
        #expect(throws: JSONError.self) { try tape.parse(Array("[1,".utf8)) }
        #expect(tape.nodeCount == 0)
    }

    @Test func tapeKeepsItsBufferAlive() throws {
        var tape = JSONTape()
        do {
            let bytes = Array(#"{"k":"value that outlives the caller's array"}"#.utf8)
            try tape.parse(bytes)
        }
        #expect(tape.member(tape.root, named: "k").flatMap(tape.string) == "value that outlives the caller's array")
    }

    @Test func copiesAreIndependent() throws {
        var tape = try parsed(#"{"a":"first"}"#)
        let copy = tape
        try tape.parse(Array(#"["second"]"#.utf8))
        #expect(copy.member(copy.root, named: "a").flatMap(copy.string) == "first")
        #expect(tape.elements(of: tape.root).map { tape.string($0) } == ["second"])
    }

    @Test func nodeFromAnotherDocumentTraps() async {
        await #expect(processExitsWith: .failure) {
            var tape = JSONTape()
            try? tape.parse(Array("[1,2,3]".utf8))
            let third = Array(tape.elements(of: tape.root))[2]
            try? tape.parse(Array("[1]".utf8))
            _ = tape.kind(third)
        }
    }

    /// A document of n bytes has at most n/2 + 1 nodes; these reach that bound, starting from a single slot.
    @Test(arguments: [
        "0", #""""#, "[" + Array(repeating: "0", count: 999).joined(separator: ",") + "]",
        nested(64), "{" + Array(repeating: #""":0"#, count: 500).joined(separator: ",") + "}",
        "[" + Array(repeating: "[]", count: 700).joined(separator: ",") + "]",
    ])
    func densestDocumentsFitTheNodeBound(text: String) throws {
        var tape = JSONTape(capacity: 1)
        try tape.parse(Array(text.utf8))
        let count = tape.nodeCount
        #expect(count <= text.utf8.count / 2 + 1)
        #expect(count >= text.utf8.count / 3)
        try tape.parse(Array(text.utf8))  // again, into the grown slots
        #expect(tape.nodeCount == count)
    }
}
