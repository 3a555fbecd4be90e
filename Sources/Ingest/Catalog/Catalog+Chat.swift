extension Catalog {
    static let chatEvents: [EventSpec] = [
        EventSpec(
            "chat_thread_created", summary: "A chat thread was created for an order, contract or dispute.",
            required: [PropertySpec("thread_id", .identifier), PropertySpec("thread_type", .string)],
            optional: [
                PropertySpec("contract_id", .identifier), PropertySpec("participants_count", .integer(.nonNegative)),
                PropertySpec("initiator_role", .string),
            ],
            naturalID: .property("thread_id"),
            updates: [MetricUpdate("chat_threads_created_total", labels: [.label("thread_type")])]
        ),
        EventSpec(
            "chat_message_sent", summary: "A user's message was saved.",
            required: [
                PropertySpec("message_id", .identifier), PropertySpec("thread_id", .identifier),
                PropertySpec("sender_role", .string), PropertySpec("message_kind", .oneOf(["text", "system", "file"])),
            ],
            optional: [
                PropertySpec("has_attachment", .boolean), PropertySpec("first_response", .boolean),
                PropertySpec("reply_latency_sec", .number(.nonNegative)),
            ],
            naturalID: .property("message_id"),
            updates: [
                MetricUpdate("chat_messages_published_total", labels: [.label("sender_role"), .label("message_kind")]),
                MetricUpdate(
                    "chat_first_reply_latency_seconds", labels: [.label("sender_role")], .observe("reply_latency_sec"),
                    when: .isTrue("first_response")
                ),
            ]
        ),
        EventSpec(
            "chat_message_delivered", summary: "A message reached every subscribed client.",
            required: [
                PropertySpec("message_id", .identifier), PropertySpec("delivery_latency_ms", .number(.nonNegative)),
                PropertySpec("delivery_channel", .oneOf(["ws", "sse", "poll"])),
            ],
            optional: [PropertySpec("region", .string), PropertySpec("thread_id", .identifier)],
            naturalID: .property("message_id"),
            updates: [
                MetricUpdate(
                    "chat_ws_delivery_latency_ms", labels: [.label("region"), .label("delivery_channel")],
                    .observe("delivery_latency_ms")
                )
            ]
        ),
        EventSpec(
            "chat_message_failed", summary: "Sending or moderating a message failed.",
            required: [PropertySpec("message_id", .identifier), PropertySpec("failure_code", .string)],
            optional: [PropertySpec("moderation_reason", .string), PropertySpec("thread_id", .identifier)],
            naturalID: .property("message_id"),
            updates: [
                MetricUpdate("chat_message_failures_total", labels: [.label("failure_code")]),
                MetricUpdate("chat_ws_errors_total", labels: [.label("failure_code")]),
            ]
        ),
        EventSpec(
            "chat_thread_archived", summary: "A thread was archived after its contract closed.",
            required: [],
            optional: [
                PropertySpec("thread_id", .identifier), PropertySpec("contract_id", .identifier),
                PropertySpec("reason", .string),
            ],
            requiredOneOf: [["thread_id", "contract_id"]],
            naturalID: .firstPresent(["thread_id", "contract_id"]),
            updates: [MetricUpdate("chat_threads_archived_total", labels: [.label("reason", fallback: "unspecified")])]
        ),
        EventSpec(
            "contract_started", summary: "A contract began, possibly from a chat.",
            required: [PropertySpec("contract_id", .identifier)],
            optional: [PropertySpec("thread_id", .identifier), PropertySpec("from_chat", .boolean)],
            naturalID: .property("contract_id"),
            updates: [MetricUpdate("contracts_started_total", labels: [.label("from_chat", fallback: "false")])]
        ),
        EventSpec(
            "contract_closed", summary: "A contract ended.",
            required: [PropertySpec("contract_id", .identifier)],
            optional: [PropertySpec("had_dispute", .boolean)],
            naturalID: .property("contract_id"),
            updates: [MetricUpdate("contracts_closed_total", labels: [.label("had_dispute", fallback: "false")])]
        ),
        EventSpec(
            "ws_connection_opened", summary: "A client connected to the WebSocket gateway.",
            required: [PropertySpec("client_id", .identifier, personalData: true), PropertySpec("connection_region", .string)],
            optional: [
                PropertySpec("protocol_version", .string), PropertySpec("reconnect_attempts", .integer(.nonNegative)),
            ],
            naturalID: .propertyAndSentTimestamp("client_id"),
            updates: [
                MetricUpdate("chat_sessions_total", labels: [.label("connection_region")]),
                MetricUpdate("ws_reconnect_attempts_total", labels: [.label("connection_region")], .add("reconnect_attempts")),
                MetricUpdate(
                    "ws_reconnect_attempts_per_connection", labels: [.label("connection_region")],
                    .observe("reconnect_attempts")
                ),
            ],
            trackers: [.connections]
        ),
        EventSpec(
            "ws_connection_closed", summary: "A WebSocket connection ended.",
            required: [
                PropertySpec("client_id", .identifier, personalData: true), PropertySpec("close_code", .integer(0...4999)),
                PropertySpec("uptime_sec", .number(.nonNegative)),
            ],
            optional: [
                PropertySpec("fallback_used", .oneOf(["none", "sse", "poll"])), PropertySpec("connection_region", .string),
            ],
            naturalID: .propertyAndSentTimestamp("client_id"),
            updates: [
                MetricUpdate(
                    "chat_fallback_sessions_total", labels: [.label("fallback_used")],
                    when: .oneOf("fallback_used", ["sse", "poll"])
                ),
                MetricUpdate("chat_ws_errors_total", labels: [.label("close_code")], when: .noneOf("close_code", ["1000", "1001"])),
            ],
            trackers: [.connections]
        ),
    ]

    static let chatMetrics: [MetricSpec] = [
        MetricSpec(
            "chat_ws_delivery_latency_ms", .histogram(buckets: [25, 50, 100, 250, 500, 1000, 2000, 5000, 10000]),
            help: "Time from the server sending a message to its delivery to every client, in milliseconds.",
            labels: ["region", "channel"], source: "`chat_message_delivered`"
        ),
        MetricSpec(
            "chat_messages_published_total", .counter, help: "Chat messages sent, by sender role and message kind.",
            labels: ["sender_role", "message_kind"], source: "`chat_message_sent`"
        ),
        MetricSpec(
            "chat_message_failures_total", .counter, help: "Messages whose sending or moderation failed, by failure code.",
            labels: ["failure_code"], source: "`chat_message_failed`"
        ),
        MetricSpec(
            "chat_threads_created_total", .counter, help: "Chat threads created, by thread type.",
            labels: ["thread_type"], source: "`chat_thread_created`"
        ),
        MetricSpec(
            "chat_threads_archived_total", .counter, help: "Chat threads archived, by reason.",
            labels: ["reason"], source: "`chat_thread_archived`"
        ),
        MetricSpec(
            "chat_first_reply_latency_seconds", .histogram(buckets: [5, 15, 30, 60, 120, 300, 600, 1200, 3600, 14400]),
            help: "Time to the first reply in a thread, in seconds.",
            labels: ["sender_role"], source: "`chat_message_sent` with `first_response` and `reply_latency_sec`"
        ),
        MetricSpec(
            "chat_ws_active_connections", .gauge, help: "Open WebSocket connections, by region.",
            labels: ["region"], source: "`ws_connection_opened` minus `ws_connection_closed`, per `client_id`"
        ),
        MetricSpec(
            "chat_sessions_total", .counter, help: "WebSocket sessions opened, by region.",
            labels: ["region"], source: "`ws_connection_opened`"
        ),
        MetricSpec(
            "chat_fallback_sessions_total", .counter, help: "Sessions that fell back from WebSocket, by fallback transport.",
            labels: ["fallback"], source: "`ws_connection_closed` with `fallback_used` sse or poll"
        ),
        MetricSpec(
            "chat_ws_errors_total", .counter, help: "WebSocket errors: abnormal close codes and message failures, by code.",
            labels: ["code"], source: "`ws_connection_closed` with a close code other than 1000/1001; `chat_message_failed`"
        ),
        MetricSpec(
            "ws_reconnect_attempts_total", .counter, help: "Reconnect attempts reported by connecting clients, by region.",
            labels: ["region"], source: "`reconnect_attempts` of `ws_connection_opened`"
        ),
        MetricSpec(
            "ws_reconnect_attempts_per_connection", .histogram(buckets: [0, 1, 2, 3, 5, 10, 20]),
            help: "Reconnect attempts before a connection was established, by region.",
            labels: ["region"], source: "`reconnect_attempts` of `ws_connection_opened`"
        ),
        MetricSpec(
            "contracts_started_total", .counter, help: "Contracts started, by whether they came from a chat.",
            labels: ["from_chat"], source: "`contract_started`"
        ),
        MetricSpec(
            "contracts_closed_total", .counter, help: "Contracts closed, by whether they had a dispute.",
            labels: ["had_dispute"], source: "`contract_closed`"
        ),
    ]
}
