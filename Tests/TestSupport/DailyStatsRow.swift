/// One day of seed 001's product figures, as the `daily_stats` view has them (docs/ANALYTICS.md);
/// the in-process gauges expose a subset. Fields left out of the initialiser are 0, or nil (NULL)
/// for ratios, percentiles and the NPS.
public struct DailyStatsRow: Sendable {
    public var day: String
    public var activeContracts: Int
    public var contractsWithMessages: Int
    public var contractChatShare: Double?
    public var chatsWithProposal: Int
    public var contractsFromChat: Int
    public var chatToContractConversion: Double?
    public var firstReplyP50: Double?
    public var firstReplyP95: Double?
    public var closedContracts: Int
    public var closedWithDispute: Int
    public var disputeShare: Double?
    public var disputesWinClient: Int
    public var disputesWinFreelancer: Int
    public var disputesSplit: Int
    public var disputesCancelled: Int
    public var nps: Double?
    public var npsResponses: Int

    public init(
        _ day: String, activeContracts: Int = 0, contractsWithMessages: Int = 0, contractChatShare: Double? = nil,
        chatsWithProposal: Int = 0, contractsFromChat: Int = 0, chatToContractConversion: Double? = nil,
        firstReplyP50: Double? = nil, firstReplyP95: Double? = nil, closedContracts: Int = 0, closedWithDispute: Int = 0,
        disputeShare: Double? = nil, disputesWinClient: Int = 0, disputesWinFreelancer: Int = 0, disputesSplit: Int = 0,
        disputesCancelled: Int = 0, nps: Double? = nil, npsResponses: Int = 0
    ) {
        self.day = day
        self.activeContracts = activeContracts
        self.contractsWithMessages = contractsWithMessages
        self.contractChatShare = contractChatShare
        self.chatsWithProposal = chatsWithProposal
        self.contractsFromChat = contractsFromChat
        self.chatToContractConversion = chatToContractConversion
        self.firstReplyP50 = firstReplyP50
        self.firstReplyP95 = firstReplyP95
        self.closedContracts = closedContracts
        self.closedWithDispute = closedWithDispute
        self.disputeShare = disputeShare
        self.disputesWinClient = disputesWinClient
        self.disputesWinFreelancer = disputesWinFreelancer
        self.disputesSplit = disputesSplit
        self.disputesCancelled = disputesCancelled
        self.nps = nps
        self.npsResponses = npsResponses
    }

    /// The `daily_stats` columns in order, as numbers (nil for NULL); `day` is not among them.
    public var columns: [(name: String, value: Double?)] {
        [
            ("active_contracts", Double(activeContracts)), ("contracts_with_messages", Double(contractsWithMessages)),
            ("contract_chat_share", contractChatShare), ("chats_with_proposal", Double(chatsWithProposal)),
            ("contracts_from_chat", Double(contractsFromChat)), ("chat_to_contract_conversion", chatToContractConversion),
            ("first_reply_p50", firstReplyP50), ("first_reply_p95", firstReplyP95),
            ("closed_contracts", Double(closedContracts)), ("closed_with_dispute", Double(closedWithDispute)),
            ("dispute_share", disputeShare), ("disputes_win_client", Double(disputesWinClient)),
            ("disputes_win_freelancer", Double(disputesWinFreelancer)), ("disputes_split", Double(disputesSplit)),
            ("disputes_cancelled", Double(disputesCancelled)), ("nps", nps), ("nps_responses", Double(npsResponses)),
        ]
    }

    /// Whether two values agree: both absent, or within `tolerance` (ratios and interpolated
    /// percentiles are not exact in binary floating point).
    public static func agree(_ left: Double?, _ right: Double?, tolerance: Double = 1e-9) -> Bool {
        switch (left, right) {
        case (nil, nil): true
        case (let left?, let right?): abs(left - right) <= tolerance
        default: false
        }
    }
}
