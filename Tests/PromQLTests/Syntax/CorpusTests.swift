import PromQL
import TestSupport
import Testing

/// Every expression of the conformance MANIFEST: core rows must parse, and whatever parses must
/// print back to text that parses to an equal tree.
struct CorpusTests {
    struct Row: Sendable, CustomStringConvertible {
        var file: String
        var line: String
        var status: String
        var notes: String
        var expr: String
        var description: String { "\(file):\(line) \(expr)" }
    }

    static func rows() throws -> [Row] {
        try SharedData.text("conformance/promql/MANIFEST.tsv").split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 6 else { return nil }
            return Row(file: fields[0], line: fields[1], status: fields[3], notes: fields[4], expr: fields[5])
        }
    }

    @Test func corpusParsesAndRoundTrips() throws {
        let rows = try Self.rows()
        #expect(rows.count > 900)
        var parsed: [String: Int] = [:]
        var failed: [String: Int] = [:]
        for row in rows {
            let expr: Expr
            do {
                expr = try Parser.parse(row.expr)
            } catch {
                failed[row.status, default: 0] += 1
                if row.status == "core" && !row.notes.contains("expects-error") {
                    Issue.record("\(row): \(error)")
                }
                continue
            }
            parsed[row.status, default: 0] += 1
            let printed = expr.description
            #expect((try? Parser.parse(printed)) == expr, "\(row) printed as \(printed)")
        }
        print("PromQL corpus: parsed \(parsed), failed \(failed)")
    }
}
