/// An event that passed validation: its catalog entry and its known properties, indexed like
/// `EventSpec.properties` (nil where the optional property was absent). Properties outside the
/// catalog and the SDKs' `$`-prefixed ones are not kept, so message content is never stored.
public struct ValidatedEvent: Sendable, Equatable {
    /// Index of the event in `Catalog.events`.
    public var specIndex: Int
    public var name: String
    public var eventID: String?
    /// Seconds since the epoch: the sender's `timestamp`, or the time it was received.
    public var timestamp: Double
    public var timestampWasSent: Bool
    public var distinctID: String?
    public var values: [PropertyValue?]

    public init(
        specIndex: Int, name: String, eventID: String?, timestamp: Double, timestampWasSent: Bool,
        distinctID: String?, values: [PropertyValue?]
    ) {
        self.specIndex = specIndex
        self.name = name
        self.eventID = eventID
        self.timestamp = timestamp
        self.timestampWasSent = timestampWasSent
        self.distinctID = distinctID
        self.values = values
    }
}
