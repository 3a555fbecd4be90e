import AlertDelivery
import Foundation
import PrometheusModel
import TestSupport
import Testing

private let link = "http://cw:9090/graph?g0.expr=depth+%3E+500&g0.tab=1"

/// A firing notification alert with the queue metadata annotations, and its resolution (without a
/// link or value, to cover the fields left out when empty).
private let firing = AlertNotice(
    status: .firing,
    labels: [
        "alertname": "NotificationQueueBacklog", "instance": "worker-1:9100", "job": "notifier", "severity": "warning", "team": "comms",
    ],
    annotations: [
        "summary": "Notification queue is backing up", "description": "Depth above 500 for 10m", "queue_depth": "612", "active_jobs": "3",
    ],
    startsAt: 1_700_000_000_123, generatorURL: link, value: 612)

private let resolved: AlertNotice = {
    var notice = firing
    notice.status = .resolved
    notice.endsAt = 1_700_000_600_000
    notice.generatorURL = ""
    notice.value = nil
    return notice
}()

/// The request's JSON body, decoded independently of the encoder that wrote it. Comparing Foundation
/// containers checks every key and value, and tells a number from a string.
private func body<Decoded>(_ request: OutgoingRequest, as: Decoded.Type = NSDictionary.self) throws -> Decoded {
    try #require(JSONSerialization.jsonObject(with: request.body) as? Decoded)
}

private func text(_ request: OutgoingRequest) -> String { String(decoding: request.body, as: UTF8.self) }

private func expectJSONPost(_ request: OutgoingRequest, to url: String) {
    #expect(request.method == "POST")
    #expect(request.url.absoluteString == url)
    #expect(request.headers == ["Content-Type": "application/json"])
}

struct GoTimeFormatTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (1_700_000_000_123, "2023-11-14T22:13:20.123Z"),
        (1_700_000_000_100, "2023-11-14T22:13:20.1Z"),
        (1_700_000_000_120, "2023-11-14T22:13:20.12Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (-86_400_000, "1969-12-31T00:00:00Z"),
    ])
    func millisecondsPrintAsGoMarshalsTime(milliseconds: Int64, expected: String) {
        #expect(GoTimeFormat.rfc3339(milliseconds: milliseconds) == expected)
    }

    @Test func nilIsGoZeroTime() {
        #expect(GoTimeFormat.rfc3339(milliseconds: nil) == "0001-01-01T00:00:00Z")
    }
}

struct FingerprintTests {
    @Test(arguments: [
        [String: String](),
        ["alertname": "NotificationQueueBacklog", "instance": "worker-1:9100", "job": "notifier"],
        ["alertname": "Wörk", "Z": "upper sorts first", "a_b": "q\"uote\\", "ä": "non-ASCII name sorts by UTF-8 bytes"],
    ])
    func matchesAlertmanagerFNV1a64(labels: [String: String]) throws {
        let script = """
            import json, sys
            labels = json.loads(sys.argv[1])
            h = 0xcbf29ce484222325
            for name in sorted(labels, key=lambda n: n.encode()):
                for b in name.encode() + b'\\xff' + labels[name].encode() + b'\\xff':
                    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
            print('%016x' % h)
            """
        let json = String(decoding: try JSONSerialization.data(withJSONObject: labels), as: UTF8.self)
        let oracle = try ExternalTool.run("python3", ["-c", script, json])
        #expect(oracle.status == 0, "\(oracle.stderr)")
        #expect(Fingerprint.hex(of: labels) == oracle.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(AlertNotice(status: .firing, labels: labels, startsAt: 0).fingerprint == Fingerprint.hex(of: labels))
    }
}

struct AlertmanagerPayloadTests {
    @Test func firingAndResolvedAlertsAsPrometheusPostsThem() throws {
        let request = AlertmanagerPayload.request([firing, resolved], alertmanager: URL(string: "http://am:9093")!)
        expectJSONPost(request, to: "http://am:9093/api/v2/alerts")
        let expected: NSArray = [
            [
                "labels": firing.labels, "annotations": firing.annotations,
                "startsAt": "2023-11-14T22:13:20.123Z", "generatorURL": link,
            ],
            [
                "labels": firing.labels, "annotations": firing.annotations,
                "startsAt": "2023-11-14T22:13:20.123Z", "endsAt": "2023-11-14T22:23:20Z",
            ],
        ]
        let decoded = try body(request, as: NSArray.self)
        #expect(decoded == expected)
        #expect(text(request).contains("\"generatorURL\":\"http://cw:9090/graph"), "slashes are not escaped")
    }

