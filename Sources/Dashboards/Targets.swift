/// Targets from the seeds that no alert rule checks, so they live here rather than in
/// `prometheus/alerts.yml`. Numbers an alert does check are never written here: dashboards read
/// those out of the rule file (`AlertRules.threshold`).
public struct Target: Sendable, Equatable {
    public var value: Double
    /// Values at or above `value` are good (red below); otherwise values above it are bad.
    public var atLeast: Bool
    /// Where the number comes from, shown in the panel's description.
    public var source: String

    /// Seed 001 ("Продуктовые метрики", "Технические метрики") and seed 000 (chat fallback norm).
    public static let contractChatShare = Target(value: 0.95, atLeast: true, source: "seed 001 target: ≥ 95 %")
    public static let chatToContractConversion = Target(value: 0.35, atLeast: true, source: "seed 001 target: ≥ 35 %")
    public static let firstReplyP50 = Target(value: 120, atLeast: false, source: "seed 001 target: p50 ≤ 2 min")
    public static let disputeShare = Target(value: 0.07, atLeast: false, source: "seed 001 target: ≤ 7 %")
    public static let disputeNPS = Target(value: 35, atLeast: true, source: "seed 001 target: NPS ≥ +35")
    public static let reconnectsPerConnection = Target(value: 3, atLeast: false, source: "seed 001 target: ≤ 3 on average")
    public static let notificationDropRate = Target(value: 0.01, atLeast: false, source: "seed 001 target: drop rate ≤ 1 %")
    public static let fallbackShare = Target(value: 0.02, atLeast: false, source: "seed 000 norm: fallback under 2 %")
    /// Not from a seed: a visual floor for chat throughput, below which chat has most likely stopped.
    public static let messageThroughputFloor = Target(value: 1, atLeast: true, source: "dashboard floor: 1 message a minute")

    public static let all: [Target] = [
        contractChatShare, chatToContractConversion, firstReplyP50, disputeShare, disputeNPS, reconnectsPerConnection,
        notificationDropRate, fallbackShare, messageThroughputFloor,
    ]
}
