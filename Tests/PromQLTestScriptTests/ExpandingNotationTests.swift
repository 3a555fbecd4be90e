import PromQLTestScript
import Testing

/// Each rule of the expanding-notation table in FORMAT.md §2.
struct ExpandingNotationTests {
    func floats(_ values: [Double]) -> [SampleValue?] { values.map { .float($0) } }

    @Test func singleNumbersInEveryWrittenForm() throws {
        #expect(try ExpandingNotation.expand("7 -2.5 1e3 .5 1.5e-3 +3") == floats([7, -2.5, 1000, 0.5, 0.0015, 3]))
        #expect(try ExpandingNotation.expand("Inf +Inf -Inf") == floats([.infinity, .infinity, -.infinity]))
        let nan = try ExpandingNotation.expand("NaN")
        #expect(nan.count == 1)
        guard case .float(let value)?? = nan.first else {
            Issue.record("NaN should be a float")
            return
        }
        #expect(value.isNaN && !SampleValue.isStaleNaN(value))
    }

    @Test func repetitionGivesNPlusOneCopies() throws {
        #expect(try ExpandingNotation.expand("5x3") == floats([5, 5, 5, 5]))
        #expect(try ExpandingNotation.expand("5x0") == floats([5]))
        #expect(try ExpandingNotation.expand("-1x1") == floats([-1, -1]))
    }

    @Test func increasingAndDecreasingSequences() throws {
        #expect(try ExpandingNotation.expand("0+10x3") == floats([0, 10, 20, 30]))
        #expect(try ExpandingNotation.expand("5-1x2") == floats([5, 4, 3]))
        #expect(try ExpandingNotation.expand("-2+0.5x2") == floats([-2, -1.5, -1]))
        #expect(try ExpandingNotation.expand("1e3+1e-1x1") == floats([1000, 1000.1]))
        #expect(try ExpandingNotation.expand("1-2x2") == floats([1, -1, -3]))
    }

    @Test func xIsRepetitionNotHex() throws {
        #expect(try ExpandingNotation.expand("0x3") == floats([0, 0, 0, 0]))
    }

    @Test func gapsAndStaleMarkers() throws {
        #expect(try ExpandingNotation.expand("_") == [nil])
        #expect(try ExpandingNotation.expand("_x3") == [nil, nil, nil])
        #expect(try ExpandingNotation.expand("_x0") == [])
        #expect(try ExpandingNotation.expand("stale") == [.stale])
    }

    @Test func theFormatExampleExpandsAsDocumented() throws {
        let values = try ExpandingNotation.expand("1 _x3 stale 5-1x2")
        #expect(values == [.float(1), nil, nil, nil, .stale, .float(5), .float(4), .float(3)])
    }

    @Test func tabsAndRepeatedSpacesSeparateItems() throws {
        #expect(try ExpandingNotation.expand(" 1\t\t2   3 ") == floats([1, 2, 3]))
        #expect(try ExpandingNotation.expand("") == [])
    }

    @Test func nativeHistogramsAreCountedButNotInterpreted() throws {
        #expect(try ExpandingNotation.expand("{{schema:0 sum:1 count:1 buckets:[1 2]}}") == [.nativeHistogram])
        #expect(try ExpandingNotation.expand("{{sum:1 count:1}}x2").count == 3)
        #expect(try ExpandingNotation.expand("{{sum:2 count:2}}+{{sum:3 count:3}}x5").count == 6)
        #expect(try ExpandingNotation.expand("{{sum:9 count:9}}-{{sum:1 count:1}}x1").count == 2)
        #expect(try ExpandingNotation.expand("0 {{count:1}} _ 2") == [.float(0), .nativeHistogram, nil, .float(2)])
    }

    @Test(arguments: ["abc", "1+2", "1x", "1xa", "_y", "1.2.3", "{{sum:1", "{{sum:1}}x", "stale+1x2", "1+x3", "--1", "}}"])
    func malformedItemsAreRejected(text: String) {
        #expect(throws: NotationError.self) { try ExpandingNotation.expand(text) }
    }

    @Test func errorsNameTheItem() {
        #expect(throws: NotationError("'1+2' needs a repetition count: write 1+2xN")) { try ExpandingNotation.expand("0 1+2") }
    }
}
