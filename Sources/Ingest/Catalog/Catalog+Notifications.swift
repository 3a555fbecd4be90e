extension Catalog {
    static let notificationEvents: [EventSpec] = [
        EventSpec(
            "notification_delivery_scheduled", summary: "A notification was queued for delivery.",
            required: [
                PropertySpec("notification_id", .identifier), PropertySpec("channel", .string),
                PropertySpec("template", .string),
            ],
            naturalID: .property("notification_id"),
            updates: [MetricUpdate("notification_attempted_total", labels: [.label("channel")])]
        ),
        EventSpec(
            "notification_delivered", summary: "A notification reached its recipient's provider.",
            required: [PropertySpec("notification_id", .identifier), PropertySpec("channel", .string)],
            optional: [PropertySpec("template", .string), PropertySpec("latency_ms", .number(.nonNegative))],
            naturalID: .property("notification_id"),
            updates: [MetricUpdate("notification_delivered_total", labels: [.label("channel")])]
        ),
        EventSpec(
            "notification_delivery_failed", summary: "One delivery attempt failed.",
            required: [
                PropertySpec("notification_id", .identifier), PropertySpec("channel", .string),
                PropertySpec("error_code", .string), PropertySpec("retry_count", .integer(.nonNegative)),
            ],
            optional: [PropertySpec("permanent", .boolean), PropertySpec("template", .string)],
            naturalID: .properties(["notification_id", "retry_count"]),
            updates: [
                MetricUpdate(
                    "notification_delivery_failed_total",
                    labels: [.label("channel"), .label("error_code"), .label("template", fallback: "unspecified")]
                ),
                MetricUpdate("notification_retry_count", labels: [.label("channel")], .observe("retry_count")),
            ]
        ),
        EventSpec(
            "notification_dropped", summary: "A notification was not sent (unsubscribed, throttled, blocked).",
            required: [
                PropertySpec("notification_id", .identifier), PropertySpec("channel", .string),
                PropertySpec("drop_reason", .string),
            ],
            optional: [PropertySpec("template", .string)],
            naturalID: .property("notification_id"),
            updates: [MetricUpdate("notification_dropped_total", labels: [.label("channel"), .label("drop_reason")])]
        ),
        EventSpec(
            "notification_job_completed", summary: "The notification worker finished a job (seed 003).",
            required: [
                PropertySpec("job_type", .string),
                PropertySpec("result", .oneOf(["processed", "failed", "deduplicated", "dropped"])),
                PropertySpec("wait_ms", .number(.nonNegative)), PropertySpec("duration_ms", .number(.nonNegative)),
            ],
            optional: [PropertySpec("job_id", .identifier), PropertySpec("failure_reason", .string)],
            naturalID: .optionalProperty("job_id"),
            updates: [
                MetricUpdate("notification_jobs_total", labels: [.label("result"), .label("job_type")]),
                MetricUpdate("notification_job_wait_duration_ms", labels: [.label("job_type")], .observe("wait_ms")),
                MetricUpdate("notification_job_duration_ms", labels: [.label("job_type")], .observe("duration_ms")),
                MetricUpdate(
                    "notification_job_failures_total",
                    labels: [.label("failure_reason", fallback: "unspecified"), .label("job_type")],
                    when: .oneOf("result", ["failed"])
                ),
                MetricUpdate(
                    "notification_jobs_dropped_total", labels: [.label("failure_reason", fallback: "unspecified")],
                    when: .oneOf("result", ["dropped"])
                ),
            ]
        ),
        EventSpec(
            "notification_queue_sampled", summary: "A sample of the dispatcher's backlog (a gauge reading, never deduplicated).",
            required: [PropertySpec("queue_depth", .number(.nonNegative))],
            optional: [PropertySpec("active_jobs", .number(.nonNegative))],
            naturalID: .none,
            updates: [
                MetricUpdate("notification_queue_depth", .set("queue_depth")),
                MetricUpdate("notification_active_jobs", .set("active_jobs")),
            ]
        ),
    ]

    static let notificationMetrics: [MetricSpec] = [
        MetricSpec(
            "notification_attempted_total", .counter, help: "Notifications scheduled for delivery, by channel.",
            labels: ["channel"], source: "`notification_delivery_scheduled`"
        ),
        MetricSpec(
            "notification_delivered_total", .counter, help: "Notifications delivered, by channel.",
            labels: ["channel"], source: "`notification_delivered`"
        ),
        MetricSpec(
            "notification_dropped_total", .counter, help: "Notifications dropped before sending, by channel and reason.",
            labels: ["channel", "reason"], source: "`notification_dropped`"
        ),
        MetricSpec(
            "notification_delivery_failed_total", .counter,
            help: "Failed delivery attempts, by channel, error code and template.",
            labels: ["channel", "error_code", "template"], source: "`notification_delivery_failed`"
        ),
        MetricSpec(
            "notification_retry_count", .histogram(buckets: [0, 1, 2, 3, 5, 8, 13]),
            help: "Retry count of failed delivery attempts, by channel.",
            labels: ["channel"], source: "`retry_count` of `notification_delivery_failed`"
        ),
        MetricSpec(
            "notification_queue_depth", .gauge, help: "Current size of the dispatcher backlog.",
            source: "`notification_queue_sampled`"
        ),
        MetricSpec(
            "notification_active_jobs", .gauge, help: "Jobs executing right now.",
            source: "`active_jobs` of `notification_queue_sampled`"
        ),
        MetricSpec(
            "notification_jobs_total", .counter, help: "Notification jobs finished, by result and job type.",
            labels: ["result", "job_type"], source: "`notification_job_completed`"
        ),
        MetricSpec(
            "notification_job_wait_duration_ms", .histogram(buckets: jobBucketsMilliseconds),
            help: "Time jobs waited in the queue before running, in milliseconds.",
            labels: ["job_type"], source: "`wait_ms` of `notification_job_completed`"
        ),
        MetricSpec(
            "notification_job_duration_ms", .histogram(buckets: jobBucketsMilliseconds),
            help: "Processing time of jobs, excluding queue wait, in milliseconds.",
            labels: ["job_type"], source: "`duration_ms` of `notification_job_completed`"
        ),
        MetricSpec(
            "notification_job_failures_total", .counter, help: "Jobs that failed permanently, by reason and job type.",
            labels: ["reason", "job_type"], source: "`notification_job_completed` with result `failed`"
        ),
        MetricSpec(
            "notification_jobs_dropped_total", .counter, help: "Jobs discarded before execution, by reason.",
            labels: ["reason"], source: "`notification_job_completed` with result `dropped`"
        ),
    ]

    static let jobBucketsMilliseconds: [Double] = [10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000]
}
