import JSONReader
import TestSupport
import Testing

/// Python's `json` module, an independent implementation, reads the same bytes; see `PythonJSON` for the protocol.
///
/// Known differences, handled explicitly: Python accepts `NaN`/`Infinity` (the oracle refuses them through
/// `parse_constant`), accepts unpaired surrogates in `\u` escapes (the `LONE` verdict; we must reject), and has no
/// nesting limit (the generated documents stay far below ours).
struct OracleTests {
    @Test func randomDocumentsReadTheSameAsPython() throws {
        var generator = RandomJSON(random: SeededRandom(seed: 0x0005_EED5))
        let documents = (0..<3000).map { _ in generator.document() }
        let verdicts = try PythonJSON.verdicts(for: documents)
        try #require(verdicts.count == documents.count)
        var tape = JSONTape()
        for (document, verdict) in zip(documents, verdicts) {
            let text = String(decoding: document, as: UTF8.self)
            guard case .accepted(let expected) = verdict else {
                Issue.record("Python refused a generated document: \(text)")
                continue
            }
            try tape.parse(document)
            #expect(Canonical.form(of: tape, in: document) == expected, "\(text)")
        }
    }

    /// Deleting, inserting, replacing or duplicating bytes of valid documents gives inputs near the grammar's edges;
    /// we must reject exactly those Python rejects, and read the rest the same way.
    @Test func mutatedDocumentsAreRejectedExactlyWhenPythonRejectsThem() throws {
        var random = SeededRandom(seed: 0x00BA_DB17)
        var generator = RandomJSON(random: SeededRandom(seed: 0x000F_00D5), maxDepth: 3)
        let alphabet =
            Array(#"{}[],:"\/ bfnrtu0123456789+-.eE"#.utf8) + [
                0x00, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0xC3, 0xED, 0xF4, 0xFF,
            ]
        var documents: [[UInt8]] = []
        for _ in 0..<3000 {
            var document = generator.document()
            for _ in 0...Int.random(in: 0...1, using: &random) {
                let at = Int.random(in: 0..<document.count, using: &random)
                let byte = random.chance(80) ? random.pick(alphabet) : UInt8.random(in: 0...255, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: document.remove(at: at)
                case 1: document.insert(byte, at: at)
                case 2: document[at] = byte
                default: document.insert(document[at], at: at)
                }
            }
            documents.append(document)
        }
        let verdicts = try PythonJSON.verdicts(for: documents)
        try #require(verdicts.count == documents.count)
        var tape = JSONTape()
        var tally = [0, 0, 0]
        for (document, verdict) in zip(documents, verdicts) {
            let text = String(decoding: document, as: UTF8.self)
            let parsed = Result { () throws(JSONError) in try tape.parse(document) }
            switch verdict {
            case .rejected:
                tally[0] += 1
                #expect(throws: JSONError.self, "Python rejects \(text.debugDescription)") { try parsed.get() }
            case .loneSurrogate:
                tally[1] += 1
                #expect(throws: JSONError.self, "unpaired surrogate in \(text.debugDescription)") { try parsed.get() }
            case .accepted(let expected):
                tally[2] += 1
                guard case .success = parsed else {
                    Issue.record("Python accepts \(text.debugDescription), we said \(parsed)")
                    continue
                }
                #expect(Canonical.form(of: tape, in: document) == expected, "\(text.debugDescription)")
            }
        }
        // The mix must exercise both sides of the decision.
        #expect(tally[0] > 500 && tally[2] > 500, "rejected, lone surrogate, accepted: \(tally)")
    }

    /// The hand-written cases agree with Python too, except where Python is laxer than RFC 8259 (unpaired
    /// surrogates) or has no limit (depth).
    @Test func handWrittenCasesAgreeWithPython() throws {
        let cases = Cases.accepted + Cases.rejected
        let verdicts = try PythonJSON.verdicts(for: cases.map(\.bytes))
        try #require(verdicts.count == cases.count)
        for (input, verdict) in zip(cases, verdicts) {
            let accepted = input.name.hasPrefix("y_")
            switch verdict {
            case .accepted: #expect(accepted || input.name == "n_structure_depth_65", "\(input.name)")
            case .loneSurrogate: #expect(!accepted && input.name.contains("surrogate"), "\(input.name)")
            case .rejected: #expect(!accepted, "\(input.name)")
            }
        }
    }
}
