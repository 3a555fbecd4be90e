import PromQL
import Testing

/// Parses `query`, checks that printing and re-parsing gives an equal tree, and returns the printed form.
func printedRoundTrip(_ query: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let expr = try Parser.parse(query)
    let printed = expr.description
    #expect(try Parser.parse(printed) == expr, "\(query) printed as \(printed)", sourceLocation: sourceLocation)
    return printed
}

/// The errors `query` fails with (an empty list when it parses).
func parseErrors(_ query: String) -> [ParseError] {
    do {
        _ = try Parser.parse(query)
        return []
    } catch {
        return error.errors
    }
}
