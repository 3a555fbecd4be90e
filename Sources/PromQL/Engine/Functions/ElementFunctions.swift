import Foundation

/// Functions applied to each element of an instant vector; the extra scalar arguments come second.
/// Returning nil drops the element.
enum ElementFunctions {
    typealias Function = @Sendable (_ value: Double, _ scalars: [Double]) -> Double?

    static let table: [String: Function] = {
        var table: [String: Function] = [
            "clamp": { value, scalars in scalars[0] > scalars[1] ? nil : goMax(scalars[0], goMin(scalars[1], value)) },
            "clamp_min": { value, scalars in goMax(value, scalars[0]) },
            "clamp_max": { value, scalars in goMin(value, scalars[0]) },
            "round": { value, scalars in
                let inverse = 1 / (scalars.first ?? 1)
                return Foundation.floor(value * inverse + 0.5) / inverse
            },
            "sgn": { value, _ in value > 0 ? 1 : value < 0 ? -1 : value },
            "deg": { value, _ in value * 180 / Double.pi },
            "rad": { value, _ in value * Double.pi / 180 },
        ]
        let unary: [String: @Sendable (Double) -> Double] = [
            "abs": { Swift.abs($0) }, "ceil": { Foundation.ceil($0) }, "floor": { Foundation.floor($0) },
            "exp": { Foundation.exp($0) }, "ln": { Foundation.log($0) }, "log2": { Foundation.log2($0) },
            "log10": { Foundation.log10($0) }, "sqrt": { $0.squareRoot() },
            "sin": { Foundation.sin($0) }, "cos": { Foundation.cos($0) }, "tan": { Foundation.tan($0) },
            "asin": { Foundation.asin($0) }, "acos": { Foundation.acos($0) }, "atan": { Foundation.atan($0) },
            "sinh": { Foundation.sinh($0) }, "cosh": { Foundation.cosh($0) }, "tanh": { Foundation.tanh($0) },
            "asinh": { Foundation.asinh($0) }, "acosh": { Foundation.acosh($0) }, "atanh": { Foundation.atanh($0) },
        ]
        for (name, function) in unary { table[name] = { value, _ in function(value) } }
        return table
    }()

    /// Go's `math.Max`: NaN if either side is NaN.
    static func goMax(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }

    /// Go's `math.Min`: NaN if either side is NaN.
    static func goMin(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }
}
