import MetricRegistry
import PrometheusModel

extension ProductAnalytics {
    typealias Samples = [(labelValues: [String], value: Double)]

    /// One gauge family per figure, with a series per shown day; ratios, percentiles and the NPS are
    /// left out of days where they are undefined (nothing to divide by, no first replies, no surveys).
    static func families(_ figures: [DailyFigures], prefix: String) -> [MetricFamilySnapshot] {
        var active: Samples = [], share: Samples = [], conversion: Samples = [], latency: Samples = []
        var disputeShare: Samples = [], resolved: Samples = [], nps: Samples = [], responses: Samples = []
        for figure in figures {
            let day = label(figure.day)
            active.append(([day], Double(figure.activeContracts)))
            share.append([day], ifPresent: figure.contractChatShare)
            conversion.append([day], ifPresent: figure.chatToContractConversion)
            let latencies = figure.totals?.firstReplyLatencies ?? []
            latency.append([day, "p50"], ifPresent: DailyFigures.percentile(0.5, ofSorted: latencies))
            latency.append([day, "p95"], ifPresent: DailyFigures.percentile(0.95, ofSorted: latencies))
            disputeShare.append([day], ifPresent: figure.disputeShare)
            for (index, resolution) in Catalog.resolutions.enumerated() {
                resolved.append(([day, resolution], Double(figure.totals?.resolutions[index] ?? 0)))
            }
            nps.append([day], ifPresent: figure.nps)
            responses.append(([day], Double(figure.totals?.npsResponses ?? 0)))
        }
        func family(_ name: String, _ help: String, _ samples: Samples, labels: [String] = ["day"]) -> MetricFamilySnapshot? {
            samples.isEmpty
                ? nil
                : MetricFamilySnapshot(name: prefix + name, help: help, type: .gauge, labelNames: labels, samples: samples)
        }
        return [
            family(
                "product_active_contracts", "Contracts active on the UTC day: started by its end, not closed before it began.",
                active
            ),
            family(
                "product_contract_chat_share",
                "Share of the UTC day's active contracts with a chat message in one of their threads by the day's end.", share
            ),
            family(
                "product_chat_to_contract_conversion",
                "Contracts started from a chat on the UTC day per order or proposal chat created that day.", conversion
            ),
            // `stat` rather than `quantile`, which promtool keeps for summaries.
            family(
                "product_first_reply_latency_seconds",
                "Reply latency of the UTC day's first responses in seconds (p50, p95), interpolated as percentile_cont does.",
                latency, labels: ["day", "stat"]
            ),
            family("product_dispute_share", "Share of the contracts closed on the UTC day that had a dispute.", disputeShare),
            family(
                "product_disputes_resolved", "Disputes resolved on the UTC day, by resolution.", resolved,
                labels: ["day", "resolution"]
            ),
            family("product_dispute_nps", "Net promoter score (-100 to 100) of the dispute surveys of the UTC day.", nps),
            family("product_dispute_nps_responses", "Dispute surveys submitted on the UTC day.", responses),
        ].compactMap { $0 }
    }

    /// `YYYY-MM-DD` of a day number.
    static func label(_ day: Int32) -> String {
        let date = CivilCalendar.date(days: Int(day))
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(date.year, 4))-\(padded(date.month, 2))-\(padded(date.day, 2))"
    }
}

extension [(labelValues: [String], value: Double)] {
    /// Adds the sample when there is a value.
    fileprivate mutating func append(_ labelValues: [String], ifPresent value: Double?) {
        if let value { append((labelValues, value)) }
    }
}