    @Test(arguments: [
        ("http://am:9093", "http://am:9093/api/v2/alerts"),
        ("http://am:9093/", "http://am:9093/api/v2/alerts"),
        ("http://am:9093/prefix", "http://am:9093/prefix/api/v2/alerts"),
        ("http://am:9093/prefix/", "http://am:9093/prefix/api/v2/alerts"),
    ])
    func pathIsAppendedToTheBaseURLsPath(base: String, expected: String) throws {
        let request = AlertmanagerPayload.request([firing], alertmanager: try #require(URL(string: base)))
        #expect(request.url.absoluteString == expected)
    }
}

struct WebhookPayloadTests {
    let context = RenderContext(externalURL: "http://cw:9090")
    let hook = URL(string: "http://hook/in")!

    @Test func version4WithCommonLabelsAndAnnotationsOfTwoAlerts() throws {
        var other = resolved
        other.labels["instance"] = "worker-2:9100"
        other.annotations["queue_depth"] = "540"
        let request = WebhookPayload.request([firing, other], url: hook, receiver: "ops", context: context)
        expectJSONPost(request, to: "http://hook/in")
        let expected: NSDictionary = [
            "version": "4", "groupKey": "{}:{alertname=\"NotificationQueueBacklog\"}", "truncatedAlerts": 0,
            "status": "firing", "receiver": "ops", "externalURL": "http://cw:9090",
            "groupLabels": ["alertname": "NotificationQueueBacklog"],
            "commonLabels": ["alertname": "NotificationQueueBacklog", "job": "notifier", "severity": "warning", "team": "comms"],
            "commonAnnotations": [
                "summary": "Notification queue is backing up", "description": "Depth above 500 for 10m", "active_jobs": "3",
            ],
            "alerts": [
                [
                    "status": "firing", "labels": firing.labels, "annotations": firing.annotations,
                    "startsAt": "2023-11-14T22:13:20.123Z", "endsAt": "0001-01-01T00:00:00Z", "generatorURL": link,
                    "fingerprint": firing.fingerprint,
                ],
                [
                    "status": "resolved", "labels": other.labels, "annotations": other.annotations,
                    "startsAt": "2023-11-14T22:13:20.123Z", "endsAt": "2023-11-14T22:23:20Z", "generatorURL": "",
                    "fingerprint": other.fingerprint,
                ],
            ],
        ]
        let decoded = try body(request)
        #expect(decoded == expected)
        #expect(firing.fingerprint != other.fingerprint)
    }

    @Test func resolvedGroupOfDifferentAlertsHasNoGroupLabels() throws {
        var other = resolved
        other.labels = ["alertname": "Other", "job": "notifier"]
        let decoded = try body(WebhookPayload.request([resolved, other], url: hook, receiver: "ops", context: context))
        #expect(decoded["status"] as? String == "resolved")
        #expect(decoded["groupKey"] as? String == "{}:{}")
        #expect(decoded["groupLabels"] as? NSDictionary == [:])
        #expect(decoded["commonLabels"] as? NSDictionary == ["job": "notifier"])
    }

    @Test func groupKeyQuotesLabelValuesAsGo() throws {
        var notice = firing
        notice.labels["alertname"] = "Say \"hi\" \\ bye\n\u{7}é\u{A0}🔥"
        let decoded = try body(WebhookPayload.request([notice], url: hook, receiver: "ops", context: context))
        #expect(decoded["groupKey"] as? String == #"{}:{alertname="Say \"hi\" \\ bye\n\aé\u00a0🔥"}"#)
    }
}

struct SlackPayloadTests {
    let webhook = URL(string: "https://hooks.slack.com/services/T0/B0/secret")!

    private func fields(_ pairs: KeyValuePairs<String, String>) -> NSArray {
        NSArray(array: pairs.map { ["title": $0.key, "value": $0.value, "short": true] as NSDictionary })
    }

