public import MetricRegistry
import Synchronization

/// Seed 001's product metrics (contract chat share, chat-to-contract conversion, first-reply p50/p95,
/// dispute share, outcomes, NPS) for each of the last 7 UTC days, exposed as gauges with a `day`
/// label and computed at scrape time. docs/ANALYTICS.md defines each figure; the `daily_stats` SQL
/// view computes the same ones over the whole history in PostgreSQL.
///
/// Every applied event is offered (live and during journal replay, so a restart rebuilds the same
/// figures); events that feed no figure cost one array lookup.
public final class ProductAnalytics: MetricCollector {
    /// Where an analytics event's properties sit in `ValidatedEvent.values`.
    private enum Reader: Sendable {
        case threadCreated(thread: Int, contract: Int, type: Int)
        case messageSent(thread: Int, firstResponse: Int, latency: Int)
        case contractStarted(contract: Int, thread: Int, fromChat: Int)
        case contractClosed(contract: Int, hadDispute: Int)
        case disputeOpened(contract: Int)
        case disputeResolved(resolution: Int)
        case npsSubmitted(score: Int)
    }

    /// How much state is held, to check the memory bound (docs/ANALYTICS.md).
    public struct Footprint: Sendable {
        public var days: Int
        public var contracts: Int
        public var threads: Int
        public var firstReplyLatencies: Int
    }

    /// The `thread_type`s of chats where freelancers answer an order.
    static let proposalThreadTypes: Set<String> = ["order", "proposal"]

    /// Indexed by `ValidatedEvent.specIndex`; nil for events that feed no figure.
    private let readers: [Reader?]
    private let prefix: String
    private let now: @Sendable () -> Double
    /// Internal for state snapshots (Snapshot/ProductAnalytics+Snapshot.swift).
    let state: Mutex<AnalyticsState>

    /// `prefix` goes in front of the metric names; `now` says which UTC day is today.
    public init(catalog: Catalog, prefix: String = "", now: @escaping @Sendable () -> Double) {
        readers = catalog.events.map(Self.reader)
        self.prefix = prefix
        self.now = now
        state = Mutex(AnalyticsState(today: Self.day(now())))
    }

    public func apply(_ event: ValidatedEvent) {
        guard let reader = readers[event.specIndex] else { return }
        let change = Self.change(event, reader)
        let day = Self.day(event.timestamp)
        let today = Self.day(now())
        state.withLock { $0.apply(change, on: day, today: today) }
    }

    public var footprint: Footprint {
        state.withLock { state in
            Footprint(
                days: state.days.count, contracts: state.contracts.count, threads: state.threads.count,
                firstReplyLatencies: state.days.values.reduce(0) { $0 + $1.firstReplyLatencies.count }
            )
        }
    }

    public func collect() -> [MetricFamilySnapshot] {
        let today = Self.day(now())
        var figures = state.withLock { state in
            state.advance(to: today)
            return state.figures(through: today)
        }
        figures.removeAll { !$0.isShown }
        // Sorted here, outside the lock: the arrays were shared with the state, not copied.
        for index in figures.indices { figures[index].totals?.firstReplyLatencies.sort() }
        return Self.families(figures, prefix: prefix)
    }

    /// Days since 1970-01-01 of a time in seconds since the epoch (clamped: no time can trap).
    static func day(_ seconds: Double) -> Int32 {
        Int32(max(-1e9, min(1e9, (seconds / 86400).rounded(.down))))
    }

    private static func reader(_ spec: EventSpec) -> Reader? {
        func index(_ name: String) -> Int {
            guard let index = spec.propertyIndex(name) else { preconditionFailure("\(spec.name) lacks \(name)") }
            return index
        }
        return switch spec.name {
        case "chat_thread_created":
            .threadCreated(thread: index("thread_id"), contract: index("contract_id"), type: index("thread_type"))
        case "chat_message_sent":
            .messageSent(thread: index("thread_id"), firstResponse: index("first_response"), latency: index("reply_latency_sec"))
        case "contract_started":
            .contractStarted(contract: index("contract_id"), thread: index("thread_id"), fromChat: index("from_chat"))
        case "contract_closed": .contractClosed(contract: index("contract_id"), hadDispute: index("had_dispute"))
        case "dispute_opened": .disputeOpened(contract: index("contract_id"))
        case "dispute_resolved": .disputeResolved(resolution: index("resolution"))
        case "dispute_nps_submitted": .npsSubmitted(score: index("score"))
        default: nil
        }
    }

    /// Reads the change out of a validated event, whose required properties are present.
    private static func change(_ event: ValidatedEvent, _ reader: Reader) -> AnalyticsChange {
        func string(_ index: Int) -> String? { event.values[index]?.labelValue }
        func isTrue(_ index: Int) -> Bool { event.values[index]?.isTrue ?? false }
        switch reader {
        case .threadCreated(let thread, let contract, let type):
            let withProposal = proposalThreadTypes.contains(string(type)!)
            return .threadCreated(thread: string(thread)!, contract: string(contract), withProposal: withProposal)
        case .messageSent(let thread, let firstResponse, let latency):
            let latency = isTrue(firstResponse) ? event.values[latency]?.numericValue : nil
            return .messageSent(thread: string(thread)!, firstReplyLatency: latency)
        case .contractStarted(let contract, let thread, let fromChat):
            return .contractStarted(contract: string(contract)!, thread: string(thread), fromChat: isTrue(fromChat))
        case .contractClosed(let contract, let hadDispute):
            return .contractClosed(contract: string(contract)!, hadDispute: isTrue(hadDispute))
        case .disputeOpened(let contract):
            return .disputeOpened(contract: string(contract)!)
        case .disputeResolved(let resolution):
            return .disputeResolved(resolution: Catalog.resolutions.firstIndex(of: string(resolution)!)!)
        case .npsSubmitted(let score):
            return .npsSubmitted(score: Int(event.values[score]!.numericValue!))
        }
    }
}
