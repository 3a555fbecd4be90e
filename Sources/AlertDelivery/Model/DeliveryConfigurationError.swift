/// A receivers file or setting that cannot be used, with a message naming what to fix.
public struct DeliveryConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
