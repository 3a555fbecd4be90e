/// A hand-made week of product events (2026-03-02 to 2026-03-08, UTC) with three days before it, and
/// the seed 001 figures worked out by hand for every day, shared by the in-process analytics tests
/// and the `daily_stats` view tests.
///
/// Cast: contracts C0–C11 (C6 is only ever closed), threads T1–T17, disputes X*.
/// Threads are tied to contracts by `contract_started` (T1→C1, T2→C2, T4→C4, T5→C5, T11→C8, T15→C11)
/// or by `chat_thread_created` (T3→C3, T7→C7); T8–T10, T12–T14, T16, T17 stay untied. Days with a
/// chat_thread_created of type order or proposal: W1 T2 T8, W2 T9, W3 T4 T5 T17, W4 T10 T16, W6 T11
/// T12, W7 T13.
public enum ProductWeek {
    /// The test clock: the week's last second, 2026-03-08T23:59:59Z.
    public static let endOfWeek: Double = 1_773_014_399

    /// One event per line, in time order.
    public static let events: [String] = [
        // 02-27 and 02-28, before the week: C0 starts and closes; C1 starts from a chat and runs into the week.
        #"{"event":"contract_started","timestamp":"2026-02-27T10:00:00Z","properties":{"contract_id":"C0"}}"#,
        #"{"event":"contract_started","timestamp":"2026-02-27T11:00:00Z","properties":{"contract_id":"C1","thread_id":"T1","from_chat":true}}"#,
        #"{"event":"contract_closed","timestamp":"2026-02-28T09:00:00Z","properties":{"contract_id":"C0"}}"#,
        // W1, 03-02.
        #"{"event":"chat_thread_created","timestamp":"2026-03-02T08:00:00Z","properties":{"thread_id":"T2","thread_type":"order","participants_count":2}}"#,
        #"{"event":"chat_thread_created","timestamp":"2026-03-02T08:30:00Z","properties":{"thread_id":"T8","thread_type":"order"}}"#,
        #"{"event":"contract_started","timestamp":"2026-03-02T09:00:00Z","properties":{"contract_id":"C3"}}"#,
        #"{"event":"contract_started","timestamp":"2026-03-02T09:30:00Z","properties":{"contract_id":"C11","thread_id":"T15","from_chat":false}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-02T10:00:00Z","properties":{"message_id":"m1","thread_id":"T2","sender_role":"client","message_kind":"text"}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-02T10:01:00Z","properties":{"message_id":"m2","thread_id":"T2","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":30}}"#,
        #"{"event":"chat_message_delivered","timestamp":"2026-03-02T10:01:01Z","properties":{"message_id":"m2","delivery_latency_ms":120,"delivery_channel":"ws"}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-02T11:00:00Z","properties":{"message_id":"m3","thread_id":"T8","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":90}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-02T12:00:00Z","properties":{"message_id":"m4","thread_id":"T15","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":60}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-02T13:00:00Z","properties":{"message_id":"m5","thread_id":"T8","sender_role":"freelancer","message_kind":"file","has_attachment":true,"first_response":true,"reply_latency_sec":240}}"#,
        // W2, 03-03: C2 starts from the order chat T2, whose messages came the day before.
        #"{"event":"chat_thread_created","timestamp":"2026-03-03T08:00:00Z","properties":{"thread_id":"T9","thread_type":"proposal"}}"#,
        #"{"event":"contract_started","timestamp":"2026-03-03T09:00:00Z","properties":{"contract_id":"C2","thread_id":"T2","from_chat":true}}"#,
        #"{"event":"contract_started","timestamp":"2026-03-03T09:30:00Z","properties":{"contract_id":"C10","from_chat":false}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-03T10:00:00Z","properties":{"message_id":"m6","thread_id":"T1","sender_role":"client","message_kind":"text"}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-03T11:00:00Z","properties":{"message_id":"m7","thread_id":"T9","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":120}}"#,
        #"{"event":"dispute_resolved","timestamp":"2026-03-03T12:00:00Z","properties":{"dispute_id":"X10","resolution":"win_client"}}"#,
        #"{"event":"dispute_nps_submitted","timestamp":"2026-03-03T13:00:00Z","properties":{"dispute_id":"X10","score":10,"role":"client"}}"#,
        #"{"event":"dispute_nps_submitted","timestamp":"2026-03-03T13:05:00Z","properties":{"dispute_id":"X10","score":3,"role":"freelancer"}}"#,
        #"{"event":"dispute_nps_submitted","timestamp":"2026-03-03T14:00:00Z","properties":{"dispute_id":"X20","score":9,"role":"client"}}"#,
        #"{"event":"dispute_nps_submitted","timestamp":"2026-03-03T14:05:00Z","properties":{"dispute_id":"X20","score":7,"role":"freelancer","comment_length":40}}"#,
        // W3, 03-04: T3 is created for C3 (type contract, so not a chat with a proposal).
        #"{"event":"chat_thread_created","timestamp":"2026-03-04T08:00:00Z","properties":{"thread_id":"T4","thread_type":"proposal"}}"#,
        #"{"event":"chat_thread_created","timestamp":"2026-03-04T08:10:00Z","properties":{"thread_id":"T5","thread_type":"order"}}"#,
        #"{"event":"chat_thread_created","timestamp":"2026-03-04T08:20:00Z","properties":{"thread_id":"T17","thread_type":"order"}}"#,
        #"{"event":"chat_thread_created","timestamp":"2026-03-04T08:30:00Z","properties":{"thread_id":"T3","thread_type":"contract","contract_id":"C3"}}"#,
        #"{"event":"contract_started","timestamp":"2026-03-04T09:00:00Z","properties":{"contract_id":"C4","thread_id":"T4","from_chat":true}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-04T10:00:00Z","properties":{"message_id":"m8","thread_id":"T5","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":10}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-04T10:30:00Z","properties":{"message_id":"m9","thread_id":"T17","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":20}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-04T11:00:00Z","properties":{"message_id":"m10","thread_id":"T8","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":600}}"#,
        // W4, 03-05: C5 starts from T5; C1 gets a dispute (it closes the next day without had_dispute).
        #"{"event":"chat_thread_created","timestamp":"2026-03-05T08:00:00Z","properties":{"thread_id":"T10","thread_type":"order"}}"#,
        #"{"event":"chat_thread_created","timestamp":"2026-03-05T08:10:00Z","properties":{"thread_id":"T16","thread_type":"proposal"}}"#,
        #"{"event":"chat_thread_created","timestamp":"2026-03-05T08:20:00Z","properties":{"thread_id":"T14","thread_type":"dispute"}}"#,
        #"{"event":"contract_started","timestamp":"2026-03-05T09:00:00Z","properties":{"contract_id":"C5","thread_id":"T5","from_chat":true}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-05T09:30:00Z","properties":{"message_id":"m11","thread_id":"T3","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":5}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-05T10:00:00Z","properties":{"message_id":"m12","thread_id":"T10","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":15}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-05T10:30:00Z","properties":{"message_id":"m13","thread_id":"T16","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":25}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-05T11:00:00Z","properties":{"message_id":"m14","thread_id":"T8","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":35}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-05T11:30:00Z","properties":{"message_id":"m15","thread_id":"T14","sender_role":"support","message_kind":"text","first_response":true,"reply_latency_sec":1000}}"#,
        #"{"event":"dispute_opened","timestamp":"2026-03-05T12:00:00Z","properties":{"dispute_id":"X1","contract_id":"C1","initiator_role":"client","reason_category":"quality"}}"#,
        #"{"event":"dispute_state_updated","timestamp":"2026-03-05T12:30:00Z","properties":{"dispute_id":"X1","state":"review","sla_remaining_sec":3600}}"#,
        #"{"event":"dispute_resolved","timestamp":"2026-03-05T13:00:00Z","properties":{"dispute_id":"X11","resolution":"win_freelancer"}}"#,
        #"{"event":"dispute_resolved","timestamp":"2026-03-05T13:30:00Z","properties":{"dispute_id":"X12","resolution":"split"}}"#,
        #"{"event":"dispute_nps_submitted","timestamp":"2026-03-05T14:00:00Z","properties":{"dispute_id":"X11","score":6,"role":"client"}}"#,
        #"{"event":"dispute_nps_submitted","timestamp":"2026-03-05T14:05:00Z","properties":{"dispute_id":"X11","score":8,"role":"freelancer"}}"#,
        // W5, 03-06: C11 closes at the very start of the day; T7 is tied to C7 before C7 starts; C6,
        // never started here, closes (its dispute comes the day after).
        #"{"event":"contract_closed","timestamp":"2026-03-06T00:00:00Z","properties":{"contract_id":"C11"}}"#,
        #"{"event":"chat_thread_created","timestamp":"2026-03-06T08:00:00Z","properties":{"thread_id":"T7","thread_type":"contract","contract_id":"C7"}}"#,
        #"{"event":"contract_started","timestamp":"2026-03-06T08:30:00Z","properties":{"contract_id":"C7","from_chat":false}}"#,
        #"{"event":"contract_closed","timestamp":"2026-03-06T09:00:00Z","properties":{"contract_id":"C1","had_dispute":false}}"#,
        #"{"event":"chat_thread_archived","timestamp":"2026-03-06T09:05:00Z","properties":{"contract_id":"C1","reason":"contract_closed"}}"#,
        #"{"event":"contract_closed","timestamp":"2026-03-06T09:30:00Z","properties":{"contract_id":"C6"}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-06T10:00:00Z","properties":{"message_id":"m16","thread_id":"T8","sender_role":"freelancer","message_kind":"text","first_response":true}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-06T10:30:00Z","properties":{"message_id":"m17","thread_id":"T8","sender_role":"client","message_kind":"text","first_response":false,"reply_latency_sec":50}}"#,
        #"{"event":"dispute_resolved","timestamp":"2026-03-06T11:00:00Z","properties":{"dispute_id":"X1","resolution":"win_client"}}"#,
        #"{"event":"dispute_resolved","timestamp":"2026-03-06T11:30:00Z","properties":{"dispute_id":"X13","resolution":"win_client"}}"#,
        #"{"event":"dispute_resolved","timestamp":"2026-03-06T12:00:00Z","properties":{"dispute_id":"X14","resolution":"cancelled"}}"#,
        #"{"event":"dispute_nps_submitted","timestamp":"2026-03-06T13:00:00Z","properties":{"dispute_id":"X1","score":10,"role":"client"}}"#,
        // W6, 03-07: C8 starts from the order chat T11 an hour after its first message.
        #"{"event":"chat_message_sent","timestamp":"2026-03-07T00:00:00Z","properties":{"message_id":"m18","thread_id":"T7","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":45}}"#,
        #"{"event":"chat_thread_created","timestamp":"2026-03-07T08:00:00Z","properties":{"thread_id":"T11","thread_type":"order"}}"#,
        #"{"event":"chat_thread_created","timestamp":"2026-03-07T08:10:00Z","properties":{"thread_id":"T12","thread_type":"proposal"}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-07T09:00:00Z","properties":{"message_id":"m19","thread_id":"T11","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":75}}"#,
        #"{"event":"contract_started","timestamp":"2026-03-07T10:00:00Z","properties":{"contract_id":"C8","thread_id":"T11","from_chat":true}}"#,
        #"{"event":"contract_closed","timestamp":"2026-03-07T11:00:00Z","properties":{"contract_id":"C4","had_dispute":true}}"#,
        #"{"event":"dispute_opened","timestamp":"2026-03-07T12:00:00Z","properties":{"dispute_id":"X2","contract_id":"C6","initiator_role":"freelancer","reason_category":"payment"}}"#,
        #"{"event":"dispute_opened","timestamp":"2026-03-07T12:30:00Z","properties":{"dispute_id":"X3","contract_id":"C3","initiator_role":"client","reason_category":"deadline"}}"#,
        #"{"event":"dispute_resolved","timestamp":"2026-03-07T13:00:00Z","properties":{"dispute_id":"X15","resolution":"split"}}"#,
        #"{"event":"dispute_resolved","timestamp":"2026-03-07T13:30:00Z","properties":{"dispute_id":"X16","resolution":"cancelled"}}"#,
        // W7, 03-08.
        #"{"event":"chat_thread_created","timestamp":"2026-03-08T08:00:00Z","properties":{"thread_id":"T13","thread_type":"order"}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-08T09:00:00Z","properties":{"message_id":"m20","thread_id":"T13","sender_role":"freelancer","message_kind":"text","first_response":true,"reply_latency_sec":300}}"#,
        #"{"event":"contract_closed","timestamp":"2026-03-08T10:00:00Z","properties":{"contract_id":"C5","had_dispute":false}}"#,
        #"{"event":"contract_closed","timestamp":"2026-03-08T10:30:00Z","properties":{"contract_id":"C10","had_dispute":true}}"#,
        #"{"event":"dispute_resolved","timestamp":"2026-03-08T11:00:00Z","properties":{"dispute_id":"X17","resolution":"win_freelancer"}}"#,
        #"{"event":"dispute_nps_submitted","timestamp":"2026-03-08T12:00:00Z","properties":{"dispute_id":"X15","score":9,"role":"client"}}"#,
        #"{"event":"dispute_nps_submitted","timestamp":"2026-03-08T12:05:00Z","properties":{"dispute_id":"X15","score":9,"role":"freelancer"}}"#,
        #"{"event":"dispute_nps_submitted","timestamp":"2026-03-08T12:10:00Z","properties":{"dispute_id":"X16","score":0,"role":"client"}}"#,
        #"{"event":"chat_message_sent","timestamp":"2026-03-08T23:59:59Z","properties":{"message_id":"m21","thread_id":"T2","sender_role":"client","message_kind":"text"}}"#,
    ]

