extension Catalog {
    /// Outcomes of a dispute (seed 001).
    static let resolutions = ["win_client", "win_freelancer", "split", "cancelled"]

    static let disputeEvents: [EventSpec] = [
        EventSpec(
            "dispute_opened", summary: "A dispute over a contract began.",
            required: [
                PropertySpec("dispute_id", .identifier), PropertySpec("contract_id", .identifier),
                PropertySpec("initiator_role", .string), PropertySpec("reason_category", .string),
            ],
            optional: [PropertySpec("owner", .string), PropertySpec("sla_remaining_sec", .number(-.infinity ... .infinity))],
            naturalID: .property("dispute_id"),
            updates: [
                MetricUpdate("dispute_opened_total", labels: [.label("reason_category"), .label("initiator_role")])
            ],
            trackers: [.disputes]
        ),
        EventSpec(
            "dispute_state_updated", summary: "A dispute changed state; carries the SLA time left.",
            required: [
                PropertySpec("dispute_id", .identifier), PropertySpec("state", .string),
                PropertySpec("sla_remaining_sec", .number(-.infinity ... .infinity)),
            ],
            optional: [PropertySpec("owner", .string)],
            naturalID: .properties(["dispute_id", "state"]),
            updates: [],
            trackers: [.disputes]
        ),
        EventSpec(
            "dispute_resolved", summary: "A dispute was closed with an outcome.",
            required: [PropertySpec("dispute_id", .identifier), PropertySpec("resolution", .oneOf(resolutions))],
            optional: [PropertySpec("payout_split", .number(0...100)), PropertySpec("resolution_time_sec", .number(.nonNegative))],
            naturalID: .property("dispute_id"),
            updates: [
                MetricUpdate("dispute_resolved_total", labels: [.label("resolution")]),
                MetricUpdate("dispute_resolution_time_seconds", labels: [.label("resolution")], .observe("resolution_time_sec")),
            ],
            trackers: [.disputes]
        ),
        EventSpec(
            "dispute_nps_submitted", summary: "A party rated the dispute process after it closed.",
            required: [
                PropertySpec("dispute_id", .identifier), PropertySpec("score", .integer(0...10)), PropertySpec("role", .string),
            ],
            optional: [PropertySpec("comment_length", .integer(.nonNegative))],
            naturalID: .properties(["dispute_id", "role"]),
            updates: [MetricUpdate("dispute_nps_score", labels: [.label("role")], .observe("score"))]
        ),
    ]

    static let disputeMetrics: [MetricSpec] = [
        MetricSpec(
            "dispute_opened_total", .counter, help: "Disputes opened, by reason category and initiator role.",
            labels: ["reason_category", "initiator_role"], source: "`dispute_opened`"
        ),
        MetricSpec(
            "dispute_open_cases", .gauge, help: "Open disputes, by owner and time left to their SLA deadline.",
            labels: ["owner", "sla_bucket"],
            source: "live dispute state; `sla_bucket` is `<24h`, `24-48h`, `48h+`, `overdue` or `unknown` (no deadline yet)"
        ),
        MetricSpec(
            "dispute_cases_overdue", .gauge, help: "Open disputes past their SLA deadline, by owner.",
            labels: ["owner"], source: "live dispute state, current at every scrape (turns overdue without an event)"
        ),
        MetricSpec(
            "dispute_sla_remaining_seconds", .gauge, help: "Seconds left to the SLA deadline over open disputes (min, avg).",
            labels: ["stat"], source: "live dispute state; negative once overdue"
        ),
        MetricSpec(
            "dispute_resolution_time_seconds",
            .histogram(buckets: [3600, 4 * 3600, 12 * 3600, 86400, 2 * 86400, 3 * 86400, 7 * 86400, 14 * 86400, 30 * 86400]),
            help: "Time from opening to resolution of disputes, in seconds, by resolution.",
            labels: ["resolution"],
            source: "`dispute_resolved` (`resolution_time_sec`, or the time since `dispute_opened`)"
        ),
        MetricSpec(
            "dispute_resolved_total", .counter, help: "Disputes resolved, by resolution.",
            labels: ["resolution"], source: "`dispute_resolved`"
        ),
        MetricSpec(
            "dispute_nps_score", .histogram(buckets: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
            help: "NPS scores (0-10) given after a dispute closed, by role.",
            labels: ["role"], source: "`dispute_nps_submitted`"
        ),
    ]
}
