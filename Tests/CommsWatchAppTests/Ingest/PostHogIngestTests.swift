import CommsWatchApp
import Foundation
import Gzip
import TestSupport
import Testing

/// PostHog capture payloads: what an existing PostHog SDK sends, accepted unchanged.
struct PostHogIngestTests {
    @Test func batchPayloadIsAcceptedLikePostHogDoes() throws {
        let running = try RunningService()
        let payload = """
            {"api_key": "phc_x", "historical_migration": false, "batch": [
              {"event": "notification_delivered", "uuid": "0192f3a4-0000-7000-8000-000000000001", "timestamp": "2026-11-23T08:21:56.737526+00:00",
               "properties": {"distinct_id": "user-1", "notification_id": "n-1", "channel": "email", "$lib": "posthog-python", "$lib_version": "7.91.1"}},
              {"event": "notification_delivered", "uuid": "0192f3a4-0000-7000-8000-000000000001", "distinct_id": "user-1",
               "properties": {"notification_id": "n-1", "channel": "email"}},
              {"event": "$pageview", "properties": {"distinct_id": "user-1"}}
            ]}
            """
        for path in ["/batch/", "/batch"] {
            let response = try running.post(path, Array(payload.utf8))
            #expect(response.status == 200)
            #expect(response.bodyText == "{\"status\":1}")
        }
        let s = try running.samples()
        #expect(s["notification_delivered_total{channel=\"email\"}"] == 1, "the uuid is the idempotency key")
        #expect(s["commswatch_events_duplicate_total{event=\"notification_delivered\"}"] == 3)
        #expect(s["commswatch_events_rejected_total{reason=\"unknown_event\"}"] == 2)
    }

    @Test func singleEventEndpointsAndGzipByQuery() throws {
        let running = try RunningService()
        for (index, path) in ["/capture/", "/e/", "/i/v0/e/"].enumerated() {
            let event = """
                {"api_key": "phc_x", "event": "contract_started", "distinct_id": "u", "properties": {"contract_id": "c-\(index)", "from_chat": true}}
                """
            let compressed = index == 2
            let response = try running.post(
                compressed ? path + "?compression=gzip-js&ver=1.0" : path,
                compressed ? Gzip.compress(Array(event.utf8)) : Array(event.utf8), contentType: "text/plain"
            )
            #expect(response.status == 200, "\(path): \(response.bodyText)")
        }
        #expect(try running.samples()["contracts_started_total{from_chat=\"true\"}"] == 3)
        #expect(try running.post("/batch/", Array("{\"batch\": 3}".utf8)).status == 400)
        #expect(try running.post("/batch/", Array("not json".utf8)).status == 400)
    }

    @Test func apiKeyMustMatchAnIngestTokenWhenConfigured() throws {
        let running = try RunningService { $0.ingestTokens = ["phc_good"] }
        let payload = { (key: String) in
            Array("{\"api_key\": \"\(key)\", \"batch\": [{\"event\": \"contract_closed\", \"properties\": {\"contract_id\": \"c\"}}]}".utf8)
        }
        #expect(try running.post("/batch/", payload("phc_bad")).status == 401)
        #expect(try running.samples().series(of: "contracts_closed_total").isEmpty)
        #expect(try running.post("/batch/", payload("phc_good")).status == 200)
        #expect(try running.samples()["contracts_closed_total{had_dispute=\"false\"}"] == 1)
    }

    /// PostHog's own Python SDK (pip package `posthog`), gzip on, pointed at commswatch.
    @Test(.timeLimit(.minutes(5)))
    func postHogPythonSDKDeliversWithGzip() throws {
        let running = try RunningService()
        let script = """
            import sys, posthog
            errors = []
            client = posthog.Posthog("phc_project", host=sys.argv[1], gzip=True, sync_mode=True, max_retries=0,
                                     on_error=lambda error, batch: errors.append(repr(error)))
            client.capture("chat_message_sent", distinct_id="user-42", uuid="0192f3a4-0000-7000-8000-00000000000a",
                           properties={"message_id": "m-1", "thread_id": "t-1", "sender_role": "client", "message_kind": "text"})
            client.capture("chat_message_sent", distinct_id="user-42",
                           properties={"message_id": "m-2", "thread_id": "t-1", "sender_role": "freelancer",
                                       "message_kind": "text", "first_response": True, "reply_latency_sec": 75.5})
            client.capture("dispute_nps_submitted", distinct_id="user-7", properties={"dispute_id": "d-1", "score": 10, "role": "client"})
            client.flush()
            client.shutdown()
            print("errors:", errors)
            """
        guard ExternalTool.find("python3") != nil else { throw MissingTool(name: "python3") }
        let check = try ExternalTool.run("python3", ["-c", "import posthog"])
        try #require(check.status == 0, "the posthog package is not installed; run .ci/install-deps")
        let result = try ExternalTool.run("python3", ["-c", script, running.baseURL])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("errors: []"), "\(result.stdout) \(result.stderr)")
        let s = try running.samples()
        #expect(s["chat_messages_published_total{sender_role=\"client\",message_kind=\"text\"}"] == 1)
        #expect(s["chat_messages_published_total{sender_role=\"freelancer\",message_kind=\"text\"}"] == 1)
        #expect(s["chat_first_reply_latency_seconds_sum{sender_role=\"freelancer\"}"] == 75.5)
        #expect(s["dispute_nps_score_bucket{role=\"client\",le=\"10\"}"] == 1)
        #expect(s["commswatch_http_requests_total{route=\"/batch/\",method=\"POST\",code=\"200\"}"] != nil)
    }
}