    @Test func firingAttachmentCarriesLabelsAndQueueMetadataAsFields() throws {
        let request = SlackPayload.request(firing, webhookURL: webhook, channel: nil)
        expectJSONPost(request, to: webhook.absoluteString)
        let expected: NSDictionary = [
            "username": "commswatch",
            "text": "[FIRING] NotificationQueueBacklog: Notification queue is backing up",
            "attachments": [
                [
                    "color": "danger", "title": "[FIRING] NotificationQueueBacklog", "title_link": link,
                    "text": "Notification queue is backing up\nDepth above 500 for 10m\nValue: 612",
                    "fields": fields([
                        "instance": "worker-1:9100", "job": "notifier", "severity": "warning", "team": "comms",
                        "active_jobs": "3", "queue_depth": "612",
                    ]),
                    "footer": "commswatch", "ts": 1_700_000_000,
                ]
            ],
        ]
        let decoded = try body(request)
        #expect(decoded == expected)
        #expect(text(request).contains("\"short\":true"), "short is a JSON boolean")
    }

    @Test func resolvedAttachmentIsGreenAndDatedByItsEnd() throws {
        let request = SlackPayload.request(resolved, webhookURL: webhook, channel: "#oncall")
        let expected: NSDictionary = [
            "channel": "#oncall", "username": "commswatch",
            "text": "[RESOLVED] NotificationQueueBacklog: Notification queue is backing up",
            "attachments": [
                [
                    "color": "good", "title": "[RESOLVED] NotificationQueueBacklog",
                    "text": "Notification queue is backing up\nDepth above 500 for 10m",
                    "fields": fields([
                        "instance": "worker-1:9100", "job": "notifier", "severity": "warning", "team": "comms",
                        "active_jobs": "3", "queue_depth": "612",
                    ]),
                    "footer": "commswatch", "ts": 1_700_000_600,
                ]
            ],
        ]
        let decoded = try body(request)
        #expect(decoded == expected)
    }

    @Test func markupInTextIsEscaped() throws {
        let notice = AlertNotice(status: .firing, labels: ["alertname": "A", "x": "<!channel> & co"], annotations: [:], startsAt: 0)
        let decoded = try body(SlackPayload.request(notice, webhookURL: webhook, channel: nil))
        #expect(decoded["text"] as? String == "[FIRING] A: A")
        let attachment = try #require((decoded["attachments"] as? NSArray)?.firstObject as? NSDictionary)
        #expect(attachment["text"] as? String == "")
        #expect(attachment["fields"] as? NSArray == fields(["x": "&lt;!channel&gt; &amp; co"]))
    }
}

struct TelegramPayloadTests {
    let api = URL(string: "https://api.telegram.org")!

    @Test func firingMessageInHTMLToANumericChat() throws {
        let request = TelegramPayload.request(firing, botToken: "123456:ABC-def", chatID: "-1001234", apiURL: api)
        expectJSONPost(request, to: "https://api.telegram.org/bot123456:ABC-def/sendMessage")
        let expected: NSDictionary = [
            "chat_id": -1_001_234, "parse_mode": "HTML", "disable_web_page_preview": true,
            "text": """
                🔥 <b>[FIRING] NotificationQueueBacklog</b>
                Notification queue is backing up
                Depth above 500 for 10m
                Value: <code>612</code>
                <b>instance</b>: worker-1:9100
                <b>job</b>: notifier
                <b>severity</b>: warning
                <b>team</b>: comms
                <b>active_jobs</b>: 3
                <b>queue_depth</b>: 612
                <a href="http://cw:9090/graph?g0.expr=depth+%3E+500&amp;g0.tab=1">Source</a>
                """,
        ]
        let decoded = try body(request)
        #expect(decoded == expected)
        #expect(text(request).contains("\"chat_id\":-1001234"), "a numeric chat ID is a JSON number")
        #expect(text(request).contains("\"disable_web_page_preview\":true"))
    }

    @Test func resolvedMessageToAChannelName() throws {
        let request = TelegramPayload.request(resolved, botToken: "1:x", chatID: "@oncall", apiURL: api)
        let expected: NSDictionary = [
            "chat_id": "@oncall", "parse_mode": "HTML", "disable_web_page_preview": true,
            "text": """
                ✅ <b>[RESOLVED] NotificationQueueBacklog</b>
                Notification queue is backing up
                Depth above 500 for 10m
                <b>instance</b>: worker-1:9100
                <b>job</b>: notifier
                <b>severity</b>: warning
                <b>team</b>: comms
                <b>active_jobs</b>: 3
                <b>queue_depth</b>: 612
                """,
        ]
        let decoded = try body(request)
        #expect(decoded == expected)
    }