    /// Every day from the first event to the last, worked out by hand. Contract spans (start–close):
    /// C0 02-27–02-28, C1 02-27–W5, C3 W1–, C11 W1–W5 (00:00), C2 W2–, C10 W2–W7, C4 W3–W6, C5 W4–W7,
    /// C7 W5–, C8 W6–. First message in a contract's threads: C11 W1 (T15), C2 W1 (T2), C1 W2 (T1),
    /// C5 W3 (T5), C3 W4 (T3), C7 W6 (T7), C8 W6 (T11); C0, C4, C10 never.
    public static let expected: [DailyStatsRow] = [
        // Active C0 C1, no messages: 0/2. C1 from a chat, but no chat that day: no conversion.
        DailyStatsRow("2026-02-27", activeContracts: 2, contractChatShare: 0, contractsFromChat: 1),
        // C0 closes today, so it is still active: 0/2. Closed C0 without a dispute: 0/1.
        DailyStatsRow(
            "2026-02-28", activeContracts: 2, contractChatShare: 0, closedContracts: 1, disputeShare: 0
        ),
        // No events; C1 is still active: 0/1.
        DailyStatsRow("2026-03-01", activeContracts: 1, contractChatShare: 0),
        // W1. Active C1 C3 C11, messages C11: 1/3. Chats T2 T8, none converted: 0/2.
        // Latencies 30 90 60 240 sorted 30 60 90 240: p50 at 1.5 = 60 + 0.5·30 = 75; p95 at 2.85 = 90 + 0.85·150.
        DailyStatsRow(
            "2026-03-02", activeContracts: 3, contractsWithMessages: 1, contractChatShare: 1.0 / 3,
            chatsWithProposal: 2, chatToContractConversion: 0, firstReplyP50: 75, firstReplyP95: 217.5
        ),
        // W2. Active C1 C2 C3 C10 C11, messages C1 C2 C11: 3/5. Chat T9, C2 from a chat: 1/1.
        // Latency 120 alone. NPS 10 3 9 7: promoters 2, detractors 1, (2 − 1)/4 = +25.
        DailyStatsRow(
            "2026-03-03", activeContracts: 5, contractsWithMessages: 3, contractChatShare: 0.6,
            chatsWithProposal: 1, contractsFromChat: 1, chatToContractConversion: 1,
            firstReplyP50: 120, firstReplyP95: 120, disputesWinClient: 1, nps: 25, npsResponses: 4
        ),
        // W3. Active + C4 = 6, messages C1 C2 C11 (T3 is tied to C3 but silent): 3/6. Chats T4 T5 T17
        // (T3 is a contract thread), C4 from a chat: 1/3. Latencies 10 20 600: p50 = 20, p95 at 1.9 = 20 + 0.9·580.
        DailyStatsRow(
            "2026-03-04", activeContracts: 6, contractsWithMessages: 3, contractChatShare: 0.5,
            chatsWithProposal: 3, contractsFromChat: 1, chatToContractConversion: 1.0 / 3,
            firstReplyP50: 20, firstReplyP95: 542
        ),
        // W4. Active + C5 = 7, messages C1 C2 C3 C5 C11: 5/7. Chats T10 T16 (T14 is a dispute thread),
        // C5: 1/2. Latencies 5 15 25 35 1000: p50 = 25, p95 at 3.8 = 35 + 0.8·965. NPS 6 8: (0 − 1)/2 = −50.
        DailyStatsRow(
            "2026-03-05", activeContracts: 7, contractsWithMessages: 5, contractChatShare: 5.0 / 7,
            chatsWithProposal: 2, contractsFromChat: 1, chatToContractConversion: 0.5,
            firstReplyP50: 25, firstReplyP95: 807, disputesWinFreelancer: 1, disputesSplit: 1, nps: -50, npsResponses: 2
        ),
        // W5. Active C1 C2 C3 C4 C5 C7 C10 C11 (C1 and C11 close today) = 8, messages C1 C2 C3 C5 C11: 5/8.
        // No chats: no conversion. No latency (m16 has none, m17 is no first response). Closed C11 C1 C6;
        // disputed C1 (X1 the day before) and C6 (X2 the day after): 2/3. NPS 10: +100.
        DailyStatsRow(
            "2026-03-06", activeContracts: 8, contractsWithMessages: 5, contractChatShare: 5.0 / 8,
            closedContracts: 3, closedWithDispute: 2, disputeShare: 2.0 / 3,
            disputesWinClient: 2, disputesCancelled: 1, nps: 100, npsResponses: 1
        ),
        // W6. Active C2 C3 C4 C5 C7 C8 C10 = 7, messages C2 C3 C5 C7 C8: 5/7. Chats T11 T12, C8: 1/2.
        // Latencies 45 75: p50 = 60, p95 at 0.95 = 45 + 0.95·30. Closed C4 with had_dispute: 1/1. No NPS.
        DailyStatsRow(
            "2026-03-07", activeContracts: 7, contractsWithMessages: 5, contractChatShare: 5.0 / 7,
            chatsWithProposal: 2, contractsFromChat: 1, chatToContractConversion: 0.5,
            firstReplyP50: 60, firstReplyP95: 73.5, closedContracts: 1, closedWithDispute: 1, disputeShare: 1,
            disputesSplit: 1, disputesCancelled: 1
        ),
        // W7. Active C2 C3 C5 C7 C8 C10 = 6, messages all but C10: 5/6. Chat T13, none converted: 0/1.
        // Latency 300. Closed C5, C10 with had_dispute: 1/2. NPS 9 9 0: (2 − 1)/3.
        DailyStatsRow(
            "2026-03-08", activeContracts: 6, contractsWithMessages: 5, contractChatShare: 5.0 / 6,
            chatsWithProposal: 1, chatToContractConversion: 0, firstReplyP50: 300, firstReplyP95: 300,
            closedContracts: 2, closedWithDispute: 1, disputeShare: 0.5, disputesWinFreelancer: 1,
            nps: 100.0 / 3, npsResponses: 3
        ),
    ]

    /// The week itself: the days the in-process analytics shows with the clock at `endOfWeek`.
    public static var week: ArraySlice<DailyStatsRow> { expected.suffix(7) }
}
