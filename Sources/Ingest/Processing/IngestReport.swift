/// What became of the events of one request: the body of every ingest answer.
public struct IngestReport: Sendable, Equatable {
    public struct Rejected: Sendable, Equatable {
        /// Position in the batch (0-based; for NDJSON, the item's position among the non-blank lines).
        public var index: Int
        public var rejection: EventRejection
    }

    public var accepted = 0
    public var duplicates = 0
    public var rejected: [Rejected] = []

    public init() {}

    public var total: Int { accepted + duplicates + rejected.count }
}
