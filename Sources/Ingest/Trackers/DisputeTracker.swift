public import MetricRegistry
import PrometheusModel
import Synchronization

/// Open disputes with their owner and SLA deadline, exposed as gauges computed at every scrape, so
/// `dispute_cases_overdue` rises when a deadline passes even if no event arrives.
///
/// The deadline is the event's timestamp plus its `sla_remaining_sec`. Updates older than the last one
/// applied to a dispute are ignored; events for a dispute already resolved are ignored too (resolved
/// ids are remembered for `resolvedRetention` seconds of event time).
public final class DisputeTracker: MetricCollector {
    public static let unassignedOwner = "unassigned"

    // Internal, with `state`, for state snapshots (Snapshot/DisputeTracker+Snapshot.swift).
    struct Dispute {
        var owner: String
        var deadline: Double?
        var openedAt: Double?
        var updatedAt: Double
    }

    struct State {
        var open: [String: Dispute] = [:]
        var resolved: [String: Double] = [:]
    }

    /// The catalog metrics this tracker computes at scrape time (rather than the registry holding them).
    public static let metricNames = ["dispute_open_cases", "dispute_cases_overdue", "dispute_sla_remaining_seconds"]

    private let specs: [MetricSpec]
    private let prefix: String
    private let now: @Sendable () -> Double
    private let resolvedRetention: Double
    let state = Mutex(State())

    /// `prefix` goes in front of the metric names; `now` is the clock deadlines are compared with.
    public init(
        catalog: Catalog, prefix: String = "", now: @escaping @Sendable () -> Double,
        resolvedRetention: Double = 7 * 86400
    ) {
        specs = Self.metricNames.map { name in
            guard let spec = catalog.metric(named: name) else { preconditionFailure("the catalog lacks \(name)") }
            return spec
        }
        self.prefix = prefix
        self.now = now
        self.resolvedRetention = resolvedRetention
    }

    public func opened(dispute id: String, owner: String?, slaRemaining: Double?, at time: Double) {
        state.withLock { state in
            guard state.resolved[id] == nil else { return }
            var dispute = state.open[id] ?? Dispute(owner: owner ?? Self.unassignedOwner, updatedAt: time)
            dispute.openedAt = time
            if let owner { dispute.owner = owner }
            if let slaRemaining, time >= dispute.updatedAt || dispute.deadline == nil {
                dispute.deadline = time + slaRemaining
                dispute.updatedAt = time
            }
            state.open[id] = dispute
        }
    }

    public func stateUpdated(dispute id: String, owner: String?, slaRemaining: Double, at time: Double) {
        state.withLock { state in
            guard state.resolved[id] == nil else { return }
            var dispute = state.open[id] ?? Dispute(owner: owner ?? Self.unassignedOwner, updatedAt: time)
            guard time >= dispute.updatedAt || dispute.deadline == nil else { return }
            if let owner { dispute.owner = owner }
            dispute.deadline = time + slaRemaining
            dispute.updatedAt = time
            state.open[id] = dispute
        }
    }

    /// Closes the dispute; returns when it was opened, if known (for the resolution-time histogram).
    @discardableResult
    public func resolved(dispute id: String, at time: Double) -> Double? {
        state.withLock { state in
            let openedAt = state.open.removeValue(forKey: id)?.openedAt
            state.resolved[id] = time
            if state.resolved.count > 100_000 {
                let cutoff = time - resolvedRetention
                state.resolved = state.resolved.filter { $0.value >= cutoff }
            }
            return openedAt
        }
    }

    public var openCount: Int { state.withLock { $0.open.count } }

    public func collect() -> [MetricFamilySnapshot] {
        let current = now()
        let disputes = state.withLock { Array($0.open.values) }
        var byBucket: [[String]: Double] = [:]
        var overdue: [String: Double] = [:]
        var remaining: [Double] = []
        for dispute in disputes {
            let left = dispute.deadline.map { $0 - current }
            byBucket[[dispute.owner, Self.bucket(left)], default: 0] += 1
            overdue[dispute.owner, default: 0] += (left ?? 1) <= 0 ? 1 : 0
            if let left { remaining.append(left) }
        }
        // Summed in sorted order: the dictionary's order differs between a live process and one rebuilt
        // by replay or from a snapshot, and a sum of doubles in another order can round differently.
        remaining.sort()
        let samples: [[(labelValues: [String], value: Double)]] = [
            byBucket.map { ($0.key, $0.value) },
            overdue.map { ([$0.key], $0.value) },
            remaining.isEmpty ? [] : [(["avg"], remaining.reduce(0, +) / Double(remaining.count)), (["min"], remaining.min()!)],
        ]
        return zip(specs, samples).filter { !$1.isEmpty }.map { spec, samples in
            MetricFamilySnapshot(name: prefix + spec.name, help: spec.help, type: .gauge, labelNames: spec.labels, samples: samples)
        }
    }

    /// `<24h`, `24-48h`, `48h+`, `overdue`, or `unknown` while no deadline is known.
    static func bucket(_ secondsLeft: Double?) -> String {
        guard let secondsLeft else { return "unknown" }
        if secondsLeft <= 0 { return "overdue" }
        if secondsLeft < 86400 { return "<24h" }
        if secondsLeft < 2 * 86400 { return "24-48h" }
        return "48h+"
    }
}
