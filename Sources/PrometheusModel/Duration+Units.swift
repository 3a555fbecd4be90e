extension Duration {
    /// The duration in seconds, for the APIs and metrics that count seconds as a Double.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }

    /// The duration in whole milliseconds (rounded toward zero), Prometheus's unit for times.
    public var inMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
