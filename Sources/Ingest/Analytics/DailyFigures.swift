/// What one UTC day's own events add up to. A day has totals as soon as any analytics event falls
/// on it, which is also what makes it appear in the gauges.
struct DayTotals {
    var chatsWithProposal = 0
    /// `reply_latency_sec` of the day's first responses, in arrival order.
    var firstReplyLatencies: [Double] = []
    /// Resolved disputes, indexed like `Catalog.resolutions`.
    var resolutions = [Int](repeating: 0, count: Catalog.resolutions.count)
    var npsPromoters = 0
    var npsDetractors = 0
    var npsResponses = 0

    mutating func add(_ change: AnalyticsChange) {
        switch change {
        case .threadCreated(_, _, let withProposal):
            if withProposal { chatsWithProposal += 1 }
        case .messageSent(_, let latency?):
            firstReplyLatencies.append(latency)
        case .disputeResolved(let resolution):
            resolutions[resolution] += 1
        case .npsSubmitted(let score):
            npsResponses += 1
            if score >= 9 { npsPromoters += 1 } else if score <= 6 { npsDetractors += 1 }
        case .messageSent, .contractStarted, .contractClosed, .disputeOpened:
            break
        }
    }
}

/// One day's figures as docs/ANALYTICS.md defines them; a ratio is nil when its denominator is 0.
struct DailyFigures {
    let day: Int32
    var totals: DayTotals?
    var activeContracts = 0
    var contractsWithMessages = 0
    var contractsFromChat = 0
    var closedContracts = 0
    var closedWithDispute = 0

    /// Days without events of their own and without active contracts are left out, as the SQL view
    /// leaves out days before the first event.
    var isShown: Bool { totals != nil || activeContracts > 0 }

    var contractChatShare: Double? { ratio(contractsWithMessages, activeContracts) }
    var chatToContractConversion: Double? { ratio(contractsFromChat, totals?.chatsWithProposal ?? 0) }
    var disputeShare: Double? { ratio(closedWithDispute, closedContracts) }

    var nps: Double? {
        guard let totals, totals.npsResponses > 0 else { return nil }
        return 100 * Double(totals.npsPromoters - totals.npsDetractors) / Double(totals.npsResponses)
    }

    private func ratio(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : Double(part) / Double(whole)
    }

    /// PostgreSQL's `percentile_cont`: linear interpolation at position `fraction · (n − 1)` of the
    /// sorted values; nil for none.
    static func percentile(_ fraction: Double, ofSorted values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let position = fraction * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        return values[lower] + (values[upper] - values[lower]) * (position - Double(lower))
    }
}
