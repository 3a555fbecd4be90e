import PromQL
import Testing

/// Matchers: regexes are anchored, `.` matches newlines, and non-RE2 syntax is rejected.
struct LabelMatcherTests {
    @Test func matchTypes() throws {
        #expect(try LabelMatcher(.equal, "a", "x").matches("x"))
        #expect(try !LabelMatcher(.notEqual, "a", "x").matches("x"))
        #expect(try LabelMatcher(.notEqual, "a", "x").matches(""))
        #expect(try LabelMatcher(.regexMatch, "a", "x|y").matches("y"))
        #expect(try !LabelMatcher(.regexNoMatch, "a", "x|y").matches("y"))
    }

    @Test func regexesAreFullyAnchored() throws {
        let matcher = try LabelMatcher(.regexMatch, "a", "b.*")
        #expect(matcher.matches("bcd"))
        #expect(!matcher.matches("abc"))
        #expect(matcher.matches("b\nc\n"))
        #expect(try !LabelMatcher(.regexMatch, "a", "a|ab").matches("abc"))
        #expect(try LabelMatcher(.regexMatch, "a", "a|ab").matches("ab"))
        #expect(try !LabelMatcher(.regexMatch, "a", "b").matches("b\n"))
    }

    @Test func dotMatchesNewline() throws {
        #expect(try LabelMatcher(.regexMatch, "a", "x.y").matches("x\ny"))
    }

    @Test func rejectsNonRE2Syntax() {
        #expect(throws: RegexError.self) { try LabelMatcher(.regexMatch, "a", "(?=x)") }
        #expect(throws: RegexError.self) { try LabelMatcher(.regexMatch, "a", "(a)\\1") }
        #expect(throws: RegexError.self) { try LabelMatcher(.regexMatch, "a", "(") }
    }

    @Test func printsWithGoQuoting() throws {
        #expect(try LabelMatcher(.regexMatch, "a", "x\"y\n").description == #"a=~"x\"y\n""#)
        #expect(try LabelMatcher(.equal, "a.b", "c").description == #""a.b"="c""#)
    }
}
