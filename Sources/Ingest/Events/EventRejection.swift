/// Why one event was refused. `code` is stable (senders and alerts match on it); `message` names
/// the field so a person can fix the sender.
public struct EventRejection: Error, Sendable, Equatable {
    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public enum Code: String, Sendable, CaseIterable {
        /// The item is not a JSON object, or the body is not JSON.
        case invalidJSON = "invalid_json"
        case notAnObject = "not_an_object"
        case missingEventName = "missing_event_name"
        case unknownEvent = "unknown_event"
        case missingProperty = "missing_property"
        case wrongType = "wrong_type"
        case valueNotAllowed = "value_not_allowed"
        case valueOutOfRange = "value_out_of_range"
        case valueTooLong = "value_too_long"
        case invalidTimestamp = "invalid_timestamp"
        case timestampInFuture = "timestamp_in_future"
        case invalidEventID = "invalid_event_id"
    }
}