    @Test func everyUserStringIsEscaped() throws {
        let notice = AlertNotice(
            status: .firing, labels: ["alertname": "X<script>&", "<script>&": "<script>alert(1)</script>&amp;"],
            annotations: ["summary": "a < b & c > \"d\""], startsAt: 0, generatorURL: "http://x/?q=\"><script>&y=1")
        let decoded = try body(TelegramPayload.request(notice, botToken: "1:x", chatID: "1", apiURL: api))
        #expect(
            decoded["text"] as? String == """
                🔥 <b>[FIRING] X&lt;script&gt;&amp;</b>
                a &lt; b &amp; c &gt; &quot;d&quot;
                <b>&lt;script&gt;&amp;</b>: &lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;
                <a href="http://x/?q=&quot;&gt;&lt;script&gt;&amp;y=1">Source</a>
                """)
    }

    @Test func longMessagesAreCutToTelegramsLimit() throws {
        var notice = AlertNotice(status: .firing, labels: ["alertname": "Long"], startsAt: 0, generatorURL: "http://x")
        notice.annotations["description"] = String(repeating: "x", count: 5000)
        let decoded = try body(TelegramPayload.request(notice, botToken: "1:x", chatID: "1", apiURL: api))
        let header = "🔥 [FIRING] Long\n"
        let kept = 4096 - header.utf16.count - 1
        #expect(decoded["text"] as? String == "🔥 <b>[FIRING] Long</b>\n" + String(repeating: "x", count: kept) + "…")
    }
}

struct PagerDutyPayloadTests {
    let events = URL(string: "https://events.pagerduty.com/v2/enqueue")!

    @Test func triggerCarriesPayloadAndResolveOnlyTheKeys() throws {
        let trigger = PagerDutyPayload.request(firing, routingKey: "R0UTING", url: events)
        expectJSONPost(trigger, to: events.absoluteString)
        let dedupKey = "commswatch-" + firing.fingerprint
        let expectedTrigger: NSDictionary = [
            "routing_key": "R0UTING", "event_action": "trigger", "dedup_key": dedupKey,
            "client": "commswatch", "client_url": link,
            "payload": [
                "summary": "Notification queue is backing up", "source": "worker-1:9100", "severity": "warning",
                "timestamp": "2023-11-14T22:13:20.123Z", "class": "NotificationQueueBacklog", "group": "comms",
                "custom_details": ["labels": firing.labels, "annotations": firing.annotations, "value": "612"],
            ],
        ]
        let decodedTrigger = try body(trigger)
        #expect(decodedTrigger == expectedTrigger)

        let resolve = PagerDutyPayload.request(resolved, routingKey: "R0UTING", url: events)
        let expectedResolve: NSDictionary = ["routing_key": "R0UTING", "event_action": "resolve", "dedup_key": dedupKey]
        let decodedResolve = try body(resolve)
        #expect(decodedResolve == expectedResolve)
    }

    @Test func fallbacksForSummarySourceGroupAndLink() throws {
        let bare = AlertNotice(status: .firing, labels: ["alertname": "Bare", "job": "notifier"], startsAt: 0)
        let decoded = try body(PagerDutyPayload.request(bare, routingKey: "k", url: events))
        #expect(decoded["client_url"] == nil)
        let payload: NSDictionary = [
            "summary": "Bare", "source": "notifier", "severity": "error", "timestamp": "1970-01-01T00:00:00Z", "class": "Bare",
            "custom_details": ["labels": bare.labels, "annotations": [:] as NSDictionary],
        ]
        #expect(decoded["payload"] as? NSDictionary == payload)

        var unnamed = bare
        unnamed.labels = ["alertname": "Bare"]
        unnamed.annotations["summary"] = String(repeating: "s", count: 2000)
        let long = try body(PagerDutyPayload.request(unnamed, routingKey: "k", url: events))
        let longPayload = try #require(long["payload"] as? NSDictionary)
        #expect(longPayload["source"] as? String == "commswatch")
        #expect(longPayload["summary"] as? String == String(repeating: "s", count: 1023) + "…")
    }

    @Test(arguments: [
        ("sev1", "critical"), ("CRITICAL", "critical"), ("sev2", "error"), ("error", "error"), ("sev3", "warning"),
        ("warning", "warning"), ("info", "info"), ("page", "error"),
    ])
    func severityLabelMapsToPagerDutys(label: String, expected: String) throws {
        let notice = AlertNotice(status: .firing, labels: ["alertname": "A", "severity": label], startsAt: 0)
        let decoded = try body(PagerDutyPayload.request(notice, routingKey: "k", url: events))
        #expect((decoded["payload"] as? NSDictionary)?["severity"] as? String == expected)
    }
}
