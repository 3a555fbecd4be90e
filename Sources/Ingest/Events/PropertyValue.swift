/// A property value after validation against its `PropertySpec`.
public enum PropertyValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)

    /// The value as a label value: strings as they are, numbers in decimal, booleans as `true`/`false`.
    public var labelValue: String {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .boolean(let value): value ? "true" : "false"
        }
    }

    public var numericValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        case .string, .boolean: nil
        }
    }

    public var isTrue: Bool { self == .boolean(true) }
}
