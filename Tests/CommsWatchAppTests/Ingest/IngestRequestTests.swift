import CommsWatchApp
import Foundation
import Gzip
import TestSupport
import Testing

/// Batches, duplicates, bad items, body encodings and the errors a sender sees.
struct IngestRequestTests {
    @Test func aBatchMixingValidDuplicateAndInvalidItemsReportsEachAndAppliesOnlyTheValid() throws {
        let running = try RunningService()
        let first = """
            {"event": "chat_message_sent", "event_id": "e-1", "properties": {"message_id": "m-1", "thread_id": "t", "sender_role": "client", "message_kind": "text"}}
            """
        #expect(try running.post(json: first).status == 202)
        let batch = """
            [
              {"event": "chat_message_sent", "event_id": "e-1", "properties": {"message_id": "m-1", "thread_id": "t", "sender_role": "client", "message_kind": "text"}},
              {"event": "chat_message_sent", "properties": {"message_id": "m-2", "thread_id": "t", "sender_role": "client", "message_kind": "text"}},
              {"event": "chat_message_sent", "properties": {"message_id": "m-3", "thread_id": "t", "sender_role": "client", "message_kind": "voice"}},
              {"event": "chat_message_sent", "properties": {"message_id": "m-4", "sender_role": "client", "message_kind": "text"}},
              {"event": "chat_message_sent", "properties": {"message_id": "m-2", "thread_id": "t", "sender_role": "client", "message_kind": "text"}},
              {"event": "no_such_event", "properties": {}},
              {"event": "notification_queue_sampled", "properties": {"queue_depth": "deep"}},
              "not an object"
            ]
            """
        let response = try running.post(json: batch)
        #expect(response.status == 202)
        #expect(
            response.bodyText == """
                {"accepted":1,"duplicates":2,"rejected":[\
                {"index":2,"code":"value_not_allowed","message":"property message_kind must be one of text, system, file, got \\"voice\\""},\
                {"index":3,"code":"missing_property","message":"chat_message_sent needs property \\"thread_id\\""},\
                {"index":5,"code":"unknown_event","message":"unknown event \\"no_such_event\\""},\
                {"index":6,"code":"wrong_type","message":"property queue_depth must be a number"},\
                {"index":7,"code":"not_an_object","message":"an event must be a JSON object"}]}

                """
        )
        let s = try running.samples()
        #expect(s["chat_messages_published_total{sender_role=\"client\",message_kind=\"text\"}"] == 2)
        #expect(s["chat_messages_published_total{sender_role=\"client\",message_kind=\"voice\"}"] == nil)
        #expect(s["notification_queue_depth"] == 0)
        #expect(s["commswatch_events_duplicate_total{event=\"chat_message_sent\"}"] == 2)
        #expect(s["commswatch_events_rejected_total{reason=\"unknown_event\"}"] == 1)
        #expect(s["commswatch_events_rejected_total{reason=\"missing_property\"}"] == 1)
    }

    @Test(arguments: [
        ("{\"event\":\"contract_closed\",\"properties\":{\"contract_id\":\"c\",\"had_dispute\":\"yes\"}}", "wrong_type"),
        ("{\"event\":\"dispute_nps_submitted\",\"properties\":{\"dispute_id\":\"d\",\"score\":11,\"role\":\"client\"}}", "value_out_of_range"),
        ("{\"event\":\"dispute_nps_submitted\",\"properties\":{\"dispute_id\":\"d\",\"score\":7.5,\"role\":\"client\"}}", "wrong_type"),
        ("{\"event\":\"contract_closed\",\"properties\":{\"contract_id\":\"\(String(repeating: "x", count: 257))\"}}", "value_too_long"),
        ("{\"event\":\"contract_closed\",\"timestamp\":\"2999-01-01T00:00:00Z\",\"properties\":{\"contract_id\":\"c\"}}", "timestamp_in_future"),
        ("{\"event\":\"contract_closed\",\"timestamp\":\"yesterday\",\"properties\":{\"contract_id\":\"c\"}}", "invalid_timestamp"),
        ("{\"event\":\"contract_closed\",\"properties\":{}}", "missing_property"),
        ("{\"properties\":{\"contract_id\":\"c\"}}", "missing_event_name"),
        ("{\"event\":\"contract_closed\",\"event_id\":{\"nested\":1},\"properties\":{\"contract_id\":\"c\"}}", "invalid_event_id"),
    ])
    func aSingleInvalidEventGets422WithItsCodeAndChangesNothing(body: String, code: String) throws {
        let running = try RunningService()
        let response = try running.post(json: body)
        #expect(response.status == 422)
        #expect(response.bodyText.contains("\"code\":\"\(code)\""), "\(response.bodyText)")
        let s = try running.samples()
        #expect(s.series(of: "contracts_closed_total").isEmpty)
        #expect(s.series(of: "dispute_nps_score").isEmpty)
        #expect(s["commswatch_events_rejected_total{reason=\"\(code)\"}"] == 1)
    }

    @Test func duplicatesOfNaturalIdsChangeNothing() throws {
        let running = try RunningService()
        let event = "{\"event\":\"notification_delivered\",\"properties\":{\"notification_id\":\"n-1\",\"channel\":\"email\"}}"
        #expect(try running.post(json: event).bodyText == "{\"accepted\":1,\"duplicates\":0,\"rejected\":[]}\n")
        #expect(try running.post(json: event).bodyText == "{\"accepted\":0,\"duplicates\":1,\"rejected\":[]}\n")
        #expect(try running.samples()["notification_delivered_total{channel=\"email\"}"] == 1)
    }

    @Test func gzipAndNDJSONBodies() throws {
        let running = try RunningService()
        let lines = (1...3).map {
            "{\"event\":\"notification_delivered\",\"properties\":{\"notification_id\":\"n-\($0)\",\"channel\":\"push\"}}"
        }
        let ndjson = lines[0] + "\r\n\n" + lines[1] + "\n{broken\n" + lines[2]
        let response = try running.post(
            "/api/events", Gzip.compress(Array(ndjson.utf8)), contentType: "application/x-ndjson",
            headers: ["Content-Encoding": "gzip"]
        )
        #expect(response.status == 202)
        #expect(response.bodyText.hasPrefix("{\"accepted\":3,\"duplicates\":0,\"rejected\":[{\"index\":2,\"code\":\"invalid_json\",\"message\":\"line 4: "))
        #expect(try running.samples()["notification_delivered_total{channel=\"push\"}"] == 3)
    }

    @Test func aGzipBombIs413AndChangesNothing() throws {
        let running = try RunningService()
        var event = Array("{\"event\":\"contract_closed\",\"properties\":{\"contract_id\":\"c\"},\"pad\":\"".utf8)
        event += [UInt8](repeating: UInt8(ascii: " "), count: 2 << 20) + Array("\"}".utf8)
        let bomb = Gzip.compress(event, level: 9)
        #expect(bomb.count < 64 * 1024)
        let response = try running.post("/api/events", bomb, headers: ["Content-Encoding": "gzip"])
        #expect(response.status == 413)
        #expect(try running.samples().series(of: "contracts_closed_total").isEmpty)
    }

    @Test func wholeRequestProblemsGet400Or415() throws {
        let running = try RunningService()
        let malformed = try running.post(json: "{\"event\": \"contract_closed\",")
        #expect(malformed.status == 400)
        #expect(malformed.bodyText.contains("\"code\":\"invalid_json\""))
        #expect(try running.post("/api/events", [], contentType: "application/json").status == 400)
        let form = try running.post("/api/events", Array("a=b".utf8), contentType: "application/x-www-form-urlencoded")
        #expect(form.status == 415)
        let brotli = try running.post("/api/events", Array("{}".utf8), headers: ["Content-Encoding": "br"])
        #expect(brotli.status == 415)
        #expect(try running.post("/api/events", Array("\u{1F}\u{8B}junk".utf8)).status == 400)
    }

    @Test func ingestTokensAreRequiredWhenConfigured() throws {
        let running = try RunningService { $0.ingestTokens = ["s3cret", "other"] }
        let event = "{\"event\":\"contract_closed\",\"properties\":{\"contract_id\":\"c\"}}"
        let anonymous = try running.post(json: event)
        #expect(anonymous.status == 401)
        #expect(anonymous.header("WWW-Authenticate") == "Bearer")
        #expect(try running.post(json: event, headers: ["Authorization": "Bearer wrong"]).status == 401)
        #expect(try running.samples().series(of: "contracts_closed_total").isEmpty)
        #expect(try running.post(json: event, headers: ["Authorization": "Bearer s3cret"]).status == 202)
        #expect(try running.samples()["contracts_closed_total{had_dispute=\"false\"}"] == 1)
    }

    @Test func metricsTokenGuardsScrapesWhenConfigured() throws {
        let running = try RunningService { $0.metricsToken = "scrape-me" }
        let anonymous = try running.curl(["--write-out", "%{http_code}", "--output", "/dev/null", "\(running.baseURL)/api/metrics/prometheus"])
        #expect(anonymous.stdout == "401")
        let authorized = try running.curl(["-H", "Authorization: Bearer scrape-me", "\(running.baseURL)/api/metrics/prometheus"])
        #expect(authorized.stdout.contains("# TYPE process_open_fds gauge"))
    }
}
