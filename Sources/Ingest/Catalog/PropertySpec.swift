/// One property an event may carry: its JSON type, the values it may take, and whether it is
/// personal data. The catalog is built from these; validation, docs and dashboards read it.
public struct PropertySpec: Sendable {
    public enum ValueType: Sendable, Equatable {
        /// A non-empty string, or an integer that is read as its decimal string (ids are often numeric).
        case identifier
        /// A non-empty string.
        case string
        /// A string from a fixed set: the set doubles as a bounded label-value set.
        case oneOf([String])
        /// A JSON number that is an integer, within the range.
        case integer(ClosedRange<Double>)
        /// A finite JSON number within the range.
        case number(ClosedRange<Double>)
        case boolean
    }

    public var name: String
    public var type: ValueType
    /// Replaced by a keyed hash (HMAC-SHA256) before the event is stored, logged or forwarded.
    public var isPersonalData: Bool

    public init(_ name: String, _ type: ValueType, personalData: Bool = false) {
        self.name = name
        self.type = type
        self.isPersonalData = personalData
    }

    /// How the type reads in the docs.
    public var typeDescription: String {
        switch type {
        case .identifier: "id: string or integer"
        case .string: "string"
        case .oneOf(let values): values.map { "`\($0)`" }.joined(separator: " / ")
        case .integer(let range): "integer" + Self.describe(range)
        case .number(let range): "number" + Self.describe(range)
        case .boolean: "boolean"
        }
    }

    private static func describe(_ range: ClosedRange<Double>) -> String {
        func text(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        }
        switch (range.lowerBound.isInfinite, range.upperBound.isInfinite) {
        case (true, true): return ""
        case (false, true): return " ≥ \(text(range.lowerBound))"
        case (true, false): return " ≤ \(text(range.upperBound))"
        case (false, false): return " \(text(range.lowerBound))–\(text(range.upperBound))"
        }
    }
}

extension ClosedRange where Bound == Double {
    static let nonNegative: ClosedRange<Double> = 0 ... .infinity
}
