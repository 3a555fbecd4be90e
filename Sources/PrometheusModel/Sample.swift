/// One value of a series at one instant, as Prometheus stores it: milliseconds since the epoch.
public struct Sample: Sendable, Equatable {
    public var timestamp: Int64
    public var value: Double

    public init(timestamp: Int64, value: Double) {
        self.timestamp = timestamp
        self.value = value
    }

    /// Prometheus marks a series that stopped being exposed with this particular NaN, so queries stop
    /// returning it at once instead of for the whole lookback window.
    public static let staleMarkerBits: UInt64 = 0x7FF0_0000_0000_0002

    public static func staleMarker(at timestamp: Int64) -> Sample {
        Sample(timestamp: timestamp, value: Double(bitPattern: staleMarkerBits))
    }

    public var isStaleMarker: Bool { value.bitPattern == Self.staleMarkerBits }

    public static func == (lhs: Sample, rhs: Sample) -> Bool {
        lhs.timestamp == rhs.timestamp && lhs.value.bitPattern == rhs.value.bitPattern
    }
}
