import PromQL
import Testing

/// Operator precedence and associativity, checked by comparing against explicitly parenthesised trees
/// with the parentheses stripped.
struct PrecedenceTests {
    /// The tree with every `ParenExpr` removed, so `(a + b) * c` and a tree built by precedence compare equal.
    func unparenthesized(_ expr: Expr) -> Expr {
        switch expr {
        case .paren(let node): return unparenthesized(node.expr)
        case .binary(var node):
            node.lhs = unparenthesized(node.lhs)
            node.rhs = unparenthesized(node.rhs)
            return .binary(node)
        case .unary(var node):
            node.expr = unparenthesized(node.expr)
            return .unary(node)
        default: return expr
        }
    }

    @Test(arguments: [
        ("a + b * c", "a + (b * c)"),
        ("a * b + c", "(a * b) + c"),
        ("a - b - c", "(a - b) - c"),
        ("a / b / c", "(a / b) / c"),
        ("a ^ b ^ c", "a ^ (b ^ c)"),
        ("a * b ^ c", "a * (b ^ c)"),
        ("-a ^ b", "-(a ^ b)"),
        ("-a * b", "(-a) * b"),
        ("a or b and c", "a or (b and c)"),
        ("a and b unless c", "(a and b) unless c"),
        ("a or b unless c", "a or (b unless c)"),
        ("a > b + c", "a > (b + c)"),
        ("a == b and c", "(a == b) and c"),
        ("a atan2 b + c", "(a atan2 b) + c"),
        ("a % b * c", "(a % b) * c"),
        ("a < b > c", "(a < b) > c"),
        ("a + b offset 5m", "a + (b offset 5m)"),
        ("-a offset 5m", "-(a offset 5m)"),
        ("2 ^ -1", "2 ^ (-1)"),
    ] as [(String, String)])
    func groupsLikePrometheus(query: String, grouped: String) throws {
        #expect(try unparenthesized(Parser.parse(query)) == unparenthesized(Parser.parse(grouped)))
    }

    @Test func unaryMinusBindsLooserThanPower() throws {
        guard case .unary(let node) = try Parser.parse("-2^2") else {
            Issue.record("-2^2 should be -(2^2)")
            return
        }
        #expect(node.op == .minus)
        #expect(try Parser.parse("-2") == .number(NumberLiteral(value: -2, isDuration: false, position: PositionRange(start: 0, end: 2))))
        #expect(try Parser.parse("- - 2") == Parser.parse("2"))
    }
}
